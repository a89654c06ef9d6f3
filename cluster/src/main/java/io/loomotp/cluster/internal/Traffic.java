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
 * <p>Threading: {@link #sent} is called by any sending thread, {@link Counts#received} by the channel's receive
 * threads, which look a node's counts up once a batch ({@link #counts}); a frame costs a map read and two
 * {@link LongAdder} adds on the sending side, two adds on the receiving side (no lock, no contention), next to a frame's
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

        /** A frame of {@code bytes} received. */
        void received(int bytes) {
            framesIn.increment();
            bytesIn.add(bytes);
        }
    }

    private final ConcurrentHashMap<String, Counts> byNode = new ConcurrentHashMap<>();

    private Counts of(String nodeName) {
        Counts c = byNode.get(nodeName);
        return c != null ? c : byNode.computeIfAbsent(nodeName, n -> new Counts());
    }

    /** A frame of {@code bytes} sent to the node named {@code nodeName}. */
    void sent(String nodeName, int bytes) {
        Counts c = of(nodeName);
        c.framesOut.increment();
        c.bytesOut.add(bytes);
    }

    /** The counters of the node named {@code nodeName}, for a receive thread that counts a batch's frames. */
    Counts counts(String nodeName) {
        return of(nodeName);
    }

    /** The counts now, by node name. */
    Map<String, NodeTraffic> snapshot() {
        Map<String, NodeTraffic> m = new HashMap<>();
        byNode.forEach((name, c) -> m.put(name, new NodeTraffic(c.framesOut.sum(), c.bytesOut.sum(),
                c.framesIn.sum(), c.bytesIn.sum())));
        return m;
    }
}
