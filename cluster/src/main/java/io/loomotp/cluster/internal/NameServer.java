package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.NameResolver;
import io.loomotp.cluster.NodeDown;
import io.loomotp.cluster.NodeUp;
import io.loomotp.cluster.internal.NameWire.Reg;
import io.loomotp.runtime.AlreadyRegisteredException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SpawnOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's global name server, OTP's {@code global_name_server}: one process per node, registered locally as
 * {@value #NAME}, that owns the global names of this node's processes and a replica of every other node's.
 *
 * <p>Ownership. A name belongs to the node of its process: only that node adds or removes it, and sends each change to
 * every node it sees up, on the ordered channel between the two servers; a node it sees come up first gets the whole
 * list ({@link NameWire.Sync}). So each node's replica of another's names is that node's own list, in its order, and
 * it is dropped whole when the node is lost. A process that dies is seen by its own server's monitor.
 *
 * <p>Uniqueness. A registration is serialized through one node, the <em>leader</em>: the up node whose name sorts
 * first, as a JGroups coordinator is the first member of a view. It grants a name that is free in its table and not
 * granted to another node. The leader's view can lag behind a view change (a new leader does not know the grants of a
 * lost one), and a partition has a leader on each side; the clashes that follow are found where both registrations
 * meet and settled by the {@link NameResolver} of the node whose name sorts first of the two owners, OTP's "Method is
 * called once at one of the nodes where the processes reside".
 *
 * <p>Why one unit (about 670 lines, re-registration and the answered unregistration included), after the lock table
 * moved out ({@link LockTable}):
 * names, lock requests and {@code sync} barriers all follow one view of which nodes are up, and a node's loss must
 * act on all of them in one step (drop its replica and grants, re-ask a lost leader, count it as answered by pending
 * lock requests and barriers); and one {@code Down} may end both a name's holder and a lock's. Split further, each
 * part would need that view and that step handed to it. What changes alone is apart already: the lock table, and the
 * wire records ({@link NameWire}).
 *
 * <p>Threading: the state is this process's alone; {@link #table} is the published view that any thread reads.
 */
public final class NameServer {
    /** The server's local registered name on every node. */
    public static final String NAME = "global_name_server";

    /** Registers a name; completes with true if this node's process got it. */
    public record Register(String name, Pid pid, NameResolver resolver, CompletableFuture<Boolean> done) {}

    /**
     * Moves a name to this node's process {@code pid}, from whichever process holds it now, wherever it lives
     * ({@code global:re_register_name}); completes with false only if {@code pid} holds another global name.
     */
    public record ReRegister(String name, Pid pid, NameResolver resolver, CompletableFuture<Boolean> done) {}

    /** Unregisters a name wherever its process lives; completes with true if it was registered. */
    public record Unregister(String name, CompletableFuture<Boolean> done) {}

    /**
     * Sets ({@code set}) or releases a global lock for {@code pid} on {@code nodes} (null: this node and every node
     * up), all or none: completes with true if every node that answered set it; a refusal releases the others.
     */
    public record LockRequest(String resource, Object requester, Pid pid, List<String> nodes, boolean set,
                              CompletableFuture<Boolean> done) {}

    /** {@code global:sync}: completes once every node up now has answered a barrier (or been lost). */
    public record SyncRequest(CompletableFuture<Void> done) {}

    private record Owned(Pid pid, NameResolver resolver, MonitorRef ref) {}

    private record BarrierPending(Set<String> waiting, CompletableFuture<Void> done) {}

    private record Unregistering(String holderNode, CompletableFuture<Boolean> done) {}


    /** A lock request waiting for the nodes' answers. */
    private static final class LockPending {
        final LockRequest request;
        final Set<String> waiting;
        final List<String> granted = new ArrayList<>();
        boolean refused;

        LockPending(LockRequest request, Set<String> waiting) {
            this.request = request;
            this.waiting = waiting;
        }
    }

