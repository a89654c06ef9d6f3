package io.loomotp.cluster.fault;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.internal.Endpoints;
import io.loomotp.cluster.internal.Faults;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's hook for making network faults in tests: cut one node off some others (one side of a netsplit), off
 * all (an isolation), and heal. Not part of the API: the cluster exports this package only to the test kit's cluster
 * module ({@code io.loomotp.testkit.cluster}), whose {@code TestCluster} and {@code TestNode} are what users call.
 *
 * <p>Each call acts on one node's side: it drops what that node receives from the nodes named. A netsplit is every
 * node of each side cutting every node of the other sides; the nodes then see each other down after the failure
 * timeout, and up again some seconds after every side has healed (JGroups' MERGE3), as Erlang nodes do after a
 * netsplit (nodedown, then nodeup). Network types stay inside the cluster module.
 */
public final class NetworkFaults {
    private NetworkFaults() {}

    /**
     * Makes {@code cluster}'s node drop everything it receives from the nodes named, from now until {@link #heal}.
     *
     * @throws IllegalArgumentException if {@code nodes} is empty, or names this node or a node it does not see up
     */
    public static void cut(Cluster cluster, Collection<String> nodes) {
        List<String> named = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        if (named.isEmpty()) {
            throw new IllegalArgumentException("name the nodes to cut " + cluster.name() + " off");
        }
        Faults.cut(Endpoints.of(cluster), named);
    }

    /**
     * Makes {@code cluster}'s node drop everything it receives, from every node, until {@link #heal}.
     *
     * @throws IllegalStateException if it is isolated already
     */
    public static void isolate(Cluster cluster) {
        Faults.isolate(Endpoints.of(cluster));
    }

    /** Takes every cut and isolation of {@code cluster}'s node away; nothing if there was none. */
    public static void heal(Cluster cluster) {
        Faults.heal(Endpoints.of(cluster));
    }
}
