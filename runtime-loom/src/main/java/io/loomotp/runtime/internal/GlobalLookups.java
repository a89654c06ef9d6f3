package io.loomotp.runtime.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The global-name lookup of each node that a cluster layer installed ({@code io.loomotp.runtime.remote.GlobalNameHook})
 * and that {@link io.loomotp.runtime.GlobalNames} reads: the runtime knows that global names exist, never how they are
 * kept. Safe from any thread.
 */
public final class GlobalLookups {
    private static final ConcurrentHashMap<Node, Function<String, Pid>> LOOKUPS = new ConcurrentHashMap<>();

    private GlobalLookups() {}

    public static void install(Node node, Function<String, Pid> lookup) {
        LOOKUPS.put(node, lookup);
    }

    public static void uninstall(Node node) {
        LOOKUPS.remove(node);
    }

    /** The lookup of a node, or null if it is in no cluster. */
    public static Function<String, Pid> of(Node node) {
        return LOOKUPS.get(node);
    }
}
