package io.loomotp.observer;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Config;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A live node for the observer's tests: an application {@code counters} whose top supervisor {@code top} has a
 * counter server {@code counter} and a sub-supervisor {@code workers} with two more counters (a restart intensity of
 * 100 in 5 s, as the tests restart the counter often); a supervisor {@code loose} outside any application; the alarm
 * handler, and the observer on it.
 */
final class ObservedNode implements AutoCloseable {
    final Node node;
    final Observer observer;
    /** A client for the observer's HTTP API, its base address ({@code http://127.0.0.1:PORT}) and its token. */
    final java.net.http.HttpClient http;
    final String base;
    final String token;
    private final List<Pid> parked = new ArrayList<>();

    ObservedNode(String name) {
        node = Node.create(name);
        node.logReports(false);
        Alarms.start(node);
        // the tests kill and crash the counter several times within OTP's default 1 restart in 5 s
        node.start(new Application() {
            @Override
            public String name() {
                return "counters";
            }

            @Override
            public Pid start(Config config) {
                return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.of(Strategy.ONE_FOR_ONE)
                                .withIntensity(100, Duration.ofSeconds(5)),
                        ChildSpec.worker("counter", () -> CounterRef.startLink(Counter::new,
                                StartOptions.defaults().withName("counter")).pid()),
                        ChildSpec.supervisor("workers", () -> Supervisor.startLink(() -> SupervisorSpec.of(
                                SupervisorFlags.of(Strategy.ONE_FOR_ALL),
                                ChildSpec.worker("left", () -> CounterRef.startLink(Counter::new).pid()),
                                ChildSpec.worker("right", () -> CounterRef.startLink(Counter::new).pid()))))),
                        StartOptions.defaults().withName("top"));
            }
        });
        // and a tree that belongs to no application
        Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.of(Strategy.ONE_FOR_ONE),
                ChildSpec.worker("spare", () -> CounterRef.startLink(Counter::new).pid())),
                StartOptions.defaults().withName("loose"));
        observer = Observer.start(node, ObserverOptions.defaults().withSampleInterval(Duration.ofMillis(250)));
        http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        java.net.URI url = observer.url();
        base = "http://" + url.getHost() + ":" + url.getPort();
        token = url.getQuery().substring("token=".length());
    }

    /** The counter's pid now (it changes when the supervisor restarts it). */
    Pid counter() {
        return node.whereis("counter");
    }

    /** A plain process that never takes a message, with {@code n} messages waiting in its mailbox. */
    Pid parkedWithMailbox(int n) {
        Pid p = node.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(10)));
        for (int i = 0; i < n; i++) {
            node.send(p, "message " + i);
        }
        parked.add(p);
        return p;
    }

    @Override
    public void close() {
        http.close();
        observer.close();
        node.close();
    }
}
