package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node JVM killed with {@code kill -9} and started again at once on its own port under its own name (issue 14: "a
 * node restarted under the same name"): the survivor must see the old incarnation go down, then the new one come up,
 * and the new one must answer while the old one's pids are dead. The new JVM comes up while the survivor may still
 * hold the old member in its view and a connection to that same host:port.
 */
class RejoinTest {
    /** How long the survivor may take to see the restarted node: failure detection, then a join or a merge. */
    private static final long REJOIN_BOUND_MS = 20_000;

    private static LocalNode a;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
    }

    @AfterAll
    static void stopCluster() {
        if (a != null) {
            a.close();
        }
    }

    @Test
    void restart_killNineSamePortSameName_nodeDownThenNodeUpAndOldPidsDead() {
        int port = NodeJvm.freePort();
        killAndRestart(a.node, a.cluster, port, "127.0.0.1:" + a.port + ",127.0.0.1:" + port);
    }

    /** The same when the node killed and restarted was the coordinator: the survivor takes over, the new b joins it. */
    @Test
    void restart_killNineOfTheCoordinatorSamePortSameName_nodeDownThenNodeUpAndOldPidsDead() {
        int port = NodeJvm.freePort();
        int survivorPort = NodeJvm.freePort();
        String members = "127.0.0.1:" + port + ",127.0.0.1:" + survivorPort;
        try (NodeJvm first = NodeJvm.start("b", port, members)) { // b starts alone: it is the coordinator
            Node s = Node.create("s");
            Cluster cluster = Cluster.join(s, ClusterConfig.of("s", NodeJvm.SECRET).withClusterName("loomotp-test")
                    .withBindPort(survivorPort).withInitialMembers(List.of(members.split(",")))
                    .withFailureTimeout(Duration.ofMillis(NodeJvm.FAILURE_TIMEOUT_MS)).allow(Wire.ALLOWED));
            try {
                killAndRestart(s, cluster, first, members);
            } finally {
                cluster.close();
                s.close();
            }
        }
    }

    private static void killAndRestart(Node node, Cluster cluster, int port, String members) {
        try (NodeJvm b = NodeJvm.start("b", port, members)) {
            killAndRestart(node, cluster, b, members);
        }
    }

    /** Kills {@code b} with kill -9, starts it again at once on its port, and checks what {@code node} sees. */
    private static void killAndRestart(Node node, Cluster cluster, NodeJvm b, String members) {
        Await.until(() -> cluster.nodes().contains("b"), "b up");
        Pid old = whereis(node, cluster, "kv");
        assertThat(KvRef.of(old).add(1)).isEqualTo(1);
        // subscribed once b answered: the NodeUp of its first incarnation was told before, so the next is about the kill
        Probe events = Probe.spawn(node);
        cluster.monitorNodes(events.pid(), true);
        try {
            b.kill();
            long t0 = System.nanoTime();
            try (NodeJvm again = NodeJvm.start("b", b.port, members)) {
                long readyMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(nextAbout(events, "b")).as("old incarnation down").isEqualTo(new NodeDown("b"));
                assertThat(nextAbout(events, "b")).as("new incarnation up; b's output:%n%s", again.output())
                        .isEqualTo(new NodeUp("b"));
                long upMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("kill -9 and restart on the same port: new JVM ready in %d ms, seen up by %s "
                        + "%d ms after the kill (failure timeout %d ms)%n", readyMs, node.name(), upMs,
                        NodeJvm.FAILURE_TIMEOUT_MS);
                assertThat(cluster.nodes()).contains("b");

                Pid fresh = whereis(node, cluster, "kv");
                assertThat(fresh).isNotEqualTo(old);
                node.send(old, "dropped"); // silently, as a send to any dead pid
                Probe p = Probe.spawn(node);
                MonitorRef ref = p.exec(() -> Process.monitor(old));
                assertThat(p.next()).isEqualTo(new Down(ref, old, ExitReason.NOPROC));
                assertThatThrownBy(() -> KvRef.of(old).add(1)).isInstanceOf(NoProcessException.class);
                assertThat(KvRef.of(fresh).add(1)).isEqualTo(1);
                assertThat(events.drain()).noneMatch(m -> m.equals(new NodeDown("b")) || m.equals(new NodeUp("b")));
            }
        } finally {
            cluster.monitorNodes(events.pid(), false);
        }
    }

    /** The pid registered as {@code name} on b, asked of its agent. */
    private static Pid whereis(Node node, Cluster cluster, String name) {
        Probe p = Probe.spawn(node);
        cluster.send("b", "agent", new Wire.WhoIs(p.pid(), name));
        return p.next(Wire.Found.class).pid();
    }

    /** The next node event about {@code node} within {@link #REJOIN_BOUND_MS}, skipping those about other nodes. */
    private static Object nextAbout(Probe probe, String node) {
        long deadline = System.nanoTime() + REJOIN_BOUND_MS * 1_000_000;
        for (;;) {
            Object m;
            try {
                m = probe.next(); // bounded: 5 s each
            } catch (AssertionError none) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("no node event about " + node + " within " + REJOIN_BOUND_MS + " ms");
                }
                continue;
            }
            if (m instanceof NodeUp(String n) && n.equals(node) || m instanceof NodeDown(String n2) && n2.equals(node)) {
                return m;
            }
        }
    }
}
