package io.loomotp.cluster.internal;

import io.loomotp.cluster.GroupEvent;
import io.loomotp.cluster.NodeDown;
import io.loomotp.cluster.NodeUp;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pg scope on one node, OTP's {@code pg} scope process: registered locally under the scope's name, it owns the
 * memberships of this node's processes in the scope's groups and a replica of those of every other node that runs
 * the scope.
 *
 * <p>As in pg.erl, a process joins only on its own node; the node sends each join and leave to every node it sees up
 * (a node that does not run the scope drops them), and its whole membership to a node it sees come up or that asks
 * ({@link PgWire.Sync}). Members of a lost node leave with it; a dead member leaves by this server's monitor. After a
 * partition heals, the syncs exchanged on the new views make every node's replica the owners' lists again, so
 * membership converges; the differences are told to the monitors as joins and leaves.
 *
 * <p>Threading: the state is this process's alone; {@link #members} and {@link #localMembers} are the published views
 * that any thread reads.
 */
public final class ScopeServer {
    /** Joins local processes to a group. */
    public record Join(String group, List<Pid> pids, CompletableFuture<Boolean> done) {}

    /** Makes local processes leave a group; completes with false if none of them was a member (pg's not_joined). */
    public record Leave(String group, List<Pid> pids, CompletableFuture<Boolean> done) {}

    /** Monitors one group ({@code group} non-null) or the scope; completes with the members now. */
    public record Monitor(String group, Pid subscriber, MonitorRef ref, CompletableFuture<Object> done) {}

    /** Removes a monitor; completes with false if it was not there. */
    public record Demonitor(MonitorRef ref, CompletableFuture<Boolean> done) {}

    private record Watch(String group, Pid subscriber) {}

    private final Endpoint end;
    private final String scope;
    private final String self;
    private final ConcurrentHashMap<String, List<Pid>> members = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<Pid>> localMembers = new ConcurrentHashMap<>();
    private final Set<String> up = new TreeSet<>();
    private final Map<String, List<Pid>> local = new HashMap<>();
    private final Map<Pid, MonitorRef> joined = new HashMap<>();
    private final Map<String, Map<String, List<Pid>>> remote = new HashMap<>();
    private final Map<String, Map<String, List<Pid>>> early = new HashMap<>();
    private final Map<MonitorRef, Watch> watches = new HashMap<>();
    private final Map<Pid, MonitorRef> watchers = new HashMap<>();
    private Pid me;

    public ScopeServer(Endpoint end, String scope) {
        this.end = end;
        this.scope = scope;
        this.self = end.nodeName();
    }

    /** Every member of every group, as this node sees them now. */
    public Map<String, List<Pid>> members() {
        return members;
    }

    /** The members on this node. */
    public Map<String, List<Pid>> localMembers() {
        return localMembers;
    }

