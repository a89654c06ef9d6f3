package io.loomotp.runtime;

import io.loomotp.runtime.internal.ClusterViews;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A node's cluster as the runtime and the operator's tools see it: Erlang's {@code node()}, {@code nodes()}, and an
 * {@code erpc:call} restricted to text. The membership and the wire are the {@code cluster} module's, once the node
 * has joined ({@code Cluster.join}); this class only asks, so that tools that must not depend on the cluster module
 * (tracing-sys's {@code nodes} command, and its {@code list --node n2}) can reach the other nodes.
 *
 * <p>A JVM cannot ship code, so a node {@link #offer offers} the services another node may {@link #call}, under a
 * name, as a node registers its {@code Spawnable}s: the stand-in for a module both Erlang nodes have loaded. A call
 * runs the service in a fresh process on the called node, as {@code erpc:call} does, and brings its text back.
 *
 * <p>Threading: any thread. {@link #call} blocks its caller until the answer, the timeout or the node's loss.
 */
public final class ClusterNodes {
    private ClusterNodes() {}

    /** True if {@code node} has joined a cluster and not left it. */
    public static boolean isClustered(Node node) {
        return ClusterViews.of(Objects.requireNonNull(node, "node")) != null;
    }

    /**
     * The node's name in its cluster: Erlang's {@code node()}.
     *
     * @throws IllegalStateException if {@code node} is in no cluster
     */
    public static String name(Node node) {
        return view(node).name();
    }

    /**
     * The other nodes connected now, by name, sorted: Erlang's {@code nodes()}. Empty for the only member of a cluster.
     *
     * @throws IllegalStateException if {@code node} is in no cluster
     */
    public static List<String> nodes(Node node) {
        return List.copyOf(view(node).nodes().get());
    }

    /**
     * What the node has exchanged with each node it has been connected to, by the other node's name (sorted): the
     * per-node traffic that the {@code metrics} module turns into meters. Names stay once seen, so the counts never go
     * down; the map is empty if the node is in no cluster, or its cluster layer does not count.
     */
    public static Map<String, NodeTraffic> traffic(Node node) {
        return ClusterViews.traffic(Objects.requireNonNull(node, "node"));
    }

    /**
     * Offers {@code service} to the other nodes' {@link #call}s under {@code name}, replacing any with that name. It
     * runs in a process of {@code node}, once per call, with the call's arguments; what it throws is the caller's
     * {@link IllegalStateException}. It may be offered before or after the node joins a cluster.
     */
    public static void offer(Node node, String name, Function<List<String>, String> service) {
        ClusterViews.offer(Objects.requireNonNull(node, "node"), Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(service, "service"));
    }

    /** Withdraws a service; false if none had that name. */
    public static boolean withdraw(Node node, String name) {
        return ClusterViews.withdraw(Objects.requireNonNull(node, "node"), Objects.requireNonNull(name, "name"));
    }

    /**
     * Runs the service {@code service} of node {@code nodeName} with {@code args}, and returns its text:
     * {@code erpc:call(Node, M, F, A, Timeout)} for a service that answers text.
     *
     * @throws IllegalStateException if {@code node} is in no cluster, the other node offers no such service, the
     *     service threw there (its message), or the node was lost before it answered
     * @throws IllegalArgumentException if no node of that name is connected
     * @throws CallTimeoutException if no answer came within {@code timeout}
     */
    public static String call(Node node, String nodeName, String service, List<String> args, Duration timeout) {
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(timeout, "timeout");
        return view(node).caller().call(nodeName, service, List.copyOf(args), timeout);
    }

    /**
     * The pid of process {@code serial} on node {@code nodeName} as it is connected now: Erlang's {@code c:pid/3}, for
     * a serial that node gave (a tool asks the other node to name a process, and gets its serial back). A serial that
     * names no live process there gives a pid that is not alive: a message to it is dropped, a monitor gets
     * {@code noproc}.
     *
     * @throws IllegalStateException if {@code node} is in no cluster
     * @throws IllegalArgumentException if no node of that name is connected
     */
    public static Pid pid(Node node, String nodeName, long serial) {
        Objects.requireNonNull(nodeName, "node name");
        return view(node).caller().pid(nodeName, serial);
    }

    private static ClusterViews.View view(Node node) {
        ClusterViews.View v = ClusterViews.of(Objects.requireNonNull(node, "node"));
        if (v == null) {
            throw new IllegalStateException("node " + node.name() + " is in no cluster: Cluster.join(node, config) "
                    + "from the cluster module joins one");
        }
        return v;
    }
}
