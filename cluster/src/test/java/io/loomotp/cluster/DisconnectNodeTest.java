package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code erlang:disconnect_node/1} and {@code net_kernel:connect_node/1} between two nodes of this JVM: the
 * connection goes down on both sides with every signal a node's loss gives, and comes back with {@code NodeUp} on
 * both. Named after OTP's erl_distribution_SUITE and monitor_SUITE cases that disconnect.
 */
class DisconnectNodeTest {

    @Test
    void disconnect_node_bothSidesSeeNoconnection_andConnectNodeBringsItBack() {
        try (TwoNodes n = TwoNodes.start("loomotp-disconnect")) {
            Probe xNodes = Probe.spawn(n.x());
            Probe yNodes = Probe.spawn(n.y());
            n.cx().monitorNodes(xNodes.pid(), true);
            n.cy().monitorNodes(yNodes.pid(), true);

            // a process of y, registered there, and how x sees it
            Pid onY = n.y().spawn(() -> {
                for (;;) {
                    Process.receive();
                }
            });
            n.y().register("target", onY);
            Pid target = n.cx().whereis("y", "target");
            Probe echo = Probe.spawn(n.y());
            n.y().register("echo", echo.pid());
            Pid echoFromX = n.cx().whereis("y", "echo");

            Probe linked = Probe.spawnTrapping(n.x());
            linked.run(() -> Process.link(target));
            Probe watcher = Probe.spawn(n.x());
            MonitorRef ref = watcher.exec(() -> Process.monitor(target));

            assertThat(n.cx().disconnectNode("y")).isTrue();
            assertThat(linked.next(Exit.class)).isEqualTo(new Exit(target, ExitReason.NOCONNECTION));
            assertThat(watcher.next(Down.class)).isEqualTo(new Down(ref, target, ExitReason.NOCONNECTION));
            assertThat(xNodes.next(NodeDown.class)).isEqualTo(new NodeDown("y"));
            assertThat(yNodes.next(NodeDown.class)).isEqualTo(new NodeDown("x"));
            assertThat(n.cx().nodes()).isEmpty();
            Await.until(() -> n.cy().nodes().isEmpty(), "y sees x disconnected");
            assertThat(n.x().isAlive(linked.pid())).isTrue(); // it traps exits
            // and on y, its end of the link got noconnection too: it does not trap exits, so it died of it
            Await.until(() -> !n.y().isAlive(onY), "the linked process on y ended with noconnection");

            n.x().send(echoFromX, "while apart"); // dropped, as to a node that is down
            assertThat(n.cx().disconnectNode("y")).isFalse(); // not connected now

            assertThat(n.cy().connectNode("x")).isTrue(); // either side may connect again
            assertThat(xNodes.next(NodeUp.class)).isEqualTo(new NodeUp("y"));
            assertThat(yNodes.next(NodeUp.class)).isEqualTo(new NodeUp("x"));
            assertThat(n.cx().nodes()).containsExactly("y");
            Await.until(() -> n.cy().nodes().equals(List.of("x")), "y sees x again");
            n.x().send(echoFromX, "together again");
            assertThat(echo.next()).isEqualTo("together again"); // the first it got: the one sent while apart was lost
            assertThat(n.cx().connectNode("y")).isTrue(); // connected already
        }
    }

