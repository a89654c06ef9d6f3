package io.loomotp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.NodeTraffic;
import io.loomotp.runtime.testing.LogCapture;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-node meters of a clustered node, fed by a traffic map and a connected set the test sets: values as the
 * cluster counted them, node up and down, and the bound on the {@code peer} tag. On a real cluster:
 * {@code cluster.ClusterMetricsTest}.
 */
class PeerMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Meter> registered = new ArrayList<>();
    private final Map<String, NodeTraffic> traffic = new HashMap<>();
    private Set<String> connected = Set.of();

    private PeerMeters meters(int max) {
        return new PeerMeters("a", Tags.of("node", "a"), registry, registered::add, () -> Map.copyOf(traffic),
                () -> connected, max);
    }

    private double count(String name, String peer) {
        return registry.get(name).tags("node", "a", "peer", peer).functionCounter().count();
    }

    private double up(String peer) {
        return registry.get("loomotp.dist.connected").tags("peer", peer).gauge().value();
    }

    @Test
    void update_metersEachNodesTrafficAsCounted_andWhetherItIsConnected() {
        PeerMeters p = meters(PeerMeters.MAX_PEERS);
        p.update();
        assertThat(registry.getMeters()).as("in no cluster: no dist meter at all").isEmpty();
        // b connected, with traffic; c connected, none yet
        traffic.put("b", new NodeTraffic(3, 300, 2, 150));
        connected = Set.of("b", "c");
        p.update();
        assertThat(count("loomotp.dist.frames.out", "b")).isEqualTo(3);
        assertThat(count("loomotp.dist.bytes.out", "b")).isEqualTo(300);
        assertThat(count("loomotp.dist.frames.in", "b")).isEqualTo(2);
        assertThat(count("loomotp.dist.bytes.in", "b")).isEqualTo(150);
        assertThat(count("loomotp.dist.frames.out", "c")).isZero();
        assertThat(up("b")).isEqualTo(1);
        assertThat(up("c")).isEqualTo(1);
        // b goes down: its meters stay, connected 0, counts as last counted; they move on once it is back
        traffic.put("b", new NodeTraffic(4, 400, 2, 150));
        connected = Set.of("c");
        p.update();
        assertThat(up("b")).isZero();
        assertThat(count("loomotp.dist.frames.out", "b")).isEqualTo(4);
        connected = Set.of("b", "c");
        traffic.put("b", new NodeTraffic(5, 500, 3, 200));
        p.update();
        assertThat(up("b")).isEqualTo(1);
        assertThat(count("loomotp.dist.frames.in", "b")).isEqualTo(3);
        assertThat(registry.find("loomotp.dist.connected").meters()).hasSize(2);
        assertThat(p.metered()).containsExactly("b", "c");
    }

    @Test
    void update_boundsThePeerTagCardinality() {
        try (LogCapture.Capture log = LogCapture.capture(LoomOtpMetrics.class.getName())) {
            PeerMeters p = meters(10);
            for (int i = 0; i < 30; i++) {
                traffic.put(String.format("n%02d", i), new NodeTraffic(i, i, i, i));
            }
            p.update();
            p.update();
            assertThat(registry.find("loomotp.dist.frames.out").meters()).extracting(m -> m.getId().getTag("peer"))
                    .hasSize(10).containsExactlyInAnyOrder("n00", "n01", "n02", "n03", "n04", "n05", "n06", "n07",
                            "n08", "n09");
            assertThat(registry.get("loomotp.dist.peers.untracked").gauge().value()).isEqualTo(20);
            assertThat(log.events()).extracting(LogCapture.Event::message)
                    .containsExactly("node a: more than 10 other nodes; n10 and later ones get no per-node meters");
        }
    }
}
