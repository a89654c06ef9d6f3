package io.loomotp.metrics;

import io.loomotp.runtime.NodeTraffic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.LoggerFactory;

/**
 * The per-node meters of a clustered node, for {@link LoomOtpMetrics}: for each other node it has been connected to,
 * tagged {@code peer=<its name>}, the frames and bytes sent to it and received from it
 * ({@code loomotp.dist.frames.out}, {@code .bytes.out}, {@code .frames.in}, {@code .bytes.in}) and whether it is
 * connected now ({@code loomotp.dist.connected}, 1 or 0: node up and down). The counts come from the runtime's
 * {@code ClusterNodes.traffic}, which the cluster module fills; a node in no cluster gets none of these meters.
 *
 * <p>The tag's cardinality is one value per node ever connected, at most {@link #MAX_PEERS}: a cluster is a handful
 * of nodes, and a node that comes back under its name keeps its meters. Past the bound, further nodes get no meters,
 * one WARN line says so, and {@code loomotp.dist.peers.untracked} counts them.
 *
 * <p>It owns the last snapshot of the traffic and the set of peers metered; both change only in {@link #update}, on
 * the sampler's thread, once a tick. The meters read the snapshot: they are as fresh as the last tick.
 */
final class PeerMeters {
    /** The most nodes metered apart. */
    static final int MAX_PEERS = 64;

    private final String nodeName;
    private final Tags tags;
    private final MeterRegistry registry;
    private final Consumer<Meter> registered;
    private final Supplier<Map<String, NodeTraffic>> traffic;
    private final Supplier<? extends Collection<String>> connected;
    private final int max;
    private final Set<String> metered = new LinkedHashSet<>();
    private final Set<String> refused = new HashSet<>();
    private volatile Map<String, NodeTraffic> latest = Map.of();
    private volatile Set<String> up = Set.of();
    private boolean warned;
    /** Whether another node was ever seen: the dist meters exist from then on. */
    private boolean clustered;

    PeerMeters(String nodeName, Tags tags, MeterRegistry registry, Consumer<Meter> registered,
               Supplier<Map<String, NodeTraffic>> traffic, Supplier<? extends Collection<String>> connected, int max) {
        this.nodeName = nodeName;
        this.tags = tags;
        this.registry = registry;
        this.registered = registered;
        this.traffic = traffic;
        this.connected = connected;
        this.max = max;
    }

    private synchronized int refusedCount() {
        return refused.size();
    }

    /** Reads the traffic and the connected nodes, and gives a node seen for the first time its meters. */
    synchronized void update() {
        Map<String, NodeTraffic> now = traffic.get();
        up = Set.copyOf(connected.get());
        latest = Map.copyOf(now);
        Set<String> names = new java.util.TreeSet<>(now.keySet());
        names.addAll(up);
        if (!names.isEmpty() && !clustered) { // a node in no cluster gets no dist meters at all
            clustered = true;
            registered.accept(Gauge.builder("loomotp.dist.peers.untracked", this, p -> p.refusedCount())
                    .description("other nodes left without meters of their own by the bound").tags(tags)
                    .strongReference(true).register(registry));
        }
        for (String peer : names) {
            if (metered.contains(peer) || refused.contains(peer)) {
                continue;
            }
            if (metered.size() >= max) {
                refused.add(peer);
                if (!warned) {
                    warned = true;
                    LoggerFactory.getLogger(LoomOtpMetrics.class).warn("node {}: more than {} other nodes; {} and "
                            + "later ones get no per-node meters", nodeName, max, peer);
                }
                continue;
            }
            metered.add(peer);
            register(peer);
        }
    }

    private void register(String peer) {
        Tags pt = tags.and("peer", peer);
        counter("loomotp.dist.frames.out", "frames sent to the node", pt, peer, NodeTraffic::framesOut);
        counter("loomotp.dist.bytes.out", "bytes of the frames sent to the node", pt, peer, NodeTraffic::bytesOut);
        counter("loomotp.dist.frames.in", "frames received from the node", pt, peer, NodeTraffic::framesIn);
        counter("loomotp.dist.bytes.in", "bytes of the frames received from the node", pt, peer,
                NodeTraffic::bytesIn);
        registered.accept(Gauge.builder("loomotp.dist.connected", this, p -> p.up.contains(peer) ? 1 : 0)
                .description("1 while the node is connected (nodeup), 0 once it is not (nodedown)").tags(pt)
                .strongReference(true).register(registry));
    }

    private void counter(String name, String description, Tags pt, String peer, ToLongFunction<NodeTraffic> f) {
        registered.accept(FunctionCounter.builder(name, this, p -> {
            NodeTraffic t = p.latest.get(peer);
            return t == null ? 0 : f.applyAsLong(t);
        }).description(description).tags(pt).register(registry));
    }

    /** The nodes metered, in the order first seen. */
    synchronized Set<String> metered() {
        return new LinkedHashSet<>(metered);
    }

    @Override
    public String toString() {
        return "PeerMeters[" + nodeName + ", " + new LinkedHashMap<>(latest) + "]";
    }
}
