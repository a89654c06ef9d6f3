package io.loomotp.cluster;

import io.loomotp.cluster.internal.NameServer;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.RemotePid;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
     * {@link NameResolver#RANDOM_EXIT_NAME}.
     *
     * @throws IllegalArgumentException if the process is not on this node (register it on its own node)
     * @throws ClusterException if the name server did not answer within 30 s
     */
    public boolean register(String name, Pid pid) {
        return register(name, pid, NameResolver.RANDOM_EXIT_NAME);
    }

    /** Registers as {@link #register(String, Pid)} with the resolver of a later clash: {@code register_name/3}. */
    public boolean register(String name, Pid pid, NameResolver resolver) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(resolver, "resolver");
        if (pid instanceof RemotePid) {
            throw new IllegalArgumentException("global: " + pid + " is a process of node " + nodeName(pid)
                    + "; a global name is registered on the node of its process (register it there)");
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        node.send(server, new NameServer.Register(name, pid, resolver, done));
        return await(done, "register " + name);
    }

    /**
     * Removes a global name, wherever its process lives: {@code global:unregister_name/1}. Answers false if this node
     * knows no such name. A name held on another node is removed there, and seen gone here a moment later.
     */
    public boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
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

    /** The global names this node knows now, sorted: {@code global:registered_names/0}. */
    public Set<String> registeredNames() {
        return new TreeSet<>(table.keySet());
    }

    /** The name of the node a pid lives on: the node of a remote pid, this node's cluster name for a local one. */
    public static String nodeName(Pid pid) {
        return pid instanceof RemotePid r ? r.node().name() : Node.of(pid).name();
    }

    private static boolean await(CompletableFuture<Boolean> done, String what) {
        try {
            return done.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ClusterException("global: " + what + ": the global name server did not answer within "
                    + ANSWER.toSeconds() + " s (is the cluster's leader node reachable?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("global: " + what + ": interrupted");
        } catch (ExecutionException e) {
            throw new ClusterException("global: " + what + ": " + e.getCause());
        }
    }
}
