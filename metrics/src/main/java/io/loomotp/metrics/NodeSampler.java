package io.loomotp.metrics;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.NodeCounters;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.ProcessErrorReport;
import io.loomotp.runtime.report.SupervisorReport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Reads a node at each tick into a {@link NodeSample}, and tells its listeners (the Micrometer binder, threshold
 * alarms, a regulator's feedback): elarm's and {@code jobs_sampler}'s periodic sampling, in one place.
 *
 * <p>It owns the tick and the time. A tick is either explicit ({@link #tick()}, which a test drives with a
 * {@code ManualClock} of its tests) or made every period by a daemon thread of its own ({@link #start}); ticks are serialised.
 * Between ticks it only counts reports (crashes, restarts), on the threads that make them, stamping restarts with its
 * clock so that "restarts in the last minute" is exact. A tick walks the process table once, reading each process's
 * counters ({@link NodeCounters#eachProcess}): it costs the processes nothing, and the sampler's thread O(processes).
 */
public final class NodeSampler implements AutoCloseable {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    /** Restart stamps kept at most: a restart storm must not grow the sampler without bound. */
    private static final int MAX_STAMPS = 100_000;

    private final Node node;
    private final LongSupplier clock;
    private final Supplier<MemoryUsage> heap;
    private final List<Consumer<? super NodeSample>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder crashes = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final ArrayDeque<Long> restartStamps = new ArrayDeque<>();
    private final AutoCloseable reportHandle;
    private volatile NodeSample latest;
    private volatile Thread thread;
    private volatile boolean closed;
    private final List<Runnable> closeHooks = new java.util.ArrayList<>();

    private NodeSampler(Node node, LongSupplier clock, Supplier<MemoryUsage> heap) {
        this.node = node;
        this.clock = clock;
        this.heap = heap;
        this.reportHandle = node.onReport(r -> {
            switch (r) {
                case CrashReport c -> crashes.increment();
                case ProcessErrorReport e -> crashes.increment();
                case SupervisorReport s when isRestart(s) -> restarted();
                default -> { }
            }
        });
        this.latest = read(clock.getAsLong());
    }

    /**
     * A sampler on the node's clock ({@link Node#nanoTime()}: virtual time on a node made with a {@code ManualClock},
     * as a test kit's) and the JVM's heap; it ticks only when told, until {@link #start}.
     */
    public static NodeSampler create(Node node) {
        Objects.requireNonNull(node, "node");
        return create(node, node::nanoTime, () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage());
    }

    /**
     * A sampler with its own clock (nanoseconds, as {@link System#nanoTime()}) and heap probe: how a test makes time
     * and memory what it wants them to be.
     */
    public static NodeSampler create(Node node, LongSupplier clock, Supplier<MemoryUsage> heap) {
        return new NodeSampler(Objects.requireNonNull(node, "node"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(heap, "heap"));
    }

    /**
     * True for a report that OTP's supervisor counts towards its restart intensity: a child that is not temporary
     * terminated ({@code supervisor:restart_child/3} follows {@code child_terminated} for permanent and transient
     * children only).
     */
    static boolean isRestart(SupervisorReport s) {
        return s.errorContext().equals("child_terminated") && !"temporary".equals(s.offender().restart());
    }

    private void restarted() {
        restarts.increment();
        long now = clock.getAsLong();
        synchronized (restartStamps) {
            restartStamps.addLast(now);
            if (restartStamps.size() > MAX_STAMPS) {
                restartStamps.removeFirst();
            }
        }
    }

    /** The node sampled. */
    public Node node() {
        return node;
    }

    /** The sampler's clock, in nanoseconds. */
    public LongSupplier clock() {
        return clock;
    }

    /** The last sample taken (one is taken when the sampler is made). */
    public NodeSample latest() {
        return latest;
    }

    /** Adds a listener, told of each sample on the thread that ticked; returns what removes it. */
    public AutoCloseable onSample(Consumer<? super NodeSample> listener) {
        Objects.requireNonNull(listener, "listener");
        refuseClosed("a listener (threshold alarms, a regulator's feedback) was not added");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Adds what runs once when the sampler closes: by {@link #close()}, or by itself when its ticking thread sees the
     * node closed (within a period). What lives as long as the sampling (a regulator fed by it) is closed with it, even
     * when the node is closed without stopping its applications. Runs at once if the sampler is closed already.
     */
    public void onClose(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        synchronized (closeHooks) {
            if (!closed) {
                closeHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /** Takes a sample now (by the sampler's clock), and tells the listeners. */
    public synchronized NodeSample tick() {
        refuseClosed("no sample was taken");
        NodeSample s = read(clock.getAsLong());
        latest = s;
        for (Consumer<? super NodeSample> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(NodeSampler.class).warn("sample listener {} failed", l, e);
            }
        }
        return s;
    }

    private NodeSample read(long now) {
        NodeCounters nc = NodeCounters.of(node);
        Totals t = new Totals(nc);
        NodeCounters.eachProcess(node, t);
        return new NodeSample(now, t.count, nc, t.in, t.out, Duration.ofNanos(t.handler), t.dropped, t.waiting,
                t.longest, t.longestPid, Map.copyOf(t.named), crashes.sum(), restarts.sum(),
                restartsSince(now - MINUTE), heap.get());
    }

    /** The sums of one walk of the process table, starting from the ended processes' totals. */
    private static final class Totals implements Consumer<ProcessCounters> {
        long in;
        long out;
        long handler;
        long dropped;
        long waiting;
        int longest;
        Pid longestPid;
        int count;
        final Map<String, ProcessCounters> named = new HashMap<>();

        Totals(NodeCounters nc) {
            in = nc.endedMessagesIn();
            out = nc.endedMessagesOut();
            handler = nc.endedHandlerTime().toNanos();
            dropped = nc.endedDroppedMessages();
        }

        @Override
        public void accept(ProcessCounters c) {
            count++;
            in += c.messagesIn();
            out += c.messagesOut();
            handler += c.handlerTime().toNanos();
            dropped += c.droppedMessages();
            waiting += c.mailboxLength();
            if (c.mailboxLength() > longest) {
                longest = c.mailboxLength();
                longestPid = c.pid();
            }
            if (c.registeredName() != null) {
                named.put(c.registeredName(), c);
            }
        }
    }

    private int restartsSince(long since) {
        synchronized (restartStamps) {
            while (!restartStamps.isEmpty() && restartStamps.peekFirst() - since <= 0) {
                restartStamps.removeFirst(); // older than the window: never counted again
            }
            return restartStamps.size();
        }
    }

    /**
     * Ticks every {@code period} on a daemon thread of its own, until {@link #close()}. Production's driver; tests
     * call {@link #tick()} instead.
     *
     * @throws IllegalStateException if it was started already
     */
    public synchronized NodeSampler start(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a sampling period must be positive: " + period);
        }
        refuseClosed("it was not started");
        if (thread != null) {
            throw new IllegalStateException("the sampler of node " + node.name() + " is already started");
        }
        long nanos = period.toNanos();
        thread = Thread.ofPlatform().daemon().name("loomotp-sampler-" + node.name()).start(() -> {
            while (!closed && !node.isClosed()) {
                LockSupport.parkNanos(nanos);
                if (!closed && !node.isClosed()) {
                    tick();
                }
            }
            close(); // the node is gone: so is the sampling, and what lives as long as it
        });
        return this;
    }

    private void refuseClosed(String what) {
        if (closed) {
            throw new IllegalStateException("the sampler of node " + node.name() + " is closed: " + what
                    + "; make a new NodeSampler");
        }
    }

    /** The alarm ids the open threshold alarms on this sampler raise; guarded by itself. */
    private final java.util.Set<Threshold.AlarmId> alarmIds = new java.util.HashSet<>();

    /** Claims {@code ids} for one install of threshold alarms, or refuses them all if another install holds one. */
    void claimAlarms(List<Threshold.AlarmId> ids) {
        synchronized (alarmIds) {
            for (Threshold.AlarmId id : ids) {
                if (alarmIds.contains(id)) {
                    throw new IllegalArgumentException("threshold alarm " + id + " is raised by other threshold "
                            + "alarms on this sampler already (each crossing would set it twice): close those first, or "
                            + "give this threshold another id");
                }
            }
            alarmIds.addAll(ids);
        }
    }

    void releaseAlarms(List<Threshold.AlarmId> ids) {
        synchronized (alarmIds) {
            ids.forEach(alarmIds::remove);
        }
    }

    /** Stops the ticking thread, if any, and the report counting, and runs the {@link #onClose} hooks. */
    @Override
    public void close() {
        List<Runnable> hooks;
        synchronized (closeHooks) {
            if (closed && closeHooks.isEmpty()) {
                return;
            }
            closed = true;
            hooks = List.copyOf(closeHooks);
            closeHooks.clear();
        }
        hooks.forEach(Runnable::run);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        try {
            reportHandle.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
