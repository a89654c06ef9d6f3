package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that comes back when the cluster's coordinator is a member its initial hosts do not name, after a graceful
 * leave or a {@code kill -9}: it joins the cluster that member coordinates, at once. Its discovery reaches only members
 * that are not the coordinator; each answers with its whole address cache, the coordinator marked
 * ({@code return_entire_cache}, docs/distribution.md, "Joining"), so the node sends its JOIN to the coordinator it
 * learnt of. Before that, the answers named only the members themselves: JGroups' GMS gave up joining after
 * {@code max_join_attempts} (3) and started the node as a cluster of one ({@code too many JOIN attempts (3): becoming
 * singleton}), which MERGE3 merged some seconds later, or, after a {@code kill -9}, never (BscClusterEndToEndTest met
 * it: "no physical address for t"). Both cases check that the node never became a singleton.
 */
class RestartDiscoveryTest {
    /** From the restarted JVM's launch to the coordinator seeing it up: a JVM start and a join, no merge. */
    private static final Duration JOIN_BOUND = Duration.ofSeconds(15);

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
                    // then: it joined the cluster t coordinates, through b's answer, and never started alone
                    Await.until(() -> c2.nodes().equals(List.of("b", "t")) && ct.nodes().equals(List.of("a", "b")),
                            "the new a in the cluster coordinated by t");
                    // (a JOIN that took longer than join_timeout is sent again, with a WARN; that is no singleton)
                    assertThat(gms.events()).as("GMS's warnings").noneMatch(e -> e.message().contains("singleton"));
                    assertThat(nakack.events()).as("frames dropped from a non-member").isEmpty();
                }
            }
        }
    }

    /**
     * The shape BscClusterEndToEndTest met: node JVM a starts the cluster, t (this JVM) joins, then node JVM b; a is
     * killed with {@code kill -9}, so t coordinates; a starts again on its own port with initial hosts a and b only. It
     * must join t's cluster at once: no singleton, seen up by t within a JVM start and a join.
     */
    @Test
    void restart_killNineCoordinatorNotAmongTheInitialHosts_joinsTheClusterAtOnce() {
        int pa = NodeJvm.freePort();
        int pb = NodeJvm.freePort();
        int pt = NodeJvm.freePort();
        String hosts = "127.0.0.1:" + pa + ",127.0.0.1:" + pb; // t's port is not among them
        try (NodeJvm a = NodeJvm.start("a", pa, hosts); Node t = Node.create("t")) {
            Cluster ct = Cluster.join(t, ClusterConfig.of("t", NodeJvm.SECRET).withClusterName("loomotp-test")
                    .withBindPort(pt).withInitialMembers(List.of("127.0.0.1:" + pa, "127.0.0.1:" + pt))
                    .withFailureTimeout(Duration.ofMillis(NodeJvm.FAILURE_TIMEOUT_MS)).allow(Wire.ALLOWED));
            try (NodeJvm _ = NodeJvm.start("b", pb, hosts)) {
                Await.until(() -> ct.nodes().equals(List.of("a", "b")), "a, t and b joined, in that order");
                // when: a, the coordinator, is killed: t, the next oldest, coordinates
                a.kill();
                Await.until(() -> ct.nodes().equals(List.of("b")), "a seen lost");
                long launched = System.nanoTime();
                // its cluster log at debug: printed only if it fails (the handshake, and any frame it dropped)
                try (NodeJvm again = NodeJvm.startLogging("a", pa, hosts, "debug")) {
                    // then: the new a joins t's cluster, within a JVM start and a join
                    try {
                        Await.until(() -> ct.nodes().equals(List.of("a", "b")),
                                "the new a in the cluster coordinated by t");
                    } catch (AssertionError late) {
                        // once in a full CI run (2026-12-05), not reproduced alone: what the new a said is the clue
                        throw new AssertionError(late.getMessage() + "; t sees " + ct.nodes() + "; the new a's output:\n"
                                + again.output(), late);
                    }
                    long joinedMs = (System.nanoTime() - launched) / 1_000_000;
                    assertThat(Duration.ofMillis(joinedMs)).as("from the launch to t seeing a up")
                            .isLessThan(JOIN_BOUND);
                    assertThat(again.output()).as("a's output").doesNotContain("singleton")
                            .doesNotContain("no physical address");
                    System.out.printf("kill -9 of the coordinator, restart with initial hosts that leave out the new "
                            + "coordinator: seen up by it %d ms after the JVM's launch%n", joinedMs);
                }
            } finally {
                ct.close();
            }
        }
    }
}
