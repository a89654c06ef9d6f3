package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.NodeDownReason;
import io.loomotp.runtime.remote.RemoteNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jgroups.util.UUID;

/**
 * Which members of the JGroups view an {@link Endpoint} takes as up, and when: views, hellos, the joining node's name
 * check, superseded incarnations, and {@code disconnect_node}/{@code connect_node}. Everything here changes under this
 * object's lock, in one order per event (a view or a hello); the routes it changes ({@link Endpoint#route},
 * {@link Endpoint#connected(Address)}) are the endpoint's, read without a lock on the message path.
 *
 * <p>Handshake (docs/adr/0021-node-handshake.md). A member that a view brings in is <em>pending</em> until it has said
 * {@link Op#HELLO}: each side sends its hello once it has installed the view, and takes the other as up (routes to it,
 * tells {@code NodeUp}) only on the other's. So, as after Erlang's handshake, when one side sees {@code NodeUp} the
 * other has installed the view too, and a frame sent at once is neither dropped for want of a route nor undone by the
 * other side's merge. A hello that arrives before its view waits for it, and the frames behind it wait too.
 *
 * <p>Node loss. A view without a member (after FD_SOCK2 or FD_ALL3 and VERIFY_SUSPECT2) takes it out of the up set
 * first, then the endpoint fails the calls in flight to it, tells the runtime and the node monitors
 * ({@link Endpoint#lose}). Every outbound operation checks the up set again after it is recorded, so that one racing
 * with the loss is answered once, by one side or the other.
 *
 * <p>The endpoint takes this lock too for a node monitor's subscription ({@link Endpoint#monitorNodes}), so that a
 * subscription falls wholly before or after an up or a down and its telling, as net_kernel's do.
 *
 * <p>Split out of {@link Endpoint} on 2026-12-05 (it was about 960 lines, with this state and the routes in one
 * class): the endpoint keeps the channel, the routes and the receive path; this class decides what they hold.
 */
final class Membership {
    /**
     * How long a joining node waits for every member's hello before it sends its own: a live member answers within
     * moments of the view; a member that does not answer in this time is taken to be an old incarnation that the
     * failure detector has not removed yet.
     */
    static final long HOLD_MILLIS = 1_000;

    private final Endpoint end;
    private final ClusterConfig config;
    /** Members of the installed view that have not said hello yet. */
    private final Set<Address> pending = new HashSet<>();
    /**
     * Members of the view this node has disconnected from, or that disconnected from it ({@link #disconnect}): not
     * up, and not taken up by a stray hello, until {@link #reconnect}.
     */
    private final Set<Address> disconnected = new HashSet<>();
    /** The id of the view installed last; a hello waits until it reaches the hello's. */
    private long viewId = -1;
    /** The members of that view, in the order they joined (JGroups lists a view's members so). */
    private List<Address> viewOrder = List.of();
    /** Members of the view whose node has come up again in a newer incarnation. */
    private final Set<Address> superseded = new HashSet<>();
    private boolean closed;
    /** Whether {@link Endpoint#connect} is waiting for the first handshakes. */
    private boolean connecting;
    /** Set if, while connecting, a live member said hello with this node's own name. */
    private boolean nameInUse;
    /**
     * While joining, this node holds its hellos to the members that were there before it back until each has said its
     * own (or {@link #HOLD_MILLIS} passed), so that a live member of this node's name refuses it before any other
     * member hears of it (see {@link #holdHellos}).
     */
    private boolean holding;
    /** The members older than this node in the view, owed a first hello while {@link #holding}. */
    private final Set<Address> held = new LinkedHashSet<>();
    /** The hellos of {@link #held} members heard while holding: their members are taken up when the hold ends. */
    private final Map<Address, String> heard = new LinkedHashMap<>();
    /** Cluster services told of every view (distributed applications); see {@link #onView}. */
    private final List<Consumer<Map<String, Long>>> viewListeners = new CopyOnWriteArrayList<>();

