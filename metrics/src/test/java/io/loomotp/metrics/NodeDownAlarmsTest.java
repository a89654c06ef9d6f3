package io.loomotp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.testing.NodeExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The "remote node down" alarm against the membership it watched: raised when a connected node goes, cleared when it
 * comes back. The membership is the test's (what the cluster module reports through {@code ClusterNodes}); the wiring
 * to {@code ClusterNodes} itself is checked on a node in no cluster.
 */
@ExtendWith(NodeExtension.class)
class NodeDownAlarmsTest {
    private final Set<String> connected = new CopyOnWriteArraySet<>();
    private NodeSampler sampler;

    @AfterEach
    void tearDown() {
        if (sampler != null) {
            sampler.close();
        }
    }

    private List<Object> alarmIds(Node node) {
        return Alarms.get(node).stream().map(Alarm::id).toList();
    }

    @Test
    void nodeDown_raisesOnLossAndClearsOnReturn_throughTheAlarmHandler(Node node) {
        Alarms.start(node);
        sampler = NodeSampler.create(node, new ManualClock(), new Fixtures.Heap());
        connected.addAll(List.of("n2", "n3"));
        NodeDownAlarms alarms = NodeDownAlarms.install(sampler, () -> connected);
        MeterRegistry registry = new SimpleMeterRegistry();
        alarms.bindTo(registry);
        assertThat(alarms.down()).isEmpty();

        // when: n2 is lost (NodeDown)
        connected.remove("n2");
        sampler.tick();
        // then: its alarm is raised, once, and n3's is not
        assertThat(alarms.down()).containsExactly("n2");
        assertThat(alarmIds(node)).containsExactly(NodeDownAlarms.alarmId("n2"));
        assertThat(Alarms.get(node).getFirst().description().toString()).contains("node n2 is no longer connected");
        assertThat(registry.get("loomotp.nodes.down").gauge().value()).isEqualTo(1);
        sampler.tick();
        assertThat(alarmIds(node)).hasSize(1);

        // when: n2 is back (NodeUp), and a node never seen before joins and leaves
        connected.add("n2");
        connected.add("n4");
        sampler.tick();
        assertThat(alarms.down()).isEmpty();
        assertThat(alarmIds(node)).isEmpty();
        assertThat(registry.get("loomotp.nodes.down").gauge().value()).isZero();
        connected.remove("n4");
        connected.remove("n3");
        sampler.tick();
        assertThat(alarms.down()).containsExactly("n3", "n4");

        // closing clears what it raised: nobody else would
        alarms.close();
        assertThat(alarmIds(node)).isEmpty();
    }

    @Test
    void install_onANodeInNoCluster_raisesNothing(Node node) {
        Alarms.start(node);
        sampler = NodeSampler.create(node, new ManualClock(), new Fixtures.Heap());
        NodeDownAlarms alarms = NodeDownAlarms.install(sampler);
        sampler.tick();
        assertThat(alarms.down()).isEmpty();
        assertThat(alarmIds(node)).isEmpty();
        alarms.close();
    }
}
