package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * A node that comes back when the cluster's coordinator is a member its initial hosts do not name, after a graceful
 * leave: it joins the cluster that member coordinates. Its discovery reaches only members that are not the
 * coordinator: it joins at once when their answers name the coordinator, and otherwise JGroups' GMS gives up joining
 * after {@code max_join_attempts} (3) and starts it as a cluster of one (with a WARN, which this test keeps and
 * checks), which MERGE3 then merges into the cluster. Both happen, by chance. BscClusterEndToEndTest
 * met a restarted node staying in a cluster of its own in this shape after a {@code kill -9} ("no physical address for
 * t"); with a graceful leave it does not happen, so that case is not reproduced here (docs/telecom.md).
 */
class RestartDiscoveryTest {

    @Test
    void restart_coordinatorNotAmongTheInitialHosts_joinsTheCluster() {
        int pa = NodeJvm.freePort();
        int pb = NodeJvm.freePort();
        int pt = NodeJvm.freePort();
        List<String> hosts = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb); // t's port is not among them
        ClusterConfig base = ClusterConfig.of("a", NodeJvm.SECRET).withClusterName("loomotp-rediscover")
                .withInitialMembers(hosts).withFailureTimeout(Duration.ofSeconds(1));
        try (Node a = Node.create("a"); Node t = Node.create("t"); Node b = Node.create("b");
             Node again = Node.create("a")) {
            Cluster ca = Cluster.join(a, base.withBindPort(pa));
            try (Cluster ct = Cluster.join(t, base.withNodeName("t").withBindPort(pt));
                 Cluster cb = Cluster.join(b, base.withNodeName("b").withBindPort(pb))) {
                Await.until(() -> ct.nodes().equals(List.of("a", "b")) && cb.nodes().equals(List.of("a", "t")),
                        "a, t and b joined, in that order");
                // when: a, the coordinator, leaves: t, the next oldest, coordinates; a comes back on its own port
                ca.close();
                Await.until(() -> ct.nodes().equals(List.of("b")) && cb.nodes().equals(List.of("t")), "a gone");
                try (LogCapture.Capture gms = LogCapture.capture("org.jgroups.protocols.pbcast.GMS");
                     LogCapture.Capture nakack = LogCapture.capture("org.jgroups.protocols.pbcast.NAKACK2");
                     Cluster c2 = Cluster.join(again, base.withBindPort(pa))) {
                    // then: if no coordinator answered its discovery, it started alone and said so, in one line
                    // (whether t answers through b's cache is chance: both ways are seen, in a full build run
                    // and alone)
                    assertThat(gms.events()).hasSizeLessThanOrEqualTo(1).allSatisfy(e -> {
                        assertThat(e.level()).isEqualTo(Level.WARN);
                        assertThat(e.message()).contains("a(loomotp.node=a): too many JOIN attempts (3)",
                                "becoming singleton");
                    });
                    // and it joins the cluster t coordinates, not one of its own
                    Await.until(() -> c2.nodes().equals(List.of("b", "t")) && ct.nodes().equals(List.of("a", "b")),
                            "the new a in the cluster coordinated by t");
                    // a singleton a, until the merge, is no member of t's view: t and b may drop what it sends them
                    // then, and say so (a fresh-clone CI run saw one such line)
                    assertThat(nakack.events()).allSatisfy(e -> {
                        assertThat(e.level()).isEqualTo(Level.WARN);
                        assertThat(e.message()).contains("dropped message from non-member a(loomotp.node=a)");
                    });
                }
            }
        }
    }
}