    Membership(Endpoint end, ClusterConfig config) {
        this.end = end;
        this.config = config;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Joining

    /** Before the channel connects: hellos to older members are held, and a hello of this node's name refuses it. */
    synchronized void startConnecting() {
        connecting = true;
        holding = true;
    }

    /**
     * The joining node's side of the name check (docs/adr/0021-node-handshake.md, second amendment). The members send
     * their hellos as soon as they install the view that brought this node in, but this node holds its own to the
     * members older than it (JGroups lists a view's members in the order they joined; a live node of this name is one
     * of them) until it has heard each (or {@code millis} passed): if one of them has this node's name, it is refused
     * ({@link #nameInUse}) without ever having said who it is to the others, which would take it for a restart of
     * that member and lose the live one, as epmd refuses a second node of one name before it connects to anyone.
     * Then, member by member, it routes to each member it heard, sends it its hello, and tells its NodeUp, in that
     * order: what the member sends as soon as it has the hello is taken here, and no frame of this node's reaches a
     * member before its hello (nothing here knows the member is up before its NodeUp).
     */
    synchronized void holdHellos(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!closed && !nameInUse && !heardAllHeld()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        holding = false;
        if (!closed && !nameInUse) {
            for (Address a : held) {
                String name = heard.get(a);
                if (name != null && pending.remove(a)) {
                    // Routed to before the hello goes: the member takes this node up on it and may send at once
                    // (its dist_ac's question, a NodeUp subscriber's message), and this thread, not the receive
                    // thread, takes it up here; routed after, those frames could come first and be dropped as from
                    // a node not up yet. Nothing here sends to it before its NodeUp is told, after the hello.
                    up(end.member(a, name), () -> sendHello(a, false));
                } else {
                    sendHello(a, false); // not heard within the hold: taken up on its hello, on the receive thread
                }
            }
            tellViewListeners();
            notifyAll();
        }
        held.clear();
        heard.clear();
    }

    private boolean heardAllHeld() {
        for (Address a : held) {
            if (pending.contains(a) && !heard.containsKey(a)) {
                return false;
            }
        }
        return true;
    }

    synchronized void awaitHandshakes(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!pending.isEmpty() && !closed && !nameInUse) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                // Seen once in a full build (three nodes of one JVM joining one after the other): a member's first
                // hello never came, and the two stayed apart. Each is asked again, which a member that has this node
                // up answers, and one that never heard this node's hello either takes up and answers.
                Endpoint.LOG.warn("node {}: no hello yet from {}; asked again, they come up when it comes",
                        end.nodeName(), pending);
                for (Address a : pending) {
                    sendHello(a, AGAIN);
                }
                return;
            }
            wait(left);
        }
    }

    /** When {@link #askPendingAgain} first saw each member pending ({@code System.nanoTime()}), or last asked it. */
    private final Map<Address, Long> pendingSeen = new HashMap<>();

    /**
     * Asks again each member pending for longer than the failure timeout, on the endpoint's timer after the join.
     * {@link #awaitHandshakes} asks once, for the joining node; this covers the other direction (an older member that
     * never heard a newer node's hello, while the newer one took it up) and any hello lost later, after a merge.
     * The member answers as it answers a joining node's {@code AGAIN}. A member that is an old incarnation the failure
     * detector has not removed yet is asked in vain, once per timeout, until the view drops it.
     */
    synchronized void askPendingAgain() {
        if (closed || connecting || holding) {
            return;
        }
        long now = System.nanoTime();
        long after = config.failureTimeout().toNanos();
        pendingSeen.keySet().retainAll(pending);
        for (Address a : pending) {
            if (disconnected.contains(a) || superseded.contains(a)) {
                continue;
            }
            Long since = pendingSeen.putIfAbsent(a, now);
            if (since != null && now - since >= after) {
                Endpoint.LOG.warn("node {}: no hello from {} for {} ms; asked again", end.nodeName(), a,
                        (now - since) / 1_000_000);
                sendHello(a, AGAIN);
                pendingSeen.put(a, now);
            }
        }
    }

    /** After the first handshakes: true if a live member holds this node's name, and the join is refused. */
    synchronized boolean finishConnecting() {
        connecting = false;
        return nameInUse;
    }

    /** Leaving: every member up is lost here, with the usual signals, and waiters are woken. */
    synchronized void close() {
        closed = true;
        pending.clear();
        for (Endpoint.Member m : end.membersUp()) {
            end.lose(m, NodeDownReason.NET_KERNEL_TERMINATED);
        }
        tellViewListeners();
        notifyAll();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Listeners

    /**
     * Subscribes a cluster service to membership: {@code listener} is given the nodes up, this one included, by name
     * with their creation, at once and then after every view, on the thread that installs views (it must not block).
     */
    synchronized void onView(Consumer<Map<String, Long>> listener) {
        viewListeners.add(listener);
        listener.accept(end.membership());
    }

    private void tellViewListeners() {
        Map<String, Long> m = end.membership();
        for (Consumer<Map<String, Long>> l : viewListeners) {
            try {
                l.accept(m);
            } catch (RuntimeException e) {
                Endpoint.LOG.error("a view listener failed: {}", e.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views and hellos

    synchronized void viewAccepted(View view) {
        if (closed) {
            return;
        }
        viewId = view.getViewId().getId();
        viewOrder = view.getMembers();
        if (view instanceof MergeView merge) {
            lostByTheOtherSide(merge);
        }
        Set<Address> members = Set.copyOf(view.getMembers());
        for (Endpoint.Member m : end.membersUp()) {
            if (!members.contains(m.address())) {
                end.lose(m, NodeDownReason.CONNECTION_CLOSED);
            }
        }
        pending.retainAll(members);
        for (Address gone : List.copyOf(disconnected)) {
            if (!members.contains(gone)) {
                disconnected.remove(gone);
                end.dropLane(gone); // kept while it was disconnected and in the view (see disconnect)
            }
        }
        held.retainAll(members);
        heard.keySet().retainAll(members);
        superseded.retainAll(members);
        // A member superseded by a newer node of its name that is gone again, and still in the view, is alive: the
        // newer one was a node refused for taking a name in use (see hello). It is taken back, by a new handshake.
        superseded.removeIf(a -> {
            RemoteNode k = end.knownIncarnation(a);
            return k != null && end.upNamed(k.name()) == null;
        });
        boolean older = true; // members listed before this node joined before it
        Address me = end.channel().getAddress();
        for (Address a : view.getMembers()) {
            if (a.equals(me)) {
                older = false;
            } else if (!end.connected(a) && !pending.contains(a) && !superseded.contains(a)) {
                joined(a, older);
            }
        }
        tellViewListeners();
        notifyAll(); // hellos waiting for this view
    }

    /**
     * A node's hello, in the order of its frames. If this node has not installed the hello's view yet, the hello and
     * the frames behind it wait: on the receive thread ({@code mayWait} false) the answer is false, and the caller
     * hands them to a {@link Backlog}, whose thread calls again and waits here (bounded by the failure timeout's
     * double, then the hello is dropped: the view that would have carried it never came).
     *
     * @return false if the hello must wait and this thread may not
     */
    synchronized boolean hello(Address from, long helloView, byte kind, String name, boolean mayWait) {
        boolean answer = kind == ANSWER;
        if (viewId < helloView && !closed) {
            if (!mayWait) {
                return false;
            }
            long deadline = System.nanoTime() + Math.max(5_000, 2 * config.failureTimeout().toMillis()) * 1_000_000;
            try {
                while (viewId < helloView && !closed) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        Endpoint.LOG.warn("hello from {} for view {} dropped: this node is still at view {}", from,
                                helloView, viewId);
                        return true;
                    }
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        if (closed) {
            return true;
        }
        Endpoint.Member m;
        if (name == null) {
            Endpoint.LOG.warn("hello from {} without a node name; ignored", from); // not a Loom OTP node's
            return true;
        }
        if (name.equals(end.nodeName())) {
            // A live node with this node's name: only a live node says hello, so it is no old incarnation. As epmd
            // refuses a second node of a name, the one joining gives up (connect throws); a member goes on.
            pending.remove(from);
            superseded.add(from); // never taken up while it stays in the view
            // Two nodes of one name joining at once: the one the view lists first (it joined first) stays, as epmd
            // lets the first one register; the other gives up. Without the order both could: the second one's
            // refusal, answered to the first while that one was still joining, refused the first too.
            if (connecting && !joinedAfterThisNode(from)) {
                nameInUse = true;
                sendHello(from, true); // only to it, which logs the refusal; the others never hear of this node
                notifyAll();
            } else {
                Endpoint.LOG.warn("node {}: another node named {} tried to join cluster {}; it is refused, and this "
                        + "node goes on", end.nodeName(), name, config.clusterName());
            }
            return true;
        }
        if (holding && held.contains(from) && pending.contains(from)) {
            heard.put(from, name); // taken up when the hold ends, as this node sends its own hello (holdHellos)
            notifyAll();
            return true;
        }
        if (pending.remove(from)) {
            // asked again: its first hello to this node may have been lost too, so it gets an answer
            up(end.member(from, name), kind == AGAIN ? () -> sendHello(from, true) : null);
        } else if (kind == AGAIN && end.memberAt(from) != null) {
            sendHello(from, true); // up here already: only this node's hello to it was lost, and is answered again
            return true;
        } else if (!answer && disconnected.remove(from)) {
            // it reconnects (net_kernel:connect_node): up again here, and told so, which takes this node up there. The
            // answer goes out once the node is routed to (what it sends on the answer is taken) and before this node's
            // services hear of it: what they send on NodeUp (global's and pg's tables) must not overtake the answer,
            // or the other side drops it as from a node not up yet, and never gets it again
            up(end.member(from, name), () -> sendHello(from, true));
        } else if ((m = end.memberAt(from)) != null && !answer) {
            // it saw this node join again, so it had lost it: this side missed the loss, and ends that connection now
            // (the node stays in the view: its lane is kept, and the answer follows what was queued to it; answered
            // as above)
            end.lose(m, true, NodeDownReason.CONNECTION_CLOSED);
            up(m, () -> sendHello(from, true));
        } else {
            return true; // an answer to a hello already taken, or from a node that has left the view since
        }
        tellViewListeners();
        notifyAll(); // connect() waiting for the first handshakes
        return true;
    }

    /** True if the view lists {@code other} after this node: it joined later (false if either is not listed). */
    private boolean joinedAfterThisNode(Address other) {
        int mine = viewOrder.indexOf(end.channel().getAddress());
        int theirs = viewOrder.indexOf(other);
        return mine >= 0 && theirs > mine;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // disconnect_node and connect_node

    /**
     * {@code erlang:disconnect_node/1}: takes the connection to node {@code name} down on both sides, with the usual
     * signals ({@code noconnection}, {@code NodeDown}). The other node is told first, on the same ordered channel as
     * every earlier frame, and then lost here; it stays a member of the view, not connected, until either side
     * {@link #reconnect}s. The lane to it is kept meanwhile, and hellos go through it too, so the hello of a reconnect
     * can never overtake the {@code DISCONNECT} (or a frame sent before it): with the lane dropped, a reconnect at once
     * could reach the other node first, which then took the late {@code DISCONNECT} for a new one, and the connection
     * stayed up on one side only. Unlike Erlang, a later message to it does not connect again by itself: it is dropped, as to
     * a node that is down.
     *
     * @return false if no node of that name is connected
     */
    synchronized boolean disconnect(String name) {
        Endpoint.Member m = end.upNamed(name);
        if (m == null || closed) {
            return false;
        }
        end.sendInOrder(m.address(), end.frame(w -> w.op(Op.DISCONNECT), null));
        end.lose(m, true, NodeDownReason.DISCONNECT);
        disconnected.add(m.address());
        tellViewListeners();
        return true;
    }

    /** The other side of {@link #disconnect}: node {@code from} has taken the connection down. */
    synchronized void disconnected(Address from) {
        Endpoint.Member m = end.memberAt(from);
        if (m != null && !closed) {
            end.lose(m, true, NodeDownReason.CONNECTION_CLOSED);
            disconnected.add(from);
            tellViewListeners();
        }
    }

    /**
     * {@code net_kernel:connect_node/1}: connects again to a node of the view this node is disconnected from, by the
     * handshake of a join; waits until it is up, within the failure-detection timeout.
     *
     * @return true if it is up (or was), false if no member of the view has that name or it did not answer in time
     */
    synchronized boolean reconnect(String name) {
        long deadline = System.nanoTime() + Math.max(1_000, config.failureTimeout().toMillis()) * 1_000_000;
        if (end.upNamed(name) != null) {
            return true;
        }
        Address a = null;
        for (Address d : disconnected) {
            RemoteNode k = end.knownIncarnation(d);
            if (k != null && k.name().equals(name)) {
                a = d;
            }
        }
        if (a == null || closed) {
            return false;
        }
        disconnected.remove(a);
        pending.add(a);
        sendHello(a, false);
        try {
            while (end.upNamed(name) == null && !closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    if (pending.remove(a)) {
                        disconnected.add(a); // as it was: a later reconnect may try again
                    }
                    return false;
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return end.upNamed(name) != null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Under the lock

    private void sendHello(Address to, boolean answer) {
        sendHello(to, answer ? ANSWER : FIRST);
    }

    /** A hello's kind on the wire: a node's first hello to a member, the answer to one, or a first hello sent again. */
    static final byte FIRST = 0;
    static final byte ANSWER = 1;
    static final byte AGAIN = 2;

    private void sendHello(Address to, byte kind) {
        long v = viewId;
        String self = end.nodeName();
        byte[] f = end.frame(w -> {
            w.op(Op.HELLO);
            w.serial(v);
            w.out().writeByte(kind);
            w.string(self);
        }, null);
        end.sendInOrder(to, f);
    }

    /**
     * A partition one side saw and the other did not (the heal came before this node's detector fired) would leave
     * links that one side removed and the other kept. As Erlang, where a connection torn down on one side is down on
     * both, a member that comes back from a subgroup without this node (it had lost this node) is lost here too,
     * before it joins again: both sides see {@code noconnection}, and no link survives the partition.
     */
    private void lostByTheOtherSide(MergeView merge) {
        Address me = end.channel().getAddress();
        for (View sub : merge.getSubgroups()) {
            if (sub.containsMember(me)) {
                continue;
            }
            for (Address a : sub.getMembers()) {
                Endpoint.Member m = end.memberAt(a);
                if (m != null) {
                    end.lose(m, NodeDownReason.CONNECTION_CLOSED);
                }
            }
        }
    }

    /** A member the view brought in; {@code older}: listed before this node, so there before it. */
    private void joined(Address a, boolean older) {
        if (!(a instanceof UUID)) {
            Endpoint.LOG.warn("member {} is not a Loom OTP node; ignored", a);
            return;
        }
        pending.add(a);
        if (holding && older) {
            held.add(a);
        } else {
            sendHello(a, false);
        }
    }

    /**
     * Takes a member as up. An older incarnation of its node still up here (a node killed and restarted before the
     * failure detector saw it go) is lost first, as Erlang takes the old connection down before the new one is up:
     * {@code NodeDown} then {@code NodeUp}, and the old pids answer {@code noproc}.
     */
    private void up(Endpoint.Member m) {
        up(m, null);
    }

    /** Takes {@code m} up; {@code beforeNodeUp}, if any, runs once it is routed to, before NodeUp is told. */
    private void up(Endpoint.Member m, Runnable beforeNodeUp) {
        for (Endpoint.Member old : end.membersUp()) {
            if (old.node().name().equals(m.node().name()) && old.node().creation() != m.node().creation()) {
                end.lose(old, NodeDownReason.CONNECTION_CLOSED);
                superseded.add(old.address());
            }
        }
        // an older incarnation still in the view, not up: superseded if this node knew it (its name is in its hello)
        pending.removeIf(old -> {
            RemoteNode k = end.knownIncarnation(old);
            return k != null && k.name().equals(m.node().name()) && k.creation() != m.node().creation()
                    && superseded.add(old);
        });
        end.takeUp(m, beforeNodeUp);
    }
}
