package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A message sent to a node as soon as its {@code NodeUp} is told reaches it: in Erlang the handshake is complete on
 * both sides before either tells {@code nodeup}, so a {@code net_kernel:monitor_nodes/1} subscriber may send to the
 * new node at once. Here the joining node takes up the members it waited for on its own thread, while their frames
 * arrive on the receive thread: before 2026-12-06 it sent them its hello before routing to them, and a member that
 * answered the hello at once (its {@code dist_ac}'s question, a subscriber's message) could be dropped as from a node
 * not up yet, which left a distributed application's start undecided in about one run in six of
 * {@code BscClusterEndToEndTest} (docs/adr/0021-node-handshake.md, amendment of 2026-12-06). The window was the
 * joining JVM's first take-up of a node, slow while its classes load: in this warm JVM it is microseconds against a
 * round trip, and this test passed before the change too; the node JVMs of {@code BscClusterEndToEndTest} are what
 * exercise it.
 */
class NodeUpSendTest {
    private static final int ROUNDS = 6;

    @Test
    void nodeup_subscribersOfTwoOlderMembersSendAtOnce_theJoiningNodeGetsBoth_everyRound() {
        int px = NodeJvm.freePort();
        int py = NodeJvm.freePort();
        List<Integer> joinPorts = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            joinPorts.add(NodeJvm.freePort());
        }
        List<String> members = new ArrayList<>(List.of("127.0.0.1:" + px, "127.0.0.1:" + py));
        joinPorts.forEach(p -> members.add("127.0.0.1:" + p));
        String clusterName = "loomotp-nodeup-send";
        try (Node x = Node.create("x"); Node y = Node.create("y");
             Cluster cx = Cluster.join(x, TwoNodes.config("x", clusterName, px, members));
             Cluster cy = Cluster.join(y, TwoNodes.config("y", clusterName, py, members))) {
            Await.until(() -> cx.nodes().contains("y") && cy.nodes().contains("x"), "x and y see each other");
            greeter(x, cx);
            greeter(y, cy);
            for (int round = 0; round < ROUNDS; round++) {
                String name = "c" + round;
                try (Node c = Node.create(name)) {
                    Probe inbox = Probe.spawn(c);
                    c.register("inbox", inbox.pid());
                    try (Cluster cc = Cluster.join(c, TwoNodes.config(name, clusterName, joinPorts.get(round),
                            members))) {
                        List<Object> got = List.of(inbox.next(), inbox.next());
                        assertThat(got).as("round " + round + ": what x's and y's subscribers sent on NodeUp")
                                .containsExactlyInAnyOrder("hello from x", "hello from y");
                        assertThat(cc.nodes()).containsExactlyInAnyOrder("x", "y");
                    }
                }
            }
        }
    }

    /** A subscriber of every node's up and down on {@code node}, which sends to the new node's "inbox" at once. */
    private static void greeter(Node node, Cluster cluster) {
        Pid p = node.spawn(() -> {
            for (;;) {
                if (Process.receive() instanceof NodeUp up) {
                    cluster.send(up.node(), "inbox", "hello from " + cluster.name());
                }
            }
        });
        cluster.monitorNodes(p, true);
    }
}