    /** A registration asked of {@code leader}; {@code force}: a re-registration, granted whoever holds the name. */
    private record Pending(Reg reg, NameResolver resolver, CompletableFuture<Boolean> done, String leader,
                           boolean force) {}

    private record Grant(String node, Pid pid) {}

    private final Endpoint end;
    private final String self;
    private final ConcurrentHashMap<String, Pid> table = new ConcurrentHashMap<>();
    private final TreeSet<String> up = new TreeSet<>();
    private final Map<String, Owned> owned = new HashMap<>();
    private final Map<Pid, String> nameOf = new HashMap<>();
    private final Map<String, Map<String, Pid>> replicas = new HashMap<>();
    private final Map<String, Map<String, Pid>> early = new HashMap<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final LockTable locks = new LockTable();
    private final Map<Long, LockPending> lockPending = new HashMap<>();
    private final Map<Long, BarrierPending> barriers = new HashMap<>();
    /** Unregistrations of names held on other nodes, waiting for the holder's node to say the name is gone. */
    private final Map<Long, Unregistering> unregistering = new HashMap<>();
    /** Barriers from nodes this one does not see up yet: answered at their node-up, after this node's list. */
    private final Map<String, List<Long>> barriersEarly = new HashMap<>();
    private long ids;
    private Pid me;

    public NameServer(Endpoint end) {
        this.end = end;
        this.self = end.nodeName();
    }

    /** The names registered cluster-wide as this node sees them now, with their processes. */
    public Map<String, Pid> table() {
        return table;
    }

    /**
     * Starts the server on {@code node}, registered as {@value #NAME}.
     *
     * @throws ClusterException if a process of the user's holds that name
     */
    public Pid start(Node node) {
        try {
            return node.spawn(this::run, SpawnOptions.defaults().withName(NAME));
        } catch (AlreadyRegisteredException taken) {
            throw new ClusterException("cannot start node " + self + "'s global name server: "
                    + taken.getMessage(), taken);
        }
    }

