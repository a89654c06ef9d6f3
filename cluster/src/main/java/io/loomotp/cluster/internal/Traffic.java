package io.loomotp.cluster.internal;

import io.loomotp.runtime.NodeTraffic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The frames and bytes one endpoint exchanged with each other node, by the node's name, for
 * {@code ClusterNodes.traffic} (and the metrics module's per-node meters). It owns one set of counters per name ever
 * connected: bounded by the cluster's nodes, kept across a node's restarts so that the counts never go down.
 *
 * <p>Threading: {@link Counts#sent} is called by any sending thread, {@link Counts#received} by the channel's receive
 * threads, on the counts of a node looked up once ({@link #counts}: when it connects, or once a received batch); a
 * frame costs two {@link LongAdder} adds on either side (no lock, no contention between senders), next to a frame's
 * encoding and a socket write that cost microseconds. {@link #snapshot} reads from any thread, without stopping them:
 * frames and bytes of one direction may be one frame apart in a snapshot.
 */
final class Traffic {
    /** One node's counters. */
    static final class Counts {
        final LongAdder framesOut = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
        final LongAdder framesIn = new LongAdder();
        final LongAdder bytesIn = new LongAdder();

        /** A frame of {@code bytes} sent. */
        void sent(int bytes) {
            framesOut.increment();
            bytesOut.add(bytes);
        }

        /** A frame of {@code bytes} received. */
        void received(int bytes) {
            framesIn.increment();
            bytesIn.add(bytes);
        }
    }

    private final ConcurrentHashMap<String, Counts> byNode = new ConcurrentHashMap<>();

    /** The counters of the node named {@code nodeName}: looked up once for a member, and once a received batch. */
    Counts counts(String nodeName) {
        Counts c = byNode.get(nodeName);
        return c != null ? c : byNode.computeIfAbsent(nodeName, n -> new Counts());
    }

    /** The counts now, by node name. */
    Map<String, NodeTraffic> snapshot() {
        Map<String, NodeTraffic> m = new HashMap<>();
        byNode.forEach((name, c) -> m.put(name, new NodeTraffic(c.framesOut.sum(), c.bytesOut.sum(),
                c.framesIn.sum(), c.bytesIn.sum())));
        return m;
    }
}
