package io.loomotp.metrics;

import io.loomotp.runtime.CallTiming;
import io.loomotp.runtime.ClusterNodes;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.ProcessErrorReport;
import io.loomotp.runtime.report.Report;
import io.loomotp.runtime.report.SupervisorReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Binds a node to a Micrometer {@link MeterRegistry}: Micrometer's {@link MeterBinder} for Loom OTP, as
 * {@code JvmMemoryMetrics} is for the JVM. Node-wide meters read the {@link NodeSampler}'s latest sample; crashes and
 * restarts are counted from the node's reports as they happen; registered processes chosen by name or pattern get
 * meters of their own, at most {@link ProcessSelection#max()} of them. See {@code docs/reference/metrics.md} for each
 * meter's name, type and meaning.
 *
 * <p>It costs the processes nothing: no meter is touched on a message's path. Every meter carries the tag
 * {@code node}, and the registry's common tags.
 *
 * <pre>{@code
 * NodeSampler sampler = NodeSampler.create(node).start(Duration.ofSeconds(1));
 * LoomOtpMetrics.builder(sampler).track("frequency").track(Pattern.compile("phone-.*")).build().bindTo(registry);
 * }</pre>
 */
public final class LoomOtpMetrics implements MeterBinder, AutoCloseable {
    /** Distinct crash reasons and supervisors counted apart; the rest are tagged {@code other}. */
    static final int MAX_REASONS = 50;

    private final NodeSampler sampler;
    private final ProcessSelection selection;
    private final Tags tags;
    private final BoundedTags reasons = new BoundedTags(MAX_REASONS);
    private final BoundedTags supervisors = new BoundedTags(MAX_REASONS);
    private final Map<String, TrackedProcess> tracked = new LinkedHashMap<>();
    private final Set<String> refused = new HashSet<>();
    private final CopyOnWriteArrayList<Meter> meters = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> handles = new CopyOnWriteArrayList<>();
    private volatile MeterRegistry registry;
    /** The per-node meters of a clustered node (from bindTo). */
    private PeerMeters peers;
    private volatile int untracked;
    /** Times one call in this many (0: calls are not timed). */
    private final int callsOneIn;
    private boolean warned;

    private LoomOtpMetrics(NodeSampler sampler, ProcessSelection selection, Tags extra, int callsOneIn) {
        this.sampler = sampler;
        this.selection = selection;
        this.callsOneIn = callsOneIn;
        this.tags = Tags.of("node", sampler.node().name()).and(extra);
    }

    /** A builder for the metrics of the node a sampler reads. */
    public static Builder builder(NodeSampler sampler) {
        return new Builder(Objects.requireNonNull(sampler, "sampler"));
    }

    /** Chooses the processes that get meters of their own, and the tags added to every meter. */
    public static final class Builder {
        private final NodeSampler sampler;
        private final Set<String> names = new HashSet<>();
        private final List<Pattern> patterns = new ArrayList<>();
        private int max = ProcessSelection.DEFAULT_MAX;
        private Tags tags = Tags.empty();
        private int callsOneIn;

        private Builder(NodeSampler sampler) {
            this.sampler = sampler;
        }

        /** Gives the process registered as {@code name} meters of its own. */
        public Builder track(String name) {
            names.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Gives every process whose registered name matches {@code pattern} entirely meters of its own. */
        public Builder track(Pattern pattern) {
            patterns.add(Objects.requireNonNull(pattern, "pattern"));
            return this;
        }

        /**
         * Bounds the tracked processes (default {@value ProcessSelection#DEFAULT_MAX}).
         *
         * @throws IllegalArgumentException if {@code max} is negative (at once, as the other settings are checked)
         */
        public Builder maxTrackedProcesses(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("the bound on tracked processes must not be negative: " + max);
            }
            this.max = max;
            return this;
        }

        /** Adds tags to every meter. */
        public Builder tags(Iterable<Tag> extra) {
            tags = tags.and(extra);
            return this;
        }

        /**
         * Times one call in {@code oneIn} to the node's processes, as its caller sees it: the timer
         * {@code loomotp.call.latency{outcome=reply|failed}} ({@link CallTiming}). Off unless asked: then calls pay
         * one null check.
         *
         * @throws IllegalArgumentException if {@code oneIn} is less than 1
         */
        public Builder timeCalls(int oneIn) {
            if (oneIn < 1) {
                throw new IllegalArgumentException("timeCalls(" + oneIn + "): time one call in 1 (all) or more");
            }
            this.callsOneIn = oneIn;
            return this;
        }

        public LoomOtpMetrics build() {
            return new LoomOtpMetrics(sampler, new ProcessSelection(names, patterns, max), tags, callsOneIn);
        }
    }

    /** The processes chosen for meters of their own. */
    public ProcessSelection selection() {
        return selection;
    }

    /**
     * Registers the meters. A binder binds to one registry (use a composite registry for several).
     *
     * @throws IllegalStateException if it is bound already
     */
    @Override
    public synchronized void bindTo(MeterRegistry target) {
        Objects.requireNonNull(target, "registry");
        if (registry != null) {
            throw new IllegalStateException("these metrics of node " + sampler.node().name()
                    + " are bound already; bind a CompositeMeterRegistry to export to several");
        }
        if (target.find("loomotp.processes").tags(tags).gauge() != null) {
            throw new IllegalStateException("this registry holds node " + sampler.node().name() + "'s meters already "
                    + "(loomotp.processes" + tags.stream().map(t -> t.getKey() + "=" + t.getValue()).toList()
                    + "): another LoomOtpMetrics of the node is bound to it; two would share its meters, and closing "
                    + "either would remove the other's: bind one");
        }
        registry = target;
        gauge("loomotp.processes", "live processes", s -> s.processCount());
        counter("loomotp.processes.spawned", "processes spawned", s -> s.node().spawned());
        counter("loomotp.processes.exited", "processes that ended, for any reason", s -> s.node().exited());
        counter("loomotp.messages.in", "messages taken from mailboxes", NodeSample::messagesIn);
        counter("loomotp.messages.out", "messages sent", NodeSample::messagesOut);
        counter("loomotp.messages.dropped", "messages refused or dropped by full bounded mailboxes",
                NodeSample::droppedMessages);
        gauge("loomotp.mailbox.waiting", "messages waiting in all mailboxes", NodeSample::waitingMessages);
        gauge("loomotp.mailbox.longest", "the longest mailbox's length", NodeSample::longestMailbox);
        gauge("loomotp.timers.pending", "timers waiting to fire", s -> s.node().pendingTimers());
        add(FunctionTimer.builder("loomotp.handler.time", this, m -> m.sampler.latest().messagesIn(),
                        m -> m.sampler.latest().handlerTime().toNanos(), TimeUnit.NANOSECONDS)
                .description("time in handlers (sampled), over messages handled").tags(tags).register(target));
        add(Gauge.builder("loomotp.metrics.processes.tracked", this, m -> m.trackedCount())
                .description("processes with meters of their own").tags(tags).strongReference(true)
                .register(target));
        add(Gauge.builder("loomotp.metrics.processes.untracked", this, m -> m.untracked)
                .description("chosen processes left without meters by the bound").tags(tags).strongReference(true)
                .register(target));
        if (callsOneIn > 0) {
            Timer replied = callTimer(target, "reply");
            Timer failed = callTimer(target, "failed");
            handles.add(CallTiming.observe(sampler.node(), callsOneIn,
                    (nanos, ok) -> (ok ? replied : failed).record(nanos, TimeUnit.NANOSECONDS)));
        }
        Node node = sampler.node();
        peers = new PeerMeters(node.name(), tags, target, this::add, () -> ClusterNodes.traffic(node),
                () -> connectedNodes(node), PeerMeters.MAX_PEERS);
        handles.add(sampler.node().onReport(this::count));
        handles.add(sampler.onSample(this::sampled));
        sampled(sampler.latest());
    }

    /** The other nodes connected now; none if the node is in no cluster (or has just left it). */
    static List<String> connectedNodes(Node node) {
        try {
            return ClusterNodes.isClustered(node) ? ClusterNodes.nodes(node) : List.of();
        } catch (IllegalStateException leftMeanwhile) {
            return List.of();
        }
    }

    private Timer callTimer(MeterRegistry target, String outcome) {
        Timer t = Timer.builder("loomotp.call.latency").tags(tags).tag("outcome", outcome)
                .description("round trip of calls to the node's processes, as callers saw it (one call in "
                        + callsOneIn + " timed)").register(target);
        add(t);
        return t;
    }

    private void gauge(String name, String description, ToDoubleFunction<NodeSample> f) {
        add(Gauge.builder(name, this, m -> f.applyAsDouble(m.sampler.latest())).description(description).tags(tags)
                .strongReference(true).register(registry));
    }

    private void counter(String name, String description, ToDoubleFunction<NodeSample> f) {
        add(FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.sampler.latest())).description(description)
                .tags(tags).register(registry));
    }

    private void add(Meter meter) {
        meters.add(meter);
    }

    private synchronized int trackedCount() {
        return tracked.size();
    }

    // --- reports: crashes and restarts, as they happen ------------------------------------------------------------

    private void count(Report report) {
        switch (report) {
            case CrashReport c -> increment("loomotp.process.crashes", "crashes by reason class", "reason",
                    reasons.of(reasonClass(c.reason())));
            case ProcessErrorReport e -> increment("loomotp.process.crashes", "crashes by reason class", "reason",
                    reasons.of(reasonClass(e.reason())));
            case SupervisorReport s when NodeSampler.isRestart(s) -> increment("loomotp.supervisor.restarts",
                    "children restarted, by supervisor", "supervisor", supervisorTag(s));
            case SupervisorReport s when s.gaveUp() ->
                    increment("loomotp.supervisor.shutdowns", "supervisors that reached their restart intensity",
                            "supervisor", supervisorTag(s));
            default -> { }
        }
    }

    private void increment(String name, String description, String key, String value) {
        Counter c = Counter.builder(name).description(description).tags(tags.and(key, value)).register(registry);
        meters.addIfAbsent(c);
        c.increment();
    }

    /** The class of a reason: the exception's class for a crash, else the reason's kind ({@code killed}, ...). */
    static String reasonClass(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Crash(Throwable t) -> t.getClass().getName();
            case ExitReason.Custom c -> "custom";
            default -> reason.toString();
        };
    }

    private String supervisorTag(SupervisorReport s) {
        if (s.supervisorName() != null) {
            return supervisors.of(s.supervisorName());
        }
        ProcessInfo i = Node.of(s.supervisor()).info(s.supervisor());
        String module = i == null ? "unknown" : i.initialCall();
        return supervisors.of(module.substring(module.lastIndexOf('.') + 1));
    }

    // --- per-process meters ---------------------------------------------------------------------------------------

    private synchronized void sampled(NodeSample s) {
        if (peers != null) {
            peers.update();
        }
        if (selection.isEmpty()) {
            return;
        }
        int left = 0;
        // names chosen one by one first, then those a pattern matches, in name order: the bound keeps the same ones
        List<String> candidates = new ArrayList<>(new TreeSet<>(selection.names()));
        for (String name : new TreeSet<>(s.named().keySet())) {
            if (!selection.names().contains(name)) {
                candidates.add(name);
            }
        }
        for (String name : candidates) {
            if (tracked.containsKey(name) || !s.named().containsKey(name) || !selection.matches(name)) {
                continue;
            }
            if (tracked.size() >= selection.max()) {
                left++;
                if (refused.add(name) && !warned) {
                    warned = true;
                    LoggerFactory.getLogger(LoomOtpMetrics.class).warn("node {}: more than {} processes match the "
                            + "metrics' selection; {} and later ones get no meters of their own",
                            sampler.node().name(), selection.max(), name);
                }
                continue;
            }
            tracked.put(name, register(new TrackedProcess(name)));
        }
        untracked = left;
        for (TrackedProcess t : tracked.values()) {
            t.update(s.named().get(t.name), this::finalCounters);
        }
    }

    /** The final counts of a process that held a tracked name, or null if they cannot be read. */
    private ProcessCounters finalCounters(Pid pid) {
        try {
            return sampler.node().finalCounters(pid);
        } catch (IllegalArgumentException notHere) {
            return null;
        }
    }

    private TrackedProcess register(TrackedProcess t) {
        Tags pt = tags.and("process", t.name);
        add(Gauge.builder("loomotp.process.mailbox", t, TrackedProcess::mailbox).tags(pt)
                .description("messages waiting").strongReference(true).register(registry));
        add(FunctionCounter.builder("loomotp.process.messages.in", t, TrackedProcess::in).tags(pt)
                .description("messages taken from the mailbox").register(registry));
        add(FunctionCounter.builder("loomotp.process.messages.out", t, TrackedProcess::out).tags(pt)
                .description("messages sent").register(registry));
        add(FunctionCounter.builder("loomotp.process.messages.dropped", t, TrackedProcess::dropped).tags(pt)
                .description("messages refused or dropped by the full mailbox").register(registry));
        add(FunctionTimer.builder("loomotp.process.handler.time", t, TrackedProcess::inCount,
                        TrackedProcess::handlerNanos, TimeUnit.NANOSECONDS).tags(pt)
                .description("time in handlers (sampled)").register(registry));
        return t;
    }

    /** Stops counting and removes every meter this binder registered. */
    @Override
    public synchronized void close() {
        for (AutoCloseable h : handles) {
            try {
                h.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        handles.clear();
        MeterRegistry r = registry;
        if (r != null) {
            for (Meter m : meters) {
                r.remove(m);
            }
        }
        meters.clear();
        tracked.clear();
        peers = null;
    }

    @Override
    public String toString() {
        return "LoomOtpMetrics[" + sampler.node().name() + ", " + selection + "]";
    }
}