    /**
     * OTP's erl_distribution_SUITE {@code monitor_nodes_nodedown_reason}: a subscription with {@code nodedown_reason}
     * is told why each side lost the other: {@code disconnect} on the side that disconnected, {@code
     * connection_closed} on the other, and {@code net_kernel_terminated} on a node that leaves.
     */
    @Test
    void monitor_nodes_nodedown_reason_tellsWhyEachSideLostTheOther() {
        try (TwoNodes n = TwoNodes.start("loomotp-nodedown-reason")) {
            Probe xNodes = Probe.spawn(n.x());
            Probe yNodes = Probe.spawn(n.y());
            n.cx().monitorNodes(xNodes.pid(), true, NodeMonitorOption.NODEDOWN_REASON);
            n.cy().monitorNodes(yNodes.pid(), true, NodeMonitorOption.NODEDOWN_REASON);

            assertThat(n.cx().disconnectNode("y")).isTrue();
            assertThat(xNodes.next()).isEqualTo(new NodeDownInfo("y", NodeDownReason.DISCONNECT));
            assertThat(yNodes.next()).isEqualTo(new NodeDownInfo("x", NodeDownReason.CONNECTION_CLOSED));
            assertThat(n.cx().connectNode("y")).isTrue();
            assertThat(xNodes.next()).isEqualTo(new NodeUp("y"));
            assertThat(yNodes.next()).isEqualTo(new NodeUp("x"));

            // it crosses the wire, as the runtime's own types do
            Probe echo = Probe.spawn(n.y());
            n.y().register("echo", echo.pid());
            NodeDownInfo info = new NodeDownInfo("q", NodeDownReason.NET_KERNEL_TERMINATED);
            n.x().send(n.cx().whereis("y", "echo"), info);
            assertThat(echo.next()).isEqualTo(info);

            n.cy().close();
            assertThat(yNodes.next()).isEqualTo(new NodeDownInfo("x", NodeDownReason.NET_KERNEL_TERMINATED));
            assertThat(xNodes.next()).isEqualTo(new NodeDownInfo("y", NodeDownReason.CONNECTION_CLOSED));
            assertThat(xNodes.drain()).isEmpty();
        }
    }

    /**
     * After a disconnect and a connect at once, each side has the other's global names and pg members again, as OTP's
     * global and pg send their tables to a node that comes up. The reconnected side's tables, sent on its NodeUp,
     * overtook its answer to the connect's hello and were dropped as from a node not up yet: x kept no name and no
     * member of y's for good (a new user's finding, after the book's chapter 13).
     */
    @Test
    void disconnect_thenConnectAtOnce_globalNamesAndPgMembersComeBack() {
        try (TwoNodes n = TwoNodes.start("loomotp-resync")) {
            Probe onY = Probe.spawn(n.y());
            assertThat(n.cy().global().register("g_y", onY.pid())).isTrue();
            n.cy().pg().join("workers", onY.pid());
            Await.until(() -> n.cx().global().whereis("g_y") != null
                    && n.cx().pg().members("workers").size() == 1, "x to see y's name and member");
            for (int round = 0; round < 5; round++) {
                assertThat(n.cx().disconnectNode("y")).isTrue();
                assertThat(n.cx().connectNode("y")).isTrue();
                int r = round;
                Await.until(() -> n.cx().global().whereis("g_y") != null
                        && n.cx().pg().members("workers").size() == 1, "round " + r + ": x to see them again");
            }
            assertThat(n.x().isAlive(onY.pid()) || n.y().isAlive(onY.pid())).isTrue();
        }
    }

    @Test
    void disconnect_node_ofANodeThatIsNotThere_false_andConnectNodeToo() {
        try (TwoNodes n = TwoNodes.start("loomotp-disconnect-none")) {
            assertThat(n.cx().disconnectNode("zz")).isFalse();
            assertThat(n.cx().connectNode("zz")).isFalse();
            assertThat(n.cx().connectNode("x")).isTrue(); // itself
            assertThat(n.cx().nodes()).containsExactly("y");
        }
    }

