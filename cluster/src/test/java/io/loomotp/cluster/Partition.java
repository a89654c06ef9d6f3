package io.loomotp.cluster;

import io.loomotp.cluster.internal.Endpoint;
import java.lang.reflect.Field;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

/**
 * A real network partition for a test, on one node's side: a JGroups {@link DISCARD} inserted above the transport
 * drops every message to and from the other nodes, so heartbeats stop, each side's failure detection removes the other
 * from its view, and each side goes on alone; {@link #heal} removes it, and MERGE3 merges the views again. A node that
 * discards everything is cut from every other node, whatever they do.
 */
final class Partition {
    private Partition() {}

    /** Cuts this node off the cluster. */
    static void isolate(Cluster cluster) {
        JChannel ch = channel(cluster);
        DISCARD discard = new DISCARD().discardAll(true);
        discard.setAddress(ch.getAddress());
        try {
            ch.getProtocolStack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
        } catch (Exception e) {
            throw new IllegalStateException("cannot insert DISCARD", e);
        }
    }

    /** Lets this node's traffic through again. */
    static void heal(Cluster cluster) {
        channel(cluster).getProtocolStack().removeProtocol(DISCARD.class);
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

    private static JChannel channel(Cluster cluster) {
        try {
            Field e = Cluster.class.getDeclaredField("endpoint");
            e.setAccessible(true);
            Field c = Endpoint.class.getDeclaredField("channel");
            c.setAccessible(true);
            return (JChannel) c.get(e.get(cluster));
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
