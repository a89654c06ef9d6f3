package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.Test;

/**
 * A network partition between this JVM's node "a" and a node JVM "b", and its healing. The partition is made by
 * inserting JGroups' DISCARD above the transport of a's stack, dropping everything a sends and receives, so both sides
 * stop hearing each other (a symmetric partition; the sockets stay open, so heartbeats, FD_ALL3, find it, not closed
 * sockets); the heal takes DISCARD out, and MERGE3 merges the two views. As in Erlang (distribution_SUITE's nodedown
 * and link cases), both sides see {@code noconnection} on every link and monitor across, and the heal does not restore
 * them: the nodes are connected again, but a death on one side no longer reaches the other's former links.
 */
class PartitionTest {
    /** Detection (heartbeat timeout 1 s, then verification) and a merge (MERGE3 every 1-3 s) on a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void dist_link_partitionThenHeal_noconnectionOnBothSidesAndLinksNotRestored() throws Exception {
        try (LocalNode a = new LocalNode("a"); NodeJvm _ = a.startJvm("b")) {
            // given: links and monitors across, from both sides
            Probe nodes = Probe.spawn(a.node);
            a.cluster.monitorNodes(nodes.pid(), true);
            Pid kv = a.whereis("b", "kv");
            Probe linked = Probe.spawnTrapping(a.node);
            linked.run(() -> Process.link(kv));
            Probe monitoring = Probe.spawn(a.node);
            MonitorRef ref = monitoring.exec(() -> Process.monitor(kv));
            Pid local = a.node.spawn(() -> Process.receive());
            Probe reply = Probe.spawn(a.node);
            a.cluster.send("b", "agent", new Wire.WatchLog(local, reply.pid()));
            Pid watchLog = reply.next(Wire.Found.class).pid();
            assertThat(events(a, watchLog)).isEmpty(); // its link and monitor are made before it answers

            // when: a partition
            long t0 = System.nanoTime();
            DISCARD discard = new DISCARD().discardAll(true);
            ProtocolStack stack = a.cluster.endpoint().channel().getProtocolStack();
            stack.insertProtocol(discard, ProtocolStack.Position.ABOVE, TCP.class);

            // then: a sees b lost
            assertThat(next(nodes, NodeDown.class)).isEqualTo(new NodeDown("b"));
            assertThat(next(linked, Exit.class)).isEqualTo(new Exit(kv, ExitReason.NOCONNECTION));
            assertThat(next(monitoring, Down.class)).isEqualTo(new Down(ref, kv, ExitReason.NOCONNECTION));
            long lost = System.nanoTime();

            // when: it heals
            stack.removeProtocol(DISCARD.class);
            assertThat(next(nodes, NodeUp.class)).isEqualTo(new NodeUp("b"));
            System.out.printf("partition: noconnection after %d ms; heal: NodeUp after %d ms%n",
                    (lost - t0) / 1_000_000, (System.nanoTime() - lost) / 1_000_000);

            // then: b had seen a lost too, with noconnection on its link and its monitor
            assertThat(events(a, watchLog)).containsExactlyInAnyOrder("exit noconnection", "down noconnection");

            // and the links stay broken: a death on either side reaches no former link across
            a.node.exit(local, ExitReason.custom("after the heal"));
            a.node.exit(kv, ExitReason.KILL);
            Probe later = Probe.spawn(a.node);
            MonitorRef again = later.exec(() -> Process.monitor(kv));
            Down d = later.next(Down.class); // b's frames arrive in order: an exit to `linked` would come first
            assertThat(d.ref()).isSameAs(again);
            assertThat(d.reason()).isIn(ExitReason.KILLED, ExitReason.NOPROC);
            assertThat(linked.drain()).isEmpty();
            assertThat(events(a, watchLog)).containsExactlyInAnyOrder("exit noconnection", "down noconnection");
        }
    }

    /** What b's watch-log process has seen, asked by message. */
    private static List<String> events(LocalNode a, Pid watchLog) {
        Probe p = Probe.spawn(a.node);
        a.node.send(watchLog, new Wire.AskEvents(p.pid()));
        return p.next(Wire.Events.class).seen();
    }

    /** The next message of a type, waited for with this test's longer bound (a detection or a merge). */
    private static <T> T next(Probe p, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (;;) {
            try {
                return p.next(type);
            } catch (AssertionError e) {
                if (!String.valueOf(e.getMessage()).contains("received nothing") || System.nanoTime() > deadline) {
                    throw e; // a wrong message, or nothing within this test's bound
                }
            }
        }
    }
}
