package io.loomotp.observer;

import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.Map;

/**
 * What the observer's Cluster panel shows of a node's cluster beyond its members: the global names and the process
 * groups, asked afresh each time the panel refreshes (every 2 s while it is shown). The members come from the
 * runtime's {@code ClusterNodes}, which every clustered node answers; names and groups are the cluster module's
 * ({@code Global}, {@code Pg}), which the observer does not depend on, so that a single node's observer carries no
 * JGroups: whoever joins the cluster hands the observer this view of it ({@link ObserverOptions#withCluster}):
 *
 * <pre>{@code
 * Cluster cluster = Cluster.join(node, config);
 * Observer.start(node, ObserverOptions.defaults().withCluster(new ClusterInfo() {
 *     public Map<String, Pid> globalNames() {
 *         Map<String, Pid> m = new TreeMap<>();
 *         for (String n : cluster.global().registeredNames()) {
 *             Pid p = cluster.global().whereis(n);
 *             if (p != null) m.put(n, p);
 *         }
 *         return m;
 *     }
 *     public Map<String, List<Pid>> groups() { ... cluster.pg().whichGroups(), cluster.pg().members(g) ... }
 *     public String nodeOf(Pid pid) { return Global.nodeName(pid); }
 * }));
 * }</pre>
 *
 * <p>Threading: called on the observer's request threads, possibly at once; each call should answer from the node's
 * own replicas (as {@code Global} and {@code Pg} do), without a round trip to other nodes.
 */
public interface ClusterInfo {
    /** Every global name with its pid, as {@code global:registered_names/0} and {@code global:whereis_name/1}. */
    Map<String, Pid> globalNames();

    /** The process groups of the default scope, each with its members on every node ({@code pg:which_groups/0}). */
    Map<String, List<Pid>> groups();

    /** The name of the node a pid lives on. */
    String nodeOf(Pid pid);
}
