package io.loomotp.metrics;

import io.loomotp.runtime.ClusterNodes;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.event.Alarms;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The alarm "remote node down" ({@code {node_down, n2}}): raised when a node this one was connected to is no longer
 * connected (Erlang's {@code nodedown}), and cleared when it is connected again ({@code nodeup}), through the node's
 * alarm handler as every other alarm. A node that was never connected raises nothing: there is no list of expected
 * nodes, as {@code net_kernel:monitor_nodes/1} has none.
 *
 * <p>It reads the connected nodes at each tick of a {@link NodeSampler}, from the runtime's {@link ClusterNodes} (which
 * the {@code cluster} module fills when the node joins one), so the metrics module does not depend on the cluster
 * module; a loss is therefore seen within one sampling period, not at the instant of the {@code NodeDown} message. A
 * node that is in no cluster (or has left it) has no remote nodes, and its alarms are cleared. It owns the set of
 * nodes seen and the set of alarms raised, changed only on the sampler's tick.
 */
public final class NodeDownAlarms implements MeterBinder, AutoCloseable {
    /** The alarm's kind: {@code {node_down, <node>}}. */
    public static final String KIND = "node_down";

    private final Node node;
    private final Supplier<? extends Collection<String>> connected;
    private final Set<String> seen = new TreeSet<>();
    private final Set<String> down = new TreeSet<>();
    private final AutoCloseable handle;
    private volatile MeterRegistry registry;
    private Gauge gauge;

    private NodeDownAlarms(NodeSampler sampler, Supplier<? extends Collection<String>> connected) {
        this.node = sampler.node();
        this.connected = connected;
        check();
        this.handle = sampler.onSample(s -> check());
    }

    /** Watches the nodes connected to the sampler's node, as {@link ClusterNodes#nodes} reports them. */
    public static NodeDownAlarms install(NodeSampler sampler) {
        Node n = Objects.requireNonNull(sampler, "sampler").node();
        return new NodeDownAlarms(sampler, () -> LoomOtpMetrics.connectedNodes(n));
    }

    /** Watches the nodes {@code connected} reports at each tick: for a membership other than {@link ClusterNodes}. */
    public static NodeDownAlarms install(NodeSampler sampler, Supplier<? extends Collection<String>> connected) {
        return new NodeDownAlarms(Objects.requireNonNull(sampler, "sampler"),
                Objects.requireNonNull(connected, "connected"));
    }

    /** The alarm id for {@code nodeName}. */
    public static Threshold.AlarmId alarmId(String nodeName) {
        return new Threshold.AlarmId(KIND, nodeName);
    }

    /** The nodes whose alarm is raised now, sorted. */
    public synchronized List<String> down() {
        return new ArrayList<>(down);
    }

    private synchronized void check() {
        Set<String> now = new TreeSet<>(connected.get());
        for (String n : now) {
            seen.add(n);
            if (down.remove(n)) {
                Alarms.clearIfRunning(node, alarmId(n));
            }
        }
        for (String n : seen) {
            if (!now.contains(n) && down.add(n)) {
                Alarms.setIfRunning(node, alarmId(n), "node " + n + " is no longer connected to " + node.name()
                        + " (nodedown); cleared when it is connected again");
            }
        }
    }

    /** A gauge {@code loomotp.nodes.down}: the remote nodes whose alarm is raised now. */
    @Override
    public synchronized void bindTo(MeterRegistry target) {
        if (registry != null) {
            throw new IllegalStateException("node-down alarms are bound already");
        }
        registry = Objects.requireNonNull(target, "registry");
        gauge = Gauge.builder("loomotp.nodes.down", this, a -> a.down().size())
                .description("remote nodes once connected and not connected now (node_down alarms raised)")
                .tags("node", node.name()).strongReference(true).register(target);
    }

    /** Stops watching, clears the alarms it raised (nobody would clear them any more), and removes its gauge. */
    @Override
    public synchronized void close() {
        try {
            handle.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String n : down) {
            Alarms.clearIfRunning(node, alarmId(n));
        }
        down.clear();
        MeterRegistry r = registry;
        if (r != null && gauge != null) {
            r.remove(gauge);
        }
    }
}
