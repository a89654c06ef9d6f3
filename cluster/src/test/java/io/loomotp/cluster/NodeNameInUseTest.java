package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * A user's mistake: a second live node joins under a name a member already has. As epmd refuses a second node of one
 * name on a host ("the name seems to be in use by another Erlang node"), the join fails with a precise error, and the
 * member of that name goes on with the others. Three nodes in this JVM, on loopback.
 */
class NodeNameInUseTest {

    @Test
    void join_nameOfALiveMember_refused_theMemberGoesOn() {
        int pa = NodeJvm.freePort();
        int pb = NodeJvm.freePort();
        int pa2 = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb, "127.0.0.1:" + pa2);
        Node a = Node.create("a");
        Node b = Node.create("b");
        Node second = Node.create("a");
        try (LogCapture.Capture warnings = LogCapture.capture(e -> e.level() == Level.WARN
                && e.logger().startsWith("io.loomotp"));
             Cluster ca = Cluster.join(a, config("a", pa, members));
             Cluster cb = Cluster.join(b, config("b", pb, members))) {
            Await.until(() -> ca.nodes().contains("b") && cb.nodes().contains("a"), "a and b see each other");

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Cluster.join(second, config("a", pa2, members)))
                    .isInstanceOf(ClusterException.class)
                    .hasMessage("node a cannot join cluster loomotp-names: a live node of that name is a member "
                            + "already; give each node of a cluster a name of its own");
            System.out.printf("a second node named a: refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            // the member a says what it refused, and it and b see each other, and nobody else
            assertThat(warnings.await(1).getFirst().message()).isEqualTo("node a: another node named a tried to join "
                    + "cluster loomotp-names; it is refused, and this node goes on");
            Await.until(() -> ca.nodes().equals(List.of("b")) && cb.nodes().equals(List.of("a")),
                    "a and b see each other, and nobody else");
            Probe atA = Probe.spawn(a);
            a.register("probe", atA.pid());
            Await.until(() -> {
                cb.send("a", "probe", "hello from b");
                return atA.drain().contains("hello from b");
            }, "a message from b reaches the first a");
            assertThat(second.whereis("rex")).as("the second a's cluster processes are gone").isNull();
            assertThat(second.whereis("loomotp.dist_ac")).isNull();
            assertThatThrownBy(() -> Cluster.join(second, config("a", pa2, members)))
                    .as("and may try again, with the same result").isInstanceOf(ClusterException.class);
        } finally {
            LocalNode.closeAll(second, b, a);
        }
    }

    @Test
    void join_nameOfALiveMember_theOtherMembersHearNothing_noNodeDownNoLostMonitorNoLostMessage() {
        // the helper's finding of 2026-12-05: b took the second a for a restart of the first, and lost the live one
        // (NodeDown and NodeUp twice, its monitors Down(noconnection), a message dropped). As with epmd, the others
        // must not hear of a node that is refused for its name.
        int pa = NodeJvm.freePort();
        int pb = NodeJvm.freePort();
        int pa2 = NodeJvm.freePort();
        int pc = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb, "127.0.0.1:" + pa2, "127.0.0.1:" + pc);
        Node a = Node.create("a");
        Node b = Node.create("b");
        Node second = Node.create("a");
        Node c = Node.create("c");
        try (Cluster ca = Cluster.join(a, config("a", pa, members));
             Cluster cb = Cluster.join(b, config("b", pb, members))) {
            Await.until(() -> ca.nodes().contains("b") && cb.nodes().contains("a"), "a and b see each other");
            Probe atA = Probe.spawn(a);
            a.register("probe", atA.pid());
            Probe events = Probe.spawn(b);
            cb.monitorNodes(events.pid(), true);
            Probe watcher = Probe.spawn(b);
            watcher.run(() -> io.loomotp.runtime.Process.monitor(atA.pid()));

            assertThatThrownBy(() -> Cluster.join(second, config("a", pa2, members)))
                    .isInstanceOf(ClusterException.class).hasMessageContaining("a live node of that name");
            cb.send("a", "probe", "after the refusal");

            // JGroups installs views in one order everywhere: once b hears c come up, it has installed every view
            // before, those with the second a and without it, and any signal they caused has been sent
            try (Cluster cc = Cluster.join(c, config("c", pc, members))) {
                assertThat(cc.nodes()).doesNotContain("c"); // nodes() lists the others, as erlang:nodes()
                assertThat(events.next()).isEqualTo(new NodeUp("c"));
                assertThat(events.drain()).as("b heard nothing of the second a").isEmpty();
                assertThat(watcher.drain()).as("b's monitor of a process on the live a did not fire").isEmpty();
                assertThat(atA.next()).isEqualTo("after the refusal");
                assertThat(cb.nodes()).containsExactlyInAnyOrder("a", "c");
            }
        } finally {
            LocalNode.closeAll(c, second, b, a);
        }
    }

    private static ClusterConfig config(String name, int port, List<String> members) {
        return TwoNodes.config(name, "loomotp-names", port, members);
    }
}
