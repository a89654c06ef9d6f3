package io.loomotp.observer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.cluster.Cluster;
import io.loomotp.observer.Counter;
import io.loomotp.observer.CounterRef;
import io.loomotp.observer.LoopbackPair;
import io.loomotp.observer.Observer;
import io.loomotp.observer.ObserverOptions;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.sys.SysCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service {@value NodeLink#SERVICE} between two nodes of one cluster in this JVM (JGroups on loopback), and its
 * bad input: a node that is not in the cluster, a pid of no live process, a pid that is no pid, a question it does not
 * offer, a trace asked of it, a node that does not answer in time; and a trace of n2's process from n1's observer ends
 * on n2 when that observer closes. n2 answers with the routes of an observer of its
 * own ({@link Routes#answer}), as a node running {@code Observer.start} does.
 */
class NodeLinkTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    private static Node n1;
    private static Node n2;
    private static Cluster c1;
    private static Cluster c2;
    private static Routes routes2;
    private static NodeLink served;
    /** What n2's service answers with: its routes, or what a test puts in their place. */
    private static volatile NodeLink.Local answering;
    private static NodeLink link;
    private static Pid onlyThere;

    @BeforeAll
    static void join() {
        LoopbackPair pair = LoopbackPair.of("loomotp-observer-link", "observer-link-secret", Duration.ofSeconds(1));
        n1 = Node.create("n1");
        n2 = Node.create("n2");
        c1 = Cluster.join(n1, pair.first());
        c2 = Cluster.join(n2, pair.second());
        routes2 = Routes.create(n2, ObserverOptions.defaults());
        answering = routes2::answer;
        served = new NodeLink(n2, (m, p, q) -> answering.answer(m, p, q), NodeLink.TIMEOUT); // replaces routes2's
        link = new NodeLink(n1, (m, p, q) -> Answer.text(500, "n1 is not asked here"), Duration.ofMillis(500));
        until(() -> c1.nodes().contains("n2") && c2.nodes().contains("n1"), "n1 and n2 to see each other");
        onlyThere = n2.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(5)));
        n2.register("only_on_n2", onlyThere);
    }

    @AfterAll
    static void leave() {
        for (AutoCloseable c : new AutoCloseable[] {link, served, routes2, c2, c1, n2, n1}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void ask_processesOfTheOtherNode_isItsOwnTable() {
        Answer a = link.ask("n2", "GET", "/api/processes", Map.of("filter", "only_on_n2", "node", "n2"));

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo(Answer.JSON);
        assertThat(a.body()).startsWith("{\"total\":1,").contains("\"name\":\"only_on_n2\"");
    }

    @Test
    void ask_aNodeNotInTheCluster_is502NamingTheConnectedNodes() {
        Answer a = link.ask("n9", "GET", "/api/node", Map.of());

        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body()).isEqualTo("node n9 is not in the cluster of n1 (connected: n2)\n");
    }

    @Test
    void ask_aPidOfNoLiveProcess_is404() {
        Pid dead = n2.spawn(() -> {});
        until(() -> !n2.isAlive(dead), "the process to end");

        Answer a = link.ask("n2", "GET", "/api/process", Map.of("pid", dead.toString()));

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).contains("node n2: no process " + dead); // once, not "no process ... : no process"
    }

    @Test
    void remote_aPidOfNoLiveProcess_isNoProcessException_andALiveOneIsItsPidHere() {
        Pid dead = n2.spawn(() -> {});
        until(() -> !n2.isAlive(dead), "the process to end");

        assertThatThrownBy(() -> link.remote("n2", dead.toString())).isInstanceOf(NoProcessException.class)
                .hasMessageContaining("node n2 has no such live process");
        NodeLink.Remote r = link.remote("n2", onlyThere.toString());
        assertThat(r.pid().serial()).isEqualTo(onlyThere.serial());
        assertThat(r.label("n2")).isEqualTo("only_on_n2 " + onlyThere + " of n2");
    }

    @Test
    void ask_aPidThatIsNoPid_is400() {
        Answer a = link.ask("n2", "GET", "/api/process", Map.of("pid", "frequency"));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).startsWith("not a pid: 'frequency'");
    }

    @Test
    void serve_aQuestionNotOffered_orATrace_is400() {
        Answer traces = link.ask("n2", "GET", "/api/traces", Map.of());
        Answer trace = link.ask("n2", "POST", "/api/process/action", Map.of("pid", onlyThere.toString(),
                "action", "trace-on", "count", "5"));
        Answer odd = Answer.decode(NodeLink.serve((m, p, q) -> Answer.text(500, "not reached"), List.of("GET")));

        assertThat(traces.status()).isEqualTo(400);
        assertThat(traces.body()).startsWith("GET /api/traces is not offered to other nodes: GET /api/apps, ");
        assertThat(trace.status()).isEqualTo(400);
        assertThat(trace.body()).isEqualTo("trace-on runs on the asking node, which keeps the trace's lines\n");
        assertThat(odd.status()).isEqualTo(400);
        assertThat(odd.body()).contains("not 1 words");
    }

    @Test
    void ask_aNodeThatDoesNotAnswerInTime_is504() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        answering = (m, p, q) -> {
            asked.countDown();
            try {
                release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.text(200, "late");
        };
        try {
            Answer a = link.ask("n2", "GET", "/api/node", Map.of());

            assertThat(asked.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(a.status()).isEqualTo(504);
            assertThat(a.body()).isEqualTo("node n2 did not answer within 500 ms\n");
        } finally {
            answering = routes2::answer;
            release.countDown();
        }
    }

    @Test
    void traceOfAProcessOfTheOtherNode_isSwitchedOffThere_whenThePagesObserverCloses() throws Exception {
        // given: a behaviour on n2, traced from n1's observer
        CounterRef counter = CounterRef.start(n2, Counter::new);
        try {
            Observer o1 = Observer.start(n1);
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI url = o1.url();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + url.getHost() + ":"
                                + url.getPort() + "/api/process/action?node=n2&action=trace-on&count=1000&pid="
                                + counter.pid().toString().replace("<", "%3C").replace(">", "%3E")))
                        .header("X-Observer-Token", url.getQuery().substring("token=".length()))
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{\"result\":\"tracing " + js(counter.pid().toString())
                        + " of n2 (limit: 1000 lines)\"}");
                assertThat(SysCalls.getStatus(counter.pid(), BOUND).debug()).contains("trace");
            } finally {
                // when
                o1.close();
            }

            // then: n2's process is traced no more
            until(() -> !SysCalls.getStatus(counter.pid(), BOUND).debug().contains("trace"),
                    "the trace on n2 to be switched off");
        } finally {
            counter.stop();
        }
    }

    private static String js(String s) {
        return s.replace("<", "\\u003c").replace(">", "\\u003e");
    }

    @Test
    void isOther_onANodeInNoCluster_refusesAnotherNode() {
        try (Node alone = Node.create("alone");
             NodeLink l = new NodeLink(alone, (m, p, q) -> Answer.text(500, "-"), NodeLink.TIMEOUT)) {
            assertThat(l.isOther(null)).isFalse();
            assertThat(l.isOther("alone")).isFalse();
            assertThatThrownBy(() -> l.isOther("n2")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("node alone is in no cluster: it cannot show node n2");
        }
    }

    @Test
    void decode_ofTextThatIsNoAnswer_saysSo() {
        assertThatThrownBy(() -> Answer.decode("hello")).isInstanceOf(IllegalStateException.class)
                .hasMessage("not an observer's answer: hello");
        assertThat(Answer.decode(Answer.json(Map.of("a", 1)).encode())).isEqualTo(Answer.json(Map.of("a", 1)));
    }

    private static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + BOUND.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
