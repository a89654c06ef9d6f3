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

    private GlobalLookups() {}

    public static void install(Node node, Function<String, Pid> lookup, BiPredicate<String, Pid> register) {
        REGISTRARS.put(node, register);
        LOOKUPS.put(node, lookup);
    }

    public static void uninstall(Node node) {
        LOOKUPS.remove(node);
        REGISTRARS.remove(node);
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
