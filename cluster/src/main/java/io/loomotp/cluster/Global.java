package io.loomotp.cluster;

import io.loomotp.cluster.internal.NameServer;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.RemotePid;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Global names: one name for one process across the cluster, OTP's {@code global} module. Every node keeps the whole
 * table, so {@link #whereis} and {@link #send} read it locally, at once; {@link #register} and {@link #unregister} go
 * through this node's global name server. A name is released when its process dies or its node is lost. A clash
 * found when two parts of a partitioned cluster meet again is settled by a {@link NameResolver}
 * ({@link NameResolver#RANDOM_EXIT_NAME} by default, as in OTP). Consistency under partitions: docs/distribution.md.
 *
 * <p>Threading: every method may be called from any thread, inside a process or not.
 */
public final class Global {
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final Node node;
    private final Pid server;
    private final Map<String, Pid> table;

    Global(Node node, Pid server, Map<String, Pid> table) {
        this.node = node;
        this.server = server;
        this.table = table;
    }

    /**
     * Registers {@code name} for a process of this node, cluster-wide: {@code global:register_name/2}. Answers false
     * ({@code no}) if the name is taken on a node this one sees, if the process already has a global name, or if a
     * registration of it is under way; clashes with nodes out of sight are settled when they meet, by
     * {@link NameResolver#RANDOM_EXIT_NAME}. Returns once every node up has the name, as OTP's does after its
     * {@code multi_call}: a {@code whereis} on any of them then finds it.
     *
     * @throws IllegalArgumentException if the process is not on this node (register it on its own node)
     * @throws ClusterException if the name server did not answer within 30 s
     */
    public boolean register(String name, Pid pid) {
        return register(name, pid, NameResolver.RANDOM_EXIT_NAME);
    }

    /** Registers as {@link #register(String, Pid)} with the resolver of a later clash: {@code register_name/3}. */
    public boolean register(String name, Pid pid, NameResolver resolver) {
        return claim(name, pid, resolver, false);
    }

    /**
     * Moves {@code name} to {@code pid}, a process of this node, from whichever process holds it now, on whatever node:
     * {@code global:re_register_name/2}. The earlier holder goes on running, without the name. Unlike
     * {@link #register}, a name that is taken is no obstacle. Answers false only if {@code pid} already holds another
     * global name (OTP then gives it two names, a state its documentation calls broken; this refuses and logs it).
     *
     * <p>The move is ordered on every channel from this node: a node that hears of the new holder has heard this node
     * forget the old one. A third node may, for a moment, still see the earlier holder, until that holder's node tells
     * it, as it sees any registration one message late. A holder this node has not yet heard of at all (registered
     * elsewhere an instant before) is a clash, settled by the {@link NameResolver}s when the two meet.
     *
     * @throws IllegalArgumentException if the process is not on this node (re-register it on its own node)
     * @throws ClusterException if the name server did not answer within 30 s
     */
    public boolean reRegister(String name, Pid pid) {
        return reRegister(name, pid, NameResolver.RANDOM_EXIT_NAME);
    }

    /** Re-registers as {@link #reRegister(String, Pid)} with the resolver of a later clash: {@code re_register_name/3}. */
    public boolean reRegister(String name, Pid pid, NameResolver resolver) {
        return claim(name, pid, resolver, true);
    }

    /** A registration ({@code move} false) or a re-registration, through this node's name server. */
    private boolean claim(String name, Pid pid, NameResolver resolver, boolean move) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(resolver, "resolver");
        String verb = move ? "re-register" : "register";
        if (name.isBlank()) { // as a local name: a blank one is a mistake, not a name
            throw new IllegalArgumentException("global: a global name must not be blank: '" + name + "'");
        }
        if (pid instanceof RemotePid || Node.of(pid) != node) { // the latter: another node of this JVM's own pid
            throw new IllegalArgumentException("global: " + pid + " is a process of node " + nodeName(pid)
                    + "; a global name is " + verb + "ed on the node of its process (" + verb + " it there)");
        }
        requireRunning(verb + " " + name);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        node.send(server, move ? new NameServer.ReRegister(name, pid, resolver, done)
                : new NameServer.Register(name, pid, resolver, done));
        return await(done, verb + " " + name);
    }

    /**
     * Removes a global name, wherever its process lives: {@code global:unregister_name/1}. Answers false if this node
     * knows no such name. A name held on another node is removed there. Returns once every node up has dropped it,
     * so a registration of it anywhere after this is not refused by a node that still had it.
     */
    public boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
        requireRunning("unregister " + name);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        node.send(server, new NameServer.Unregister(name, done));
        return await(done, "unregister " + name);
    }

    /** The process registered as {@code name}, or null: {@code global:whereis_name/1}. Read locally. */
    public Pid whereis(String name) {
        return table.get(Objects.requireNonNull(name, "name"));
    }

    /**
     * Sends a message to the process registered as {@code name}, and answers its pid: {@code global:send/2}.
     *
     * @throws NoProcessException if no process holds the name (OTP exits with {@code badarg})
     */
    public Pid send(String name, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        Pid pid = whereis(name);
        if (pid == null) {
            throw new NoProcessException("{global, " + name + "}", "send " + message);
        }
        if (Process.isProcess()) {
            Process.send(pid, message);
        } else {
            node.send(pid, message);
        }
        return pid;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Locks

    /** Retry a lock for ever: OTP's {@code infinity}. */
    public static final int RETRY_FOREVER = Integer.MAX_VALUE;

    /**
     * The name of a global lock, OTP's {@code {ResourceId, LockRequesterId}}: processes that ask with the same
     * requester share the lock; one with another requester waits until it is free.
     *
     * @param resource what the lock protects
     * @param requester who holds it: a {@code String} or a {@code Pid} (OTP's {@code self()} is the usual one)
     */
    public record LockId(String resource, Object requester) {
        public LockId {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(requester, "requester");
            if (!(requester instanceof String || requester instanceof Pid)) {
                throw new IllegalArgumentException("a lock's requester is a String or a Pid, not a "
                        + requester.getClass().getName());
            }
        }
    }

    /**
     * Sets a lock on this node and every node it is connected to, retrying until it is set:
     * {@code global:set_lock/1}. See {@link #setLock(LockId, Collection, int)}.
     */
    public boolean setLock(LockId id) {
        return setLock(id, null, RETRY_FOREVER);
    }

    /**
     * Sets a lock for the calling process on {@code nodes}: {@code global:set_lock/3}. The lock is set on every one of
     * them or on none: a node where another requester holds it refuses, and the others are released. Each retry
     * waits a random time first, as global's does: up to 1/8 s, doubling each time, at most 8 s.
     *
     * <p>The lock is held until the process releases it with {@link #delLock}, or ends, or its node is lost. Nodes
     * not connected are left out, and a node lost while it is asked counts as set, as in OTP. Two sides of a
     * partition can each set the same lock; it is not merged when they meet (docs/distribution.md).
     *
     * @param nodes the nodes to lock on, this one included if it is named; null for this node and every connected one
     * @param retries how many times to try again after a refusal (0: once); {@link #RETRY_FOREVER} for ever
     * @return true if the lock is set, false if it was refused {@code retries + 1} times
     * @throws IllegalStateException if the caller is not a process: the lock's holder is the calling process
     * @throws ClusterException if this node's global name server did not answer within 30 s
     */
    public boolean setLock(LockId id, Collection<String> nodes, int retries) {
        Objects.requireNonNull(id, "id");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        Pid self = lockHolder("Global.setLock");
        List<String> on = nodes == null ? null : List.copyOf(nodes);
        for (int times = 0; ; times++) {
            if (lockRequest(id, self, on, true, "set lock " + id.resource())) {
                return true;
            }
            if (times >= retries) {
                return false;
            }
            int max = times > 5 ? 8000 : (1 << times) * 1000 / 8; // global:random_sleep/1
            Process.sleep(Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(max)));
        }
    }

    /**
     * Releases the calling process's hold on a lock, on this node and every connected one: {@code global:del_lock/1}.
     * Returns once every node has released it; a lock other processes share stays set for them.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public void delLock(LockId id) {
        delLock(id, null);
    }

    /** Releases the calling process's hold on a lock on {@code nodes} (null: all): {@code global:del_lock/2}. */
    public void delLock(LockId id, Collection<String> nodes) {
        Objects.requireNonNull(id, "id");
        Pid self = lockHolder("Global.delLock");
        lockRequest(id, self, nodes == null ? null : List.copyOf(nodes), false, "delete lock " + id.resource());
    }

    /**
     * Runs {@code action} holding a lock on this node and every connected one, retrying the lock until it is set:
     * {@code global:trans/2}. The lock is released however the action ends.
     */
    public <T> T trans(LockId id, Supplier<? extends T> action) {
        return trans(id, action, null, RETRY_FOREVER);
    }

    /**
     * Runs {@code action} holding a lock on {@code nodes}, released however the action ends: {@code global:trans/4}.
     *
     * @throws LockAbortedException if the lock could not be set in {@code retries + 1} tries (OTP's {@code aborted});
     *     the action did not run
     */
    public <T> T trans(LockId id, Supplier<? extends T> action, Collection<String> nodes, int retries) {
        Objects.requireNonNull(action, "action");
        lockHolder("Global.trans"); // named as the caller wrote it, not as setLock
        if (!setLock(id, nodes, retries)) {
            throw new LockAbortedException(id, retries);
        }
        try {
            return action.get();
        } finally {
            delLock(id, nodes);
        }
    }

    private static Pid lockHolder(String operation) {
        if (!Process.isProcess()) {
            throw new IllegalStateException(operation + " must be called from a process: the calling process holds "
                    + "the lock, and its end releases it");
        }
        return Process.self();
    }

    private boolean lockRequest(LockId id, Pid self, List<String> nodes, boolean set, String what) {
        requireRunning(what);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        node.send(server, new NameServer.LockRequest(id.resource(), id.requester(), self, nodes, set, done));
        return await(done, what);
    }

    /**
     * Waits until this node's table holds every change the other nodes' name servers made before now:
     * {@code global:sync/0}. It sends each node up a barrier on the ordered channel between name servers and waits
     * for every answer (a node lost meanwhile counts as answered), so a name registered or released on another
     * node before the call is seen here when it returns. A node still joining answers once it sees this one up,
     * after its whole list of names.
     *
     * @throws ClusterException if the nodes did not all answer within 30 s
     */
    public void sync() {
        requireRunning("sync");
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(server, new NameServer.SyncRequest(done));
        await(done.thenApply(v -> true), "sync");
    }

    /** The global names this node knows now, sorted: {@code global:registered_names/0}. */
    public Set<String> registeredNames() {
        return new TreeSet<>(table.keySet());
    }

    /** The name of the node a pid lives on: the node of a remote pid, this node's cluster name for a local one. */
    public static String nodeName(Pid pid) {
        return pid instanceof RemotePid r ? r.node().name() : Node.of(pid).name();
    }

    private boolean await(CompletableFuture<Boolean> done, String what) {
        return ServerAnswers.await(node, server, done, ANSWER, "global: " + what, "the global name server",
                "global: " + what + ": the global name server did not answer within " + ANSWER.toSeconds()
                        + " s (is the cluster's leader node reachable?)");
    }

    /** Refuses to ask a name server that has ended: said at once, not after the whole bound. */
    private void requireRunning(String what) {
        ServerAnswers.requireRunning(node, server, "global: " + what, "the global name server");
    }
}
