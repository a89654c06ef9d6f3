package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Probe;
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
        String members = "127.0.0.1:" + a.port + ",127.0.0.1:" + port;
        Probe events = Probe.spawn(a.node);
        a.cluster.monitorNodes(events.pid(), true);
        try {
            Pid old;
            try (NodeJvm b = NodeJvm.start("b", port, members)) {
                assertThat(nextAbout(events, "b")).isEqualTo(new NodeUp("b"));
                old = a.whereis("b", "kv");
                assertThat(KvRef.of(old).add(1)).isEqualTo(1);
                b.kill();
            }
            long t0 = System.nanoTime();
            try (NodeJvm again = NodeJvm.start("b", port, members)) {
                long readyMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(nextAbout(events, "b")).as("old incarnation down").isEqualTo(new NodeDown("b"));
                assertThat(nextAbout(events, "b")).as("new incarnation up; b's output:%n%s", again.output())
                        .isEqualTo(new NodeUp("b"));
                long upMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("kill -9 and restart on the same port: new JVM ready in %d ms, seen up by the "
                        + "survivor %d ms after the kill (failure timeout %d ms)%n", readyMs, upMs,
                        NodeJvm.FAILURE_TIMEOUT_MS);
                assertThat(a.cluster.nodes()).contains("b");

                Pid fresh = a.whereis("b", "kv");
                assertThat(fresh).isNotEqualTo(old);
                a.node.send(old, "dropped"); // silently, as a send to any dead pid
                Probe p = Probe.spawn(a.node);
                MonitorRef ref = p.exec(() -> Process.monitor(old));
                assertThat(p.next()).isEqualTo(new Down(ref, old, ExitReason.NOPROC));
                assertThatThrownBy(() -> KvRef.of(old).add(1)).isInstanceOf(NoProcessException.class);
                assertThat(KvRef.of(fresh).add(1)).isEqualTo(1);
                assertThat(events.drain()).noneMatch(m -> m.equals(new NodeDown("b")) || m.equals(new NodeUp("b")));
            }
        } finally {
            a.cluster.monitorNodes(events.pid(), false);
        }
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
