package io.loomotp.runtime.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The global-name lookup of each node that a cluster layer installed ({@code io.loomotp.runtime.remote.GlobalNameHook})
 * and that {@link io.loomotp.runtime.GlobalNames} reads: the runtime knows that global names exist, never how they are
 * kept. Safe from any thread.
 */
public final class GlobalLookups {
    private static final ConcurrentHashMap<Node, Function<String, Pid>> LOOKUPS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Node, BiPredicate<String, Pid>> REGISTRARS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Node, java.util.function.BiFunction<String, String, Pid>> REMOTE =
            new ConcurrentHashMap<>();

    private GlobalLookups() {}

    public static void install(Node node, Function<String, Pid> lookup, BiPredicate<String, Pid> register,
                               java.util.function.BiFunction<String, String, Pid> remote) {
        REGISTRARS.put(node, register);
        REMOTE.put(node, remote);
        LOOKUPS.put(node, lookup);
    }

    public static void uninstall(Node node) {
        LOOKUPS.remove(node);
        REMOTE.remove(node);
        REGISTRARS.remove(node);
    }

    /**
     * The process registered under a local name on another node of {@code node}'s cluster ({@code {Name, Node}}), or
     * null if nobody there holds it or that node is not connected.
     *
     * @throws IllegalStateException if {@code node} is in no cluster
     */
    public static Pid whereisOn(Node node, String nodeName, String name) {
        java.util.function.BiFunction<String, String, Pid> remote = REMOTE.get(node);
        if (remote == null) {
            throw new IllegalStateException("node " + node.name() + " is in no cluster: {" + name + ", " + nodeName
                    + "} names a process of another node, which needs Cluster.join(node, config) from the cluster "
                    + "module");
        }
        return remote.apply(nodeName, name);
    }

    /**
     * Registers a new process of {@code node} under a global name, for a start with one
     * ({@code StartOptions.withGlobalName}).
     *
     * @return true if it now holds the name; false if the name is taken
     * @throws IllegalStateException if the node is in no cluster
     */
    public static boolean register(Node node, String name, Pid pid) {
        BiPredicate<String, Pid> register = REGISTRARS.get(node);
        if (register == null) {
            throw new IllegalStateException("node " + node.name() + " is in no cluster: a start with a global name ("
                    + name + ") needs Cluster.join(node, config) from the cluster module");
        }
        return register.test(name, pid);
    }

    /** The lookup of a node, or null if it is in no cluster. */
    public static Function<String, Pid> of(Node node) {
        return LOOKUPS.get(node);
    }
}
