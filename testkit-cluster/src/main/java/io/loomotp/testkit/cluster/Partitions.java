package io.loomotp.testkit.cluster;

import io.loomotp.cluster.Cluster;
import java.lang.reflect.Field;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

/**
 * A real network partition on one node's side: a JGroups {@link DISCARD} inserted above the transport drops every
 * message to and from the other nodes, so heartbeats stop, each side's failure detection removes the other from its
 * view, and each side goes on alone; {@link #heal} removes it, and JGroups' MERGE3 merges the views again.
 *
 * <p>The cluster has no public hook for this, so the channel is reached by reflection (the fields {@code endpoint} of
 * {@code Cluster} and {@code channel} of its endpoint), as the cluster module's own tests do. This is the one place
 * of the kit that knows the cluster's insides: if they change, it fails here with a message that says so.
 */
final class Partitions {
    private Partitions() {}

    /** Cuts the node of {@code cluster} off every other node. */
    static void isolate(Cluster cluster) {
        JChannel ch = channel(cluster);
        if (ch.getProtocolStack().findProtocol(DISCARD.class) != null) {
            throw new IllegalStateException(cluster.name() + " is already isolated");
        }
        DISCARD discard = new DISCARD().discardAll(true);
        discard.setAddress(ch.getAddress());
        try {
            ch.getProtocolStack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
        } catch (Exception e) {
            throw new IllegalStateException("cannot cut " + cluster.name() + " off: " + e, e);
        }
    }

    /** Lets the node's traffic through again; nothing if it is not isolated. */
    static void heal(Cluster cluster) {
        channel(cluster).getProtocolStack().removeProtocol(DISCARD.class);
    }

    private static JChannel channel(Cluster cluster) {
        try {
            Object endpoint = field(cluster, "endpoint");
            return (JChannel) field(endpoint, "channel");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the test kit cannot reach the JGroups channel of " + cluster.name()
                    + " (Cluster.endpoint.channel), so it cannot make a partition: the cluster's insides changed; "
                    + "update io.loomotp.testkit.cluster.Partitions (" + e + ")", e);
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }
}