    /** {@code net_adm:ping/1}: pong for a connected node and for itself, pang for one nobody has; and it connects. */
    @Test
    void ping_pongForAMember_pangForAStranger_andAPingConnectsAgain() {
        try (TwoNodes n = TwoNodes.start("loomotp-ping")) {
            Probe xNodes = Probe.spawn(n.x());
            n.cx().monitorNodes(xNodes.pid(), true);
            assertThat(n.cx().ping("y")).isTrue();
            assertThat(n.cx().ping("x")).isTrue(); // itself
            assertThat(n.cx().ping("zz", java.time.Duration.ofMillis(200))).isFalse();

            assertThat(n.cy().disconnectNode("x")).isTrue();
            assertThat(xNodes.next(NodeDown.class)).isEqualTo(new NodeDown("y"));
            assertThat(n.cx().ping("y")).isTrue(); // Erlang's ping connects: so does this one
            assertThat(xNodes.next(NodeUp.class)).isEqualTo(new NodeUp("y"));
            assertThat(n.cx().nodes()).containsExactly("y");
            Await.until(() -> n.cy().nodes().equals(List.of("x")), "y sees x again");
        }
    }

    /**
     * monitor_SUITE's {@code monitor_nodes_down_up}, at speed: a disconnect followed at once by a connect, many times.
     * Each round both sides end connected, with one NodeDown and one NodeUp each. (The connect's hello once overtook
     * the DISCONNECT queued on the lane before it: the other node took that DISCONNECT for a new one after the
     * reconnect, and the connection stayed up on one side only.)
     */
    @Test
    void disconnect_thenConnectAtOnce_manyTimes_bothSidesEndConnected() {
        try (TwoNodes n = TwoNodes.start("loomotp-yoyo")) {
            Probe xNodes = Probe.spawn(n.x());
            Probe yNodes = Probe.spawn(n.y());
            n.cx().monitorNodes(xNodes.pid(), true);
            n.cy().monitorNodes(yNodes.pid(), true);
            Probe echo = Probe.spawn(n.y());
            n.y().register("echo", echo.pid());
            for (int round = 0; round < 20; round++) {
                assertThat(n.cx().disconnectNode("y")).isTrue();
                assertThat(n.cx().connectNode("y")).isTrue();
                assertThat(xNodes.next(NodeDown.class)).isEqualTo(new NodeDown("y"));
                assertThat(xNodes.next(NodeUp.class)).isEqualTo(new NodeUp("y"));
                assertThat(yNodes.next(NodeDown.class)).isEqualTo(new NodeDown("x"));
                assertThat(yNodes.next(NodeUp.class)).isEqualTo(new NodeUp("x"));
                int r = round;
                Await.until(() -> n.cy().nodes().equals(List.of("x")) && n.cx().nodes().equals(List.of("y")),
                        "both sides connected after round " + r);
                n.cx().send("y", "echo", r);
                assertThat(echo.next()).isEqualTo(r);
            }
        }
    }

    /**
     * Disconnects and connects from alternating sides at speed: a connect that finds the node still connected here
     * while the other side has just disconnected (its DISCONNECT on its way) answered true and left both sides
     * disconnected. connectNode now confirms with a round trip, so true means connected on both sides.
     */
    @Test
    void disconnectAndConnect_fromAlternatingSides_trueMeansConnectedOnBoth() {
        try (TwoNodes n = TwoNodes.start("loomotp-alternate")) {
            Probe echo = Probe.spawn(n.y());
            n.y().register("echo", echo.pid());
            for (int round = 0; round < 6; round++) {
                assertThat(n.cx().disconnectNode("y")).isTrue();
                assertThat(n.cy().connectNode("x")).isTrue();
                assertThat(n.cx().nodes()).containsExactly("y");
                assertThat(n.cy().nodes()).containsExactly("x");
                assertThat(n.cy().disconnectNode("x")).isTrue();
                assertThat(n.cx().connectNode("y")).isTrue();
                assertThat(n.cx().nodes()).containsExactly("y");
                assertThat(n.cy().nodes()).containsExactly("x");
                n.cx().send("y", "echo", round);
                assertThat(echo.next()).isEqualTo(round);
            }
            assertThatThrownBy(() -> n.cx().ping("y", java.time.Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above zero");
        }
    }
}
