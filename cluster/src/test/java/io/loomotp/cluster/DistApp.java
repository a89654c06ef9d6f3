package io.loomotp.cluster;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Config;
import io.loomotp.runtime.application.StartType;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import java.time.Duration;

/**
 * The distributed application of the multi-node tests, as OTP's application_SUITE's {@code app1}: a top supervisor
 * over one {@link Kv} registered under the application's name. It reports each start, with its start type, and each
 * stop to an observer process (OTP's suite counts start types in its {@code st_type} process the same way).
 */
final class DistApp implements Application {
    private final String name;
    private final Node node;
    private final Pid observer;

    DistApp(String name, Node node, Pid observer) {
        this.name = name;
        this.node = node;
        this.observer = observer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Pid start(StartType type, Config config) {
        Pid top = Supervisor.startLink(() -> SupervisorSpec.of(
                new SupervisorFlags(Strategy.ONE_FOR_ONE, 1, Duration.ofHours(1)),
                ChildSpec.worker(name, () -> KvRef.startLink(Kv::new, StartOptions.defaults().withName(name)).pid())));
        Process.send(observer, new Wire.AppEvent(node.name(), name, type.toString()));
        return top;
    }

    @Override
    public void stop() {
        node.send(observer, new Wire.AppEvent(node.name(), name, "stopped"));
    }
}