    private void run() {
        me = Process.self();
        end.monitorNodes(me, true, false);
        for (String n : end.nodes()) {
            nodeUp(n, true);
        }
        for (;;) {
            Object m = Process.receive();
            switch (m) {
                case Register r -> register(r);
                case ReRegister r -> reRegister(r);
                case Unregister u -> unregister(u);
                case NameWire.Sync s -> sync(s);
                case NameWire.Add a -> replica(a.from(), a.reg(), true);
                case NameWire.Remove r -> replica(r.from(), r.reg(), false);
                case NameWire.Claim c -> claim(c.from(), c.id(), c.reg(), c.force());
                case NameWire.Granted g -> granted(g.id());
                case NameWire.Denied d -> denied(d.id());
                case NameWire.Drop d -> drop(d);
                case NameWire.Dropped d -> {
                    Unregistering u = unregistering.remove(d.id());
                    if (u != null) {
                        u.done().complete(true);
                    }
                }
                case LockRequest r -> lock(r);
                case NameWire.SetLock l -> send(l.from(), new NameWire.LockAnswer(self, l.id(),
                        locks.set(l.resource(), l.requester(), l.pid())));
                case NameWire.DelLock l -> {
                    locks.release(l.resource(), l.requester(), l.pid());
                    if (l.id() != 0) {
                        send(l.from(), new NameWire.LockAnswer(self, l.id(), true));
                    }
                }
                case NameWire.LockAnswer a -> lockAnswered(a.from(), a.id(), a.ok());
                case SyncRequest r -> barrier(r);
                case NameWire.Barrier b -> {
                    if (up.contains(b.from())) {
                        send(b.from(), new NameWire.BarrierDone(self, b.id()));
                    } else {
                        barriersEarly.computeIfAbsent(b.from(), n -> new ArrayList<>()).add(b.id());
                    }
                }
                case NameWire.BarrierDone d -> barrierDone(d.from(), d.id());
                case Down d -> {
                    died(d.pid());
                    locks.holderDied(d.pid());
                }
                case NodeUp u -> nodeUp(u.node(), false);
                case NodeDown d -> nodeDown(d.node());
                default -> Endpoint.LOG.warn("global name server {}: unexpected message {}", me, m);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Local requests

    private void register(Register r) {
        if (table.containsKey(r.name()) || nameOf.containsKey(r.pid()) || pendingFor(r.name(), r.pid())) {
            // OTP's register_name/3: a taken name answers no before check_dupname is asked, so nothing is logged
            if (!table.containsKey(r.name()) && nameOf.containsKey(r.pid())) {
                Endpoint.LOG.error("global: {} registered under several names: {} and {}", r.pid(),
                        nameOf.get(r.pid()), r.name());
            }
            r.done().complete(false);
            return;
        }
        claim(++ids, new Reg(r.name(), r.pid()), r.resolver(), r.done(), false);
    }

    private void reRegister(ReRegister r) {
        String held = nameOf.get(r.pid());
        if (held != null && !held.equals(r.name())) { // OTP lets a process hold two names here, and calls it broken
            Endpoint.LOG.error("global: {} registered under several names: {} and {}; re-registration refused",
                    r.pid(), held, r.name());
            r.done().complete(false);
            return;
        }
        if (held != null) { // it holds this name already: only the resolver of a later clash changes
            Owned o = owned.get(r.name());
            owned.put(r.name(), new Owned(o.pid(), r.resolver(), o.ref()));
            r.done().complete(true);
            return;
        }
        claim(++ids, new Reg(r.name(), r.pid()), r.resolver(), r.done(), true);
    }

    private boolean pendingFor(String name, Pid pid) {
        for (Pending p : pending.values()) {
            if (p.reg().name().equals(name) || p.reg().pid().equals(pid)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code global:unregister_name/1}: answers once every node this one sees has dropped the name, as OTP's
     * multi_call does, so that a registration anywhere after it is not refused by a replica that still has it. A name
     * held here is dropped and a barrier follows its {@code Remove}; a name held on another node is dropped there, and
     * that node answers after its own barrier ({@link NameWire.Dropped}), or its loss does.
     */
    private void unregister(Unregister u) {
        if (owned.containsKey(u.name())) {
            dropOwned(u.name());
            afterBarrier(() -> u.done().complete(true));
            return;
        }
        for (Map.Entry<String, Map<String, Pid>> e : replicas.entrySet()) {
            Pid p = e.getValue().get(u.name());
            if (p != null) {
                long id = ++ids;
                unregistering.put(id, new Unregistering(e.getKey(), u.done()));
                send(e.getKey(), new NameWire.Drop(self, id, new Reg(u.name(), p)));
                return; // one holder: a name is held on one node but during a clash, which its resolver settles
            }
        }
        u.done().complete(false);
    }

    /** Runs {@code then} (on this server) once every node up now has handled what this node sent before. */
    private void afterBarrier(Runnable then) {
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        barrier.thenRun(then);
        barrier(new SyncRequest(barrier));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Registration through the leader

    private String leader() {
        return up.isEmpty() || self.compareTo(up.first()) < 0 ? self : up.first();
    }

    /** Asks the leader of the moment for a registration ({@code force}: a re-registration), pending until it answers. */
    private void claim(long id, Reg reg, NameResolver resolver, CompletableFuture<Boolean> done, boolean force) {
        String leader = leader();
        pending.put(id, new Pending(reg, resolver, done, leader, force));
        if (leader.equals(self)) {
            claim(self, id, reg, force);
        } else {
            send(leader, new NameWire.Claim(self, id, reg, force));
        }
    }

    private void claim(String from, long id, Reg reg, boolean force) {
        Pid holder = table.get(reg.name());
        Grant g = grants.get(reg.name());
        Object answer;
        if (force) { // a re-registration: it overrides the holder and any grant still in flight
            grants.put(reg.name(), new Grant(from, reg.pid()));
            answer = new NameWire.Granted(id);
        } else if (holder != null && !holder.equals(reg.pid())) {
            answer = new NameWire.Denied(id, holder);
        } else if (g != null && !g.pid().equals(reg.pid())) {
            answer = new NameWire.Denied(id, g.pid());
        } else {
            grants.put(reg.name(), new Grant(from, reg.pid()));
            answer = new NameWire.Granted(id);
        }
        if (from.equals(self)) {
            if (answer instanceof NameWire.Granted ok) {
                granted(ok.id());
            } else {
                denied(id);
            }
        } else {
            send(from, answer);
        }
    }

    private void granted(long id) {
        Pending p = pending.remove(id);
        if (p == null) {
            return;
        }
        Reg reg = p.reg();
        if (p.leader().equals(self)) {
            grants.remove(reg.name());
        }
        String other = nameOf.get(reg.pid());
        if (other != null) { // a re-registration gave it a name meanwhile
            if (other.equals(reg.name())) {
                p.done().complete(true);
            } else {
                release(p.leader(), reg);
                p.done().complete(false);
            }
            return;
        }
        Pid now = table.get(reg.name());
        if (p.force()) {
            takeOver(reg);
        } else if (now != null && !now.equals(reg.pid())) { // another node's registration reached us meanwhile
            release(p.leader(), reg);
            p.done().complete(false);
            return;
        }
        owned.put(reg.name(), new Owned(reg.pid(), p.resolver(), Process.monitor(reg.pid())));
        nameOf.put(reg.pid(), reg.name());
        refresh(reg.name());
        broadcast(new NameWire.Add(self, reg));
        afterBarrier(() -> p.done().complete(true)); // answered once every node up has the name, as OTP's register_name
    }

    /**
     * Before a re-registered name is added here: its holder here drops it (and says so to every node), and a holder
     * on another node is told to drop it, before this node's {@code Add} reaches that node on the same ordered channel.
     * This node forgets that holder at once, so that it sees no clash; a third node may see both owners for a moment,
     * and shows the one on the node whose name sorts first until the holder's {@code Remove} reaches it. A holder this
     * node has not heard of yet (its {@code Add} still on the way) is a clash, settled by the resolvers.
     */
    private void takeOver(Reg reg) {
        Owned mine = owned.get(reg.name());
        if (mine != null && !mine.pid().equals(reg.pid())) {
            dropOwned(reg.name());
        }
        for (Map.Entry<String, Map<String, Pid>> e : replicas.entrySet()) {
            Pid old = e.getValue().get(reg.name());
            if (old != null && !old.equals(reg.pid())) {
                e.getValue().remove(reg.name());
                send(e.getKey(), new NameWire.Drop(new Reg(reg.name(), old)));
            }
        }
    }

    private void release(String leader, Reg reg) {
        if (!leader.equals(self)) {
            send(leader, new NameWire.Remove(self, reg));
        }
    }

    private void denied(long id) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.done().complete(false);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Replicas

    private void nodeUp(String node, boolean askBack) {
        up.add(node);
        Map<String, Pid> first = early.remove(node);
        if (first != null) {
            replicas.put(node, first);
            first.keySet().forEach(this::refresh);
        }
        send(node, new NameWire.Sync(self, ownedRegs(), askBack));
        List<Long> waiting = barriersEarly.remove(node);
        if (waiting != null) { // after the list just sent, so the asker has it when its barrier ends
            waiting.forEach(id -> send(node, new NameWire.BarrierDone(self, id)));
        }
    }

    private void nodeDown(String node) {
        up.remove(node);
        barriersEarly.remove(node);
        unregistering.values().removeIf(u -> {
            boolean lost = u.holderNode().equals(node);
            if (lost) {
                u.done().complete(true); // its names go with it
            }
            return lost;
        });
        for (long id : List.copyOf(barriers.keySet())) {
            barrierDone(node, id); // a lost node has nothing more to tell
        }
        for (long id : List.copyOf(lockPending.keySet())) {
            LockPending p = lockPending.get(id);
            if (p != null && p.waiting.remove(node)) {
                finishLock(id, p); // a lost node holds no lock: as global, set on the nodes that are left
            }
        }
        early.remove(node);
        grants.values().removeIf(g -> g.node().equals(node));
        Map<String, Pid> gone = replicas.remove(node);
        if (gone != null) {
            gone.keySet().forEach(this::refresh);
        }
        for (Map.Entry<Long, Pending> e : List.copyOf(pending.entrySet())) {
            Pending p = e.getValue();
            if (p.leader().equals(node)) { // the leader was lost before it answered: ask the next one
                claim(e.getKey(), p.reg(), p.resolver(), p.done(), p.force());
            }
        }
    }

    private void sync(NameWire.Sync s) {
        Map<String, Pid> names = new HashMap<>();
        for (Reg r : s.regs()) {
            names.put(r.name(), r.pid());
        }
        if (!up.contains(s.from())) { // it sent this after seeing us; we will see it up next
            early.put(s.from(), names);
            return;
        }
        Map<String, Pid> old = replicas.put(s.from(), names);
        grants.entrySet().removeIf(e -> e.getValue().node().equals(s.from()) && names.containsKey(e.getKey()));
        Set<String> touched = new TreeSet<>(names.keySet());
        if (old != null) {
            touched.addAll(old.keySet());
        }
        touched.forEach(this::refresh);
        if (s.answer()) {
            send(s.from(), new NameWire.Sync(self, ownedRegs(), false));
        }
    }

    private void replica(String from, Reg reg, boolean add) {
        Grant g = grants.get(reg.name());
        if (g != null && g.node().equals(from)) {
            grants.remove(reg.name());
        }
        Map<String, Pid> names = replicas.containsKey(from) ? replicas.get(from) : early.get(from);
        if (names == null) {
            return; // from a node lost since: its list went with it
        }
        if (add) {
            names.put(reg.name(), reg.pid());
        } else {
            names.remove(reg.name(), reg.pid());
        }
        refresh(reg.name());
    }

    private void drop(NameWire.Drop d) {
        Reg reg = d.reg();
        Owned o = owned.get(reg.name());
        if (o != null && o.pid().equals(reg.pid())) {
            dropOwned(reg.name());
        }
        if (d.id() != 0) {
            afterBarrier(() -> send(d.from(), new NameWire.Dropped(d.id())));
        }
    }

    private void died(Pid pid) {
        String name = nameOf.get(pid);
        if (name != null) {
            dropOwned(name);
        }
    }

    private void dropOwned(String name) {
        Owned o = owned.remove(name);
        nameOf.remove(o.pid());
        Process.demonitor(o.ref(), true);
        broadcast(new NameWire.Remove(self, new Reg(name, o.pid())));
        refresh(name);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The published table and clashes

    /** Publishes who holds {@code name} here: the holder on the node whose name sorts first; settles a clash. */
    private void refresh(String name) {
        TreeMap<String, Pid> holders = holders(name);
        if (holders.isEmpty()) {
            table.remove(name);
            return;
        }
        table.put(name, holders.firstEntry().getValue());
        if (holders.size() > 1 && holders.firstKey().equals(self)) {
            resolve(name, holders);
        }
    }

    private TreeMap<String, Pid> holders(String name) {
        TreeMap<String, Pid> holders = new TreeMap<>();
        Owned mine = owned.get(name);
        if (mine != null) {
            holders.put(self, mine.pid());
        }
        for (Map.Entry<String, Map<String, Pid>> e : replicas.entrySet()) {
            Pid p = e.getValue().get(name);
            if (p != null) {
                holders.put(e.getKey(), p);
            }
        }
        return holders;
    }

    private void resolve(String name, TreeMap<String, Pid> holders) {
        Owned mine = owned.get(name);
        for (Map.Entry<String, Pid> other : holders.tailMap(self, false).entrySet()) {
            Pid winner;
            try {
                winner = mine.resolver().resolve(name, mine.pid(), other.getValue());
            } catch (RuntimeException e) {
                Endpoint.LOG.error("global: the resolver of name {} failed; neither keeps it", name, e);
                winner = null;
            }
            if (!mine.pid().equals(winner)) {
                dropOwned(name);
            }
            if (!other.getValue().equals(winner)) {
                replicas.get(other.getKey()).remove(name);
                send(other.getKey(), new NameWire.Drop(new Reg(name, other.getValue())));
            }
            if (!owned.containsKey(name)) {
                break; // ours lost: the next owner in order settles the rest
            }
        }
        TreeMap<String, Pid> left = holders(name);
        if (left.isEmpty()) {
            table.remove(name);
        } else {
            table.put(name, left.firstEntry().getValue());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // global:sync: a barrier with every node up

    private void barrier(SyncRequest r) {
        long id = ++ids;
        if (up.isEmpty()) {
            r.done().complete(null);
            return;
        }
        barriers.put(id, new BarrierPending(new TreeSet<>(up), r.done()));
        for (String n : up) {
            send(n, new NameWire.Barrier(self, id));
        }
    }

    private void barrierDone(String node, long id) {
        BarrierPending p = barriers.get(id);
        if (p != null && p.waiting().remove(node) && p.waiting().isEmpty()) {
            barriers.remove(id);
            p.done().complete(null);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Locks (global:set_lock/del_lock): each node holds its own table; a request goes to every node it names

    private void lock(LockRequest r) {
        long id = ++ids;
        Set<String> targets = new TreeSet<>();
        if (r.nodes() == null) {
            targets.add(self);
            targets.addAll(up);
        } else {
            for (String n : r.nodes()) {
                if (n.equals(self) || up.contains(n)) {
                    targets.add(n); // a node not connected is not locked, as in global
                }
            }
        }
        LockPending p = new LockPending(r, new TreeSet<>(targets));
        lockPending.put(id, p);
        for (String n : targets) {
            if (n.equals(self)) {
                boolean ok = true;
                if (r.set()) {
                    ok = locks.set(r.resource(), r.requester(), r.pid());
                } else {
                    locks.release(r.resource(), r.requester(), r.pid());
                }
                lockAnswered(self, id, ok);
            } else if (r.set()) {
                send(n, new NameWire.SetLock(self, id, r.resource(), r.requester(), r.pid()));
            } else {
                send(n, new NameWire.DelLock(self, id, r.resource(), r.requester(), r.pid()));
            }
        }
        if (targets.isEmpty()) {
            finishLock(id, p);
        }
    }

    private void lockAnswered(String node, long id, boolean ok) {
        LockPending p = lockPending.get(id);
        if (p == null || !p.waiting.remove(node)) {
            return;
        }
        if (!ok) {
            p.refused = true;
        } else if (p.request.set()) {
            p.granted.add(node);
        }
        finishLock(id, p);
    }

    private void finishLock(long id, LockPending p) {
        if (!p.waiting.isEmpty()) {
            return;
        }
        lockPending.remove(id);
        LockRequest r = p.request;
        if (p.refused) { // all or none: give back what the other nodes set
            for (String n : p.granted) {
                if (n.equals(self)) {
                    locks.release(r.resource(), r.requester(), r.pid());
                } else {
                    send(n, new NameWire.DelLock(self, 0, r.resource(), r.requester(), r.pid()));
                }
            }
        }
        r.done().complete(!p.refused);
    }

    // ------------------------------------------------------------------------------------------------------------

    private List<Reg> ownedRegs() {
        List<Reg> regs = new ArrayList<>(owned.size());
        owned.forEach((name, o) -> regs.add(new Reg(name, o.pid())));
        return List.copyOf(regs);
    }

    private void broadcast(NameWire message) {
        for (String n : up) {
            send(n, message);
        }
    }

    private void send(String node, Object message) {
        end.sendNamed(me, node, NAME, message, false);
    }
}
