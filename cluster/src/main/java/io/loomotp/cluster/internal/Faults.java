package io.loomotp.cluster.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

/**
 * Network faults made on purpose, on one node's side, for tests: a JGroups {@link DISCARD} inserted above the transport
 * of the node's running stack drops what this node receives from some nodes (a cut) or from all (an isolation). The
 * sockets stay open, so heartbeats find the loss (FD_ALL3), not closed connections, as in a real netsplit; each side
 * drops the other's frames, so the split is symmetric once every node of it has made its cut. Healing takes the
 * DISCARD out, and MERGE3 merges the views again.
 *
 * <p>It owns nothing but the DISCARD it puts in a stack; the cluster's state is the endpoint's. Reached by the test kit
 * through {@code io.loomotp.cluster.fault.NetworkFaults}, which the cluster exports to it only.
 */
public final class Faults {
    /** Orders the changes to the stacks of this JVM's nodes (a test's thread and a node's control thread). */
    private static final Object LOCK = new Object();

    private Faults() {}

    /**
     * Drops everything this node receives from the nodes named, now up in its view, from now until {@link #heal};
     * a later cut adds to it.
     *
     * @throws IllegalArgumentException if a name is this node's, or of no node up in its view
     */
    public static void cut(Endpoint endpoint, Collection<String> nodes) {
        List<Address> addresses = new ArrayList<>();
        for (String n : nodes) {
            Objects.requireNonNull(n, "node name");
            if (n.equals(endpoint.nodeName())) {
                throw new IllegalArgumentException(n + " cannot be cut off itself");
            }
            Address a = endpoint.addressOf(n);
            if (a == null) {
                throw new IllegalArgumentException("no node " + n + " is up in " + endpoint.nodeName()
                        + "'s view " + endpoint.nodes() + ": only a node it sees can be cut off");
            }
            addresses.add(a);
        }
        synchronized (LOCK) {
            DISCARD d = discard(endpoint);
            addresses.forEach(d::addIgnoreMember);
        }
    }

    /** Drops everything this node receives, from every node, until {@link #heal}. */
    public static void isolate(Endpoint endpoint) {
        synchronized (LOCK) {
            DISCARD d = discard(endpoint);
            if (d.discardAll()) {
                throw new IllegalStateException(endpoint.nodeName() + " is already isolated");
            }
            d.discardAll(true);
        }
    }

    /** Takes every cut and isolation of this node away; nothing if there was none. */
    public static void heal(Endpoint endpoint) {
        synchronized (LOCK) {
            ProtocolStack stack = endpoint.channel().getProtocolStack();
            DISCARD d = stack.findProtocol(DISCARD.class);
            if (d != null) {
                stack.removeProtocol(d);
            }
        }
    }

    /** The DISCARD in the node's stack, put in (dropping nothing yet) if there is none. */
    private static DISCARD discard(Endpoint endpoint) {
        JChannel ch = endpoint.channel();
        ProtocolStack stack = ch.getProtocolStack();
        DISCARD d = stack.findProtocol(DISCARD.class);
        if (d != null) {
            return d;
        }
        d = new DISCARD();
        d.setAddress(ch.getAddress());
        try {
            stack.insertProtocol(d, ProtocolStack.Position.ABOVE, TP.class);
            d.init();
            d.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot change the network stack of " + endpoint.nodeName() + ": " + e,
                    e);
        }
        return d;
    }
}