    /** The process body, once it holds the scope's name. */
    public void run() {
        me = Process.self();
        end.monitorNodes(me, true, false);
        for (String n : end.nodes()) {
            nodeUp(n, true);
        }
        for (;;) {
            Object m = Process.receive();
            switch (m) {
                case Join j -> {
                    join(j.group(), j.pids());
                    j.done().complete(true);
                }
                case Leave l -> l.done().complete(leave(l.group(), l.pids()));
                case Monitor w -> monitor(w);
                case Demonitor d -> d.done().complete(demonitor(d.ref()));
                case PgWire.Sync s -> sync(s);
                case PgWire.Join j -> replica(j.from(), j.group(), j.pids(), true);
                case PgWire.Leave l -> replica(l.from(), l.group(), l.pids(), false);
                case Down d -> died(d.pid());
                case NodeUp u -> nodeUp(u.node(), false);
                case NodeDown d -> nodeDown(d.node());
                default -> Endpoint.LOG.warn("pg scope {} {}: unexpected message {}", scope, me, m);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Local memberships

    private void join(String group, List<Pid> pids) {
        for (Pid p : pids) {
            joined.computeIfAbsent(p, Process::monitor);
        }
        local.computeIfAbsent(group, g -> new ArrayList<>()).addAll(pids);
        broadcast(new PgWire.Join(self, group, List.copyOf(pids)));
        changed(group, pids, List.of());
    }

    private boolean leave(String group, List<Pid> pids) {
        List<Pid> in = local.get(group);
        List<Pid> left = new ArrayList<>();
        for (Pid p : in == null ? List.<Pid>of() : pids) {
            if (in.remove(p)) {
                left.add(p);
            }
        }
        if (left.isEmpty()) {
            return false;
        }
        afterLocalLeave(group, left);
        return true;
    }

    private void died(Pid pid) {
        if (joined.containsKey(pid)) {
            for (String group : List.copyOf(local.keySet())) {
                List<Pid> in = local.get(group);
                List<Pid> left = new ArrayList<>();
                while (in.remove(pid)) {
                    left.add(pid);
                }
                if (!left.isEmpty()) {
                    afterLocalLeave(group, left);
                }
            }
            joined.remove(pid);
        }
        MonitorRef w = watchers.remove(pid);
        if (w != null) {
            watches.values().removeIf(x -> x.subscriber().equals(pid));
        }
    }

    private void afterLocalLeave(String group, List<Pid> left) {
        if (local.get(group).isEmpty()) {
            local.remove(group);
        }
        for (Pid p : left) {
            MonitorRef ref = isLocalMember(p) ? null : joined.remove(p);
            if (ref != null) { // null: a pid listed twice, demonitored at its first occurrence
                Process.demonitor(ref, true);
            }
        }
        broadcast(new PgWire.Leave(self, group, List.copyOf(left)));
        changed(group, List.of(), left);
    }

    private boolean isLocalMember(Pid p) {
        for (List<Pid> in : local.values()) {
            if (in.contains(p)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Monitors

    private void monitor(Monitor w) {
        watches.put(w.ref(), new Watch(w.group(), w.subscriber()));
        watchers.computeIfAbsent(w.subscriber(), Process::monitor);
        if (w.group() != null) {
            w.done().complete(members.getOrDefault(w.group(), List.of()));
        } else {
            w.done().complete(Map.copyOf(members));
        }
    }

    private boolean demonitor(MonitorRef ref) {
        Watch w = watches.remove(ref);
        if (w == null) {
            return false;
        }
        if (watches.values().stream().noneMatch(x -> x.subscriber().equals(w.subscriber()))) {
            Process.demonitor(watchers.remove(w.subscriber()), true);
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Replicas

    private void nodeUp(String node, boolean askBack) {
        up.add(node);
        Map<String, List<Pid>> first = early.remove(node);
        if (first != null) {
            install(node, first);
        }
        send(node, new PgWire.Sync(self, snapshot(), askBack));
    }

    private void nodeDown(String node) {
        up.remove(node);
        early.remove(node);
        Map<String, List<Pid>> gone = remote.remove(node);
        if (gone != null) {
            gone.forEach((group, pids) -> changed(group, List.of(), pids));
        }
    }

    private void sync(PgWire.Sync s) {
        Map<String, List<Pid>> groups = new HashMap<>();
        s.groups().forEach((g, pids) -> groups.put(g, new ArrayList<>(pids)));
        if (!up.contains(s.from())) { // it sent this after seeing us; we will see it up next
            early.put(s.from(), groups);
            return;
        }
        install(s.from(), groups);
        if (s.answer()) {
            send(s.from(), new PgWire.Sync(self, snapshot(), false));
        }
    }

    /** Replaces a node's replica, telling the monitors what differs: pg's sync. */
    private void install(String node, Map<String, List<Pid>> groups) {
        Map<String, List<Pid>> old = remote.put(node, groups);
        Set<String> touched = new HashSet<>(groups.keySet());
        if (old != null) {
            touched.addAll(old.keySet());
        }
        for (String g : touched) {
            List<Pid> before = old == null ? List.of() : old.getOrDefault(g, List.of());
            List<Pid> after = groups.getOrDefault(g, List.of());
            changed(g, minus(after, before), minus(before, after));
        }
    }

    private void replica(String from, String group, List<Pid> pids, boolean join) {
        Map<String, List<Pid>> groups = remote.containsKey(from) ? remote.get(from) : early.get(from);
        if (groups == null) {
            return; // from a node lost since: its memberships went with it
        }
        List<Pid> in = groups.computeIfAbsent(group, g -> new ArrayList<>());
        List<Pid> done = new ArrayList<>();
        for (Pid p : pids) {
            if (join) {
                in.add(p);
                done.add(p);
            } else if (in.remove(p)) {
                done.add(p);
            }
        }
        if (in.isEmpty()) {
            groups.remove(group);
        }
        if (remote.get(from) == groups) {
            changed(group, join ? done : List.of(), join ? List.of() : done);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Publishes a group's members and tells its monitors and the scope's who joined and who left. */
    private void changed(String group, List<Pid> joinedNow, List<Pid> leftNow) {
        List<Pid> all = new ArrayList<>(local.getOrDefault(group, List.of()));
        for (Map<String, List<Pid>> groups : remote.values()) {
            all.addAll(groups.getOrDefault(group, List.of()));
        }
        if (all.isEmpty()) {
            members.remove(group);
        } else {
            members.put(group, List.copyOf(all));
        }
        List<Pid> mine = local.get(group);
        if (mine == null || mine.isEmpty()) {
            localMembers.remove(group);
        } else {
            localMembers.put(group, List.copyOf(mine));
        }
        if (joinedNow.isEmpty() && leftNow.isEmpty()) {
            return;
        }
        watches.forEach((ref, w) -> {
            if (w.group() == null || w.group().equals(group)) {
                if (!joinedNow.isEmpty()) {
                    Process.send(w.subscriber(), new GroupEvent.Joined(ref, group, List.copyOf(joinedNow)));
                }
                if (!leftNow.isEmpty()) {
                    Process.send(w.subscriber(), new GroupEvent.Left(ref, group, List.copyOf(leftNow)));
                }
            }
        });
    }

    private static List<Pid> minus(List<Pid> a, List<Pid> b) {
        List<Pid> out = new ArrayList<>(a);
        for (Pid p : b) {
            out.remove(p);
        }
        return out;
    }

    private Map<String, List<Pid>> snapshot() {
        Map<String, List<Pid>> m = new HashMap<>();
        local.forEach((g, pids) -> m.put(g, List.copyOf(pids)));
        return Map.copyOf(m);
    }

    private void broadcast(PgWire message) {
        for (String n : up) {
            send(n, message);
        }
    }

    private void send(String node, Object message) {
        end.sendNamed(me, node, scope, message, false);
    }
}
