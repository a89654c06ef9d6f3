package io.loomotp.runtime.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.NodeTraffic;
import io.loomotp.runtime.remote.RemoteCaller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The membership view of each node that a cluster layer installed ({@code io.loomotp.runtime.remote.ClusterViewHook}),
 * and the services each node offers to the other nodes' calls, for {@link io.loomotp.runtime.ClusterNodes}: the
 * runtime knows that a node may be in a cluster, which nodes it sees and that it can call them, never how membership
 * is kept or how a call travels. Safe from any thread.
 */
public final class ClusterViews {
    /**
     * One node's view.
     *
     * @param name the node's name in its cluster
     * @param nodes the other nodes connected now, sorted
     * @param caller how a service on another node is called
     */
    public record View(String name, Supplier<List<String>> nodes, RemoteCaller caller) {}

    private static final ConcurrentHashMap<Node, View> VIEWS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Node, Map<String, Function<List<String>, String>>> SERVICES =
            new ConcurrentHashMap<>();

    private static final ConcurrentHashMap<Node, Supplier<Map<String, NodeTraffic>>> TRAFFIC =
            new ConcurrentHashMap<>();

    private ClusterViews() {}

    /** Installs how a node's traffic with each other node is read, until {@link #uninstall}. */
    public static void installTraffic(Node node, Supplier<Map<String, NodeTraffic>> traffic) {
        TRAFFIC.put(node, traffic);
    }

    /** A node's traffic by other node, sorted by name; empty if nothing counts it. */
    public static Map<String, NodeTraffic> traffic(Node node) {
        Supplier<Map<String, NodeTraffic>> t = TRAFFIC.get(node);
        return t == null ? Map.of() : new java.util.TreeMap<>(t.get());
    }

    public static void install(Node node, View view) {
        Starts.runtime(node).joinedCluster(view.name(), view.caller().creation());
        VIEWS.put(node, view);
    }

    public static void uninstall(Node node) {
        VIEWS.remove(node);
        TRAFFIC.remove(node);
        ON_STOP.remove(node);
    }

    /** What a node's membership does when the node begins to stop: leave its cluster first. */
    private static final ConcurrentHashMap<Node, Runnable> ON_STOP = new ConcurrentHashMap<>();

    /** Runs {@code leave} once when {@code node} begins to stop ({@link #nodeStopping}), unless uninstalled first. */
    public static void onNodeStop(Node node, Runnable leave) {
        ON_STOP.put(node, leave);
    }

    /**
     * The node begins to stop ({@code Node.stop}, an application that takes it down, or {@code Node.close}): its
     * cluster membership ends first, so that to the other nodes it is lost, as an Erlang node whose VM halts is:
     * {@code nodedown}, {@code noconnection}, and its distributed applications failed over.
     */
    public static void nodeStopping(Node node) {
        Runnable leave = ON_STOP.remove(node);
        if (leave != null) {
            try {
                leave.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ClusterViews.class).warn("node {}: leaving its cluster as it "
                        + "stops failed: {}", node.name(), e.toString());
            }
        }
    }

    /** The view of a node, or null if it is in no cluster. */
    public static View of(Node node) {
        return VIEWS.get(node);
    }

    /** Offers a service of {@code node} under {@code name}, replacing any with that name. */
    public static void offer(Node node, String name, Function<List<String>, String> service) {
        SERVICES.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(name, service);
    }

    /** Withdraws a service; false if none had that name. */
    public static boolean withdraw(Node node, String name) {
        boolean[] removed = {false};
        SERVICES.computeIfPresent(node, (n, services) -> {
            removed[0] = services.remove(name) != null;
            return services.isEmpty() ? null : services;
        });
        return removed[0];
    }

    /** The service a node offers under a name, or null. */
    public static Function<List<String>, String> service(Node node, String name) {
        Map<String, Function<List<String>, String>> services = SERVICES.get(node);
        return services == null ? null : services.get(name);
    }
}
