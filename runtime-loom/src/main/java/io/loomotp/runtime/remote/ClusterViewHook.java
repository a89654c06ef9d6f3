package io.loomotp.runtime.remote;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.NodeTraffic;
import io.loomotp.runtime.internal.ClusterViews;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the cluster layer tells the runtime that a node has joined a cluster, which nodes it sees and how to call a
 * service on one of them, so that {@link io.loomotp.runtime.ClusterNodes} (and through it the operator's tools in
 * tracing-sys) can answer Erlang's {@code node()}, {@code nodes()} and an {@code erpc:call} without depending on the
 * cluster module. Not an API: exported to the cluster module only, as {@link GlobalNameHook} is.
 */
public final class ClusterViewHook {
    private ClusterViewHook() {}

    /**
     * Installs {@code node}'s view: its name in the cluster, the other nodes connected now (sorted), and how to call
     * a service on one of them.
     */
    public static void install(Node node, String name, Supplier<List<String>> nodes, RemoteCaller caller) {
        ClusterViews.install(node, new ClusterViews.View(name, nodes, caller));
    }

    /**
     * Installs how {@code node}'s traffic with each other node is read ({@link io.loomotp.runtime.ClusterNodes#traffic}):
     * frames and bytes each way, by the other node's name. Removed by {@link #uninstall}.
     */
    public static void installTraffic(Node node, Supplier<Map<String, NodeTraffic>> traffic) {
        ClusterViews.installTraffic(node, traffic);
    }

    /**
     * Runs {@code leave} once when {@code node} begins to stop ({@code Node.stop}, an application that takes it down,
     * {@code Node.close}), before its applications are stopped: the node leaves its cluster as an Erlang node's VM
     * halting does. Removed by {@link #uninstall}.
     */
    public static void onNodeStop(Node node, Runnable leave) {
        ClusterViews.onNodeStop(node, leave);
    }

    /** Removes it (and the traffic, and the leave on stop), when the node leaves its cluster. */
    public static void uninstall(Node node) {
        ClusterViews.uninstall(node);
    }

    /** The service {@code node} offers under {@code name} to the other nodes' calls, or null if it offers none. */
    public static Function<List<String>, String> service(Node node, String name) {
        return ClusterViews.service(node, name);
    }
}
