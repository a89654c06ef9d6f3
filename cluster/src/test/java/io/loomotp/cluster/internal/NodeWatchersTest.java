package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.NodeDown;
import io.loomotp.cluster.NodeDownInfo;
import io.loomotp.cluster.NodeDownReason;
import io.loomotp.cluster.NodeUp;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code monitor_node/2} and {@code net_kernel:monitor_nodes/1} as OTP's {@code dist.c} keeps them. */
class NodeWatchersTest {
    private Node node;
    private final Set<String> up = new CopyOnWriteArraySet<>(Set.of("b"));
    private NodeWatchers watchers;

    @BeforeEach
    void start() {
        node = Node.create("a");
        watchers = new NodeWatchers(node, "a", up::contains);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void monitorNode_ofThisNodeItself_isANoOp_andNeverSaysItIsDown() {
        Probe p = Probe.spawn(node);
        watchers.monitorNode("a", p.pid());
        watchers.monitorNode("c", p.pid()); // not up: NodeDown at once, which also marks the end of the check
        assertThat(p.next()).isEqualTo(new NodeDown("c"));
        watchers.tell("a", NodeDownReason.CONNECTION_CLOSED);
        assertThat(p.drain()).isEmpty();
    }

    @Test
    void monitorNodes_twice_givesTwoOfEach_andFalseOnceEndsBoth() {
        Probe p = Probe.spawn(node);
        watchers.monitorNodes(p.pid(), true, false);
        watchers.monitorNodes(p.pid(), true, false);
        watchers.tell("c", null);
        assertThat(List.of(p.next(), p.next())).containsExactly(new NodeUp("c"), new NodeUp("c"));
        watchers.monitorNodes(p.pid(), false, false);
        watchers.tell("c", NodeDownReason.CONNECTION_CLOSED);
        watchers.monitorNode("d", p.pid()); // a marker: d is not up
        assertThat(p.next()).as("no NodeDown(c) after monitor_nodes(false)").isEqualTo(new NodeDown("d"));
    }

    @Test
    void subscriptionsOfEndedProcesses_areDropped_whenTheNextIsAdded() {
        for (int i = 0; i < 200; i++) {
            Pid gone = node.spawn(() -> Process.receive());
            watchers.monitorNode("b", gone);
            watchers.monitorNodes(gone, true, false);
            node.exit(gone, ExitReason.KILL);
            Await.until(() -> !node.isAlive(gone), "the subscriber ended");
        }
        Probe live = Probe.spawn(node);
        watchers.monitorNodes(live.pid(), true, false);
        assertThat(watchers.subscriptions()).as("only the live subscriber's").isEqualTo(1);
        watchers.tell("b", NodeDownReason.CONNECTION_CLOSED);
        assertThat(live.next()).isEqualTo(new NodeDown("b"));
    }

    @Test
    void monitorNodes_nodedownReason_isApartFromThePlainSubscription_andFalseEndsOnlyThoseOfItsOptions() {
        Probe p = Probe.spawn(node);
        watchers.monitorNodes(p.pid(), true, false);
        watchers.monitorNodes(p.pid(), true, true);
        watchers.tell("c", NodeDownReason.DISCONNECT);
        assertThat(List.of(p.next(), p.next())).containsExactlyInAnyOrder(new NodeDown("c"),
                new NodeDownInfo("c", NodeDownReason.DISCONNECT));
        watchers.tell("c", null);
        assertThat(List.of(p.next(), p.next())).as("NodeUp for either: OTP's nodeup carries no reason")
                .containsExactly(new NodeUp("c"), new NodeUp("c"));

        watchers.monitorNodes(p.pid(), false, true); // monitor_nodes(false, [nodedown_reason])
        watchers.tell("c", NodeDownReason.CONNECTION_CLOSED);
        assertThat(p.next()).isEqualTo(new NodeDown("c"));
        watchers.monitorNode("d", p.pid()); // a marker: d is not up
        assertThat(p.next()).as("nothing more for c").isEqualTo(new NodeDown("d"));

        watchers.monitorNodes(p.pid(), true, true);
        // the two-argument form ends the subscriptions made without options only, as dist.c matches the options
        watchers.monitorNodes(p.pid(), false, false);
        watchers.tell("c", NodeDownReason.CONNECTION_CLOSED);
        assertThat(p.next()).isEqualTo(new NodeDownInfo("c", NodeDownReason.CONNECTION_CLOSED));
        watchers.monitorNode("e", p.pid());
        assertThat(p.next()).as("no NodeDown(c): the plain one ended").isEqualTo(new NodeDown("e"));
        assertThat(new NodeDownInfo("c", NodeDownReason.NET_KERNEL_TERMINATED).toString())
                .isEqualTo("{nodedown, c, [{nodedown_reason, net_kernel_terminated}]}");
    }
}
