package io.loomotp.cluster;

import io.loomotp.cluster.fault.NetworkFaults;

/**
 * A real network partition for a test, on one node's side: a JGroups {@link DISCARD} inserted above the transport
 * drops every message to and from the other nodes, so heartbeats stop, each side's failure detection removes the other
 * from its view, and each side goes on alone; {@link #heal} removes it, and MERGE3 merges the views again. A node that
 * discards everything is cut from every other node, whatever they do. Made through the cluster's fault hook
 * ({@link NetworkFaults}), as the test kit makes its partitions.
 */
final class Partition {
    private Partition() {}

    /** Cuts this node off the cluster. */
    static void isolate(Cluster cluster) {
        NetworkFaults.isolate(cluster);
    }

    /** Lets this node's traffic through again. */
    static void heal(Cluster cluster) {
        NetworkFaults.heal(cluster);
    }

    /**
     * Waits until this node sees {@code peer} again after a heal. MERGE3 looks for other views every 1 to 3 s with the
     * tests' failure timeout, and a merge may take a round or two on a loaded machine: hence a bound of 30 s.
     */
    static void awaitMerged(Cluster cluster, String peer) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!cluster.nodes().contains(peer)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the views of " + cluster.name() + " and " + peer + " did not merge in 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
