package io.loomotp.cluster.internal;

import io.loomotp.cluster.NodeDown;
import io.loomotp.cluster.NodeDownInfo;
import io.loomotp.cluster.NodeDownReason;
import io.loomotp.cluster.NodeUp;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.remote.RemotePid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A node's node monitors: {@code monitor_node/2} (one {@link NodeDown} for one node, then gone) and
 * {@code net_kernel:monitor_nodes/1,2} ({@link NodeUp} and {@link NodeDown} for every node until turned off; with
 * {@code nodedown_reason}, {@link NodeDownInfo} instead of {@link NodeDown}).
 * {@link Endpoint} tells them after it has taken a node up or out of its up set, so a subscriber that hears of a node
 * sees the up set already changed.
 *
 * <p>Threading: any thread subscribes; the endpoint tells from its view and hello handling. A one-shot monitor is
 * removed by whoever removes it first, and only that one sends its {@code NodeDown}, so it is sent once.
 */
final class NodeWatchers {
    /**
     * One subscription: to one node, or to every node if {@code node} is null; {@code reasons} for
     * {@code nodedown_reason} (every node only).
     */
    private record Watch(Pid subscriber, String node, boolean reasons) {}

    private final Node node;
    private final String self;
    private final Predicate<String> isUp;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    /**
     * @param self this node's name in its cluster: a monitor of it is a no-op, as {@code monitor_node(node(), true)}
     */
    NodeWatchers(Node node, String self, Predicate<String> isUp) {
        this.node = node;
        this.self = self;
        this.isUp = isUp;
    }

    /**
     * {@code monitor_node(Node, true)}: one NodeDown when it is lost; at once if it is not up now; never for this node
     * itself ({@code dist.c}'s {@code monitor_node_3} returns true and sets nothing).
     */
    void monitorNode(String nodeName, Pid subscriber) {
        if (nodeName.equals(self)) {
            return;
        }
        pruneDead();
        Watch w = new Watch(subscriber, nodeName, false);
        watches.add(w);
        // checked after the add, so a loss racing with it is told by one side or the other, once
        if (!isUp.test(nodeName) && watches.remove(w)) {
            node.send(subscriber, new NodeDown(nodeName));
        }
    }

    /** {@code monitor_node(Node, false)}: removes one such monitor. */
    void demonitorNode(String nodeName, Pid subscriber) {
        watches.remove(new Watch(subscriber, nodeName, false));
    }

    /**
     * {@code net_kernel:monitor_nodes(true | false, Options)}: true adds one subscription (two give two messages per
     * event, as OTP counts them); false ends all of the subscriber's made with the same options, as {@code dist.c}'s
     * {@code remove_nodes_monitors} matches them. {@code reasons}: the {@code nodedown_reason} option.
     */
    void monitorNodes(Pid subscriber, boolean on, boolean reasons) {
        if (on) {
            pruneDead();
            watches.add(new Watch(subscriber, null, reasons));
        } else {
            watches.removeIf(w -> w.node() == null && w.reasons() == reasons && w.subscriber().equals(subscriber));
        }
    }

    /**
     * Drops the subscriptions of processes that have ended, which OTP removes at the process's exit. Done when one is
     * added, so the list holds at most the live subscribers and the newest dead ones, and never grows without bound.
     */
    private void pruneDead() {
        watches.removeIf(w -> ended(w.subscriber()));
    }

    /** The subscriptions held now, one-shot and lasting. */
    int subscriptions() {
        return watches.size();
    }

    private boolean ended(Pid subscriber) {
        return !(subscriber instanceof RemotePid) && !subscriber.equals(node.systemPid()) && !node.isAlive(subscriber);
    }

    /** Tells the subscribers that {@code nodeName} came up ({@code lost} null) or was lost, and why. */
    void tell(String nodeName, NodeDownReason lost) {
        boolean up = lost == null;
        for (Watch w : watches) {
            if (w.node() == null) {
                node.send(w.subscriber(), up ? new NodeUp(nodeName)
                        : w.reasons() ? new NodeDownInfo(nodeName, lost) : new NodeDown(nodeName));
            } else if (!up && w.node().equals(nodeName) && watches.remove(w)) {
                node.send(w.subscriber(), new NodeDown(nodeName));
            }
        }
    }
}
