package io.loomotp.metrics.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.metrics.LoomOtpMetrics;
import io.loomotp.metrics.NodeDownAlarms;
import io.loomotp.metrics.NodeSampler;
import io.loomotp.metrics.Threshold;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.event.EventHandler;
import io.loomotp.runtime.event.EventManager;
import io.loomotp.testkit.cluster.TestCluster;
import io.loomotp.testkit.cluster.TestNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a clustered node on a real cluster: node "a" in this JVM, node "b" in another (testkit-cluster's
 * {@link TestCluster}, on loopback). {@link NodeDownAlarms} raises {@code {node_down, b}} when b's JVM is killed
 * ({@code kill -9}) and clears it when b is started again; {@link LoomOtpMetrics} meters the traffic with b and
 * whether it is connected. The sampler is ticked by the test once the cluster's own event (b seen up, b seen down) has
 * happened, so each tick sees a state the test knows. Each case leaves b running.
 */
class ClusterMetricsTest {
    private static final Threshold.AlarmId B_DOWN = NodeDownAlarms.alarmId("b");
    private static TestCluster tc;
    private NodeSampler sampler;
    private SimpleMeterRegistry registry;
    private LoomOtpMetrics metrics;

    @BeforeAll
    static void startCluster() {
        tc = TestCluster.start("a", config -> config);
        Alarms.start(tc.node());
        tc.startNode("b", RemoteNodeMain.class);
    }

    @AfterAll
    static void stopCluster() {
        if (tc != null) {
            tc.close();
        }
    }

    @BeforeEach
    void bind() {
        sampler = NodeSampler.create(tc.node());
        registry = new SimpleMeterRegistry();
        metrics = LoomOtpMetrics.builder(sampler).build();
        metrics.bindTo(registry);
    }

    @AfterEach
    void unbind() {
        metrics.close();
        sampler.close();
    }

    /** Completes when the alarm of one id is set, then when it is cleared: the alarm handler's events. */
    private static final class AlarmWatch implements EventHandler {
        final CompletableFuture<Alarm> set = new CompletableFuture<>();
        final CompletableFuture<Void> cleared = new CompletableFuture<>();

        @Override
        public void handleEvent(Object event) {
            switch (event) {
                case Alarm.Set s when s.alarm().id().equals(B_DOWN) -> set.complete(s.alarm());
                case Alarm.Clear c when c.id().equals(B_DOWN) && set.isDone() -> cleared.complete(null);
                default -> { }
            }
        }
    }

    private double count(String name) {
        return registry.get(name).tag("peer", "b").functionCounter().count();
    }

    private double connected() {
        return registry.get("loomotp.dist.connected").tag("peer", "b").gauge().value();
    }

    @Test
    void install_aKilledNodeRaisesNodeDown_andItsReturnClearsIt() throws Exception {
        // given: a's alarm handler, watched, and b connected to a, seen by one tick
        AlarmWatch watch = new AlarmWatch();
        EventManager.addHandler(tc.node().whereis(Alarms.NAME), watch);
        NodeDownAlarms alarms = NodeDownAlarms.install(sampler);
        alarms.bindTo(registry);
        sampler.tick();
        assertThat(alarms.down()).isEmpty();
        assertThat(connected()).isEqualTo(1);
        double framesIn = count("loomotp.dist.frames.in");

        // when: b's JVM is killed, and a sees it down
        tc.nodes().stream().filter(n -> n.name().equals("b") && n.isAlive()).findFirst().orElseThrow().kill();
        tc.awaitNodeDown("b");
        sampler.tick();

        // then: {node_down, b} is raised through alarm_handler, and b's meters say it is down
        Alarm raised = watch.set.get(TestNode.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(raised.description().toString()).contains("node b is no longer connected to a");
        assertThat(alarms.down()).containsExactly("b");
        assertThat(Alarms.get(tc.node())).extracting(Alarm::id).containsExactly(B_DOWN);
        assertThat(registry.get("loomotp.nodes.down").gauge().value()).isEqualTo(1);
        assertThat(connected()).isZero();
        assertThat(count("loomotp.dist.frames.in")).as("counts never go down").isGreaterThanOrEqualTo(framesIn);

        // when: b comes back (a new JVM, a new incarnation of the node named b)
        tc.startNode("b", RemoteNodeMain.class);
        sampler.tick();

        // then: the alarm is cleared, and b's meters (the same ones: one tag value per name) say it is up
        watch.cleared.get(TestNode.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(alarms.down()).isEmpty();
        assertThat(Alarms.get(tc.node())).isEmpty();
        assertThat(connected()).isEqualTo(1);
        assertThat(registry.find("loomotp.dist.connected").meters()).hasSize(1);
        alarms.close();
        EventManager.deleteHandler(tc.node().whereis(Alarms.NAME),
                io.loomotp.runtime.event.HandlerId.of(AlarmWatch.class), null);
    }

    @Test
    void bindTo_metersTheFramesAndBytesExchangedWithEachNode_oneTagValuePerNode() throws Exception {
        // given: a process of a that takes ten echoes, and an echo process spawned on b that answers it
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        Pid receiver = tc.node().spawn(() -> {
            for (int i = 0; i < 10; i++) {
                Process.receive();
            }
            echoed.complete(null);
        });
        sampler.tick();
        double framesOut = count("loomotp.dist.frames.out");
        double framesIn = count("loomotp.dist.frames.in");
        double bytesOut = count("loomotp.dist.bytes.out");
        double bytesIn = count("loomotp.dist.bytes.in");

        // when: the spawn, then ten messages there and ten back
        Pid echo = tc.cluster().spawn("b", "echo", receiver);
        for (int i = 0; i < 10; i++) {
            tc.node().send(echo, "ping-" + i);
        }
        echoed.get(TestNode.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        sampler.tick();

        // then: at least the spawn and the ten messages each way, each at least a byte (the cluster's own traffic,
        // global and pg, may add some: at least, not exactly)
        assertThat(count("loomotp.dist.frames.out") - framesOut).isGreaterThanOrEqualTo(11);
        assertThat(count("loomotp.dist.frames.in") - framesIn).isGreaterThanOrEqualTo(11);
        assertThat(count("loomotp.dist.bytes.out") - bytesOut).isGreaterThanOrEqualTo(11 * "ping-0".length());
        assertThat(count("loomotp.dist.bytes.in") - bytesIn).isGreaterThanOrEqualTo(11 * "ping-0".length());
        // one tag value per other node: b, and nothing for a itself
        assertThat(registry.find("loomotp.dist.frames.out").meters()).extracting(m -> m.getId().getTag("peer"))
                .containsExactly("b");
        assertThat(registry.find("loomotp.dist.frames.out").meters()).allMatch(m -> m instanceof FunctionCounter);
        assertThat(registry.get("loomotp.dist.peers.untracked").gauge().value()).isZero();
    }
}
