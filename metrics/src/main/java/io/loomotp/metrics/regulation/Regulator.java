package io.loomotp.metrics.regulation;

import io.loomotp.metrics.NodeSample;
import io.loomotp.metrics.NodeSampler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A load regulator at a system's edge, in the spirit of Ulf Wiger's {@code jobs} (Designing for Scalability, chapter
 * 15): named queues, each with a rate regulator, a counter regulator or both; a maximum time after which a waiting
 * request is rejected rather than served late; a maximum size past which it is rejected at once; and feedback from
 * samplers that lowers the limits while the system struggles and restores them when it recovers. Every rejection is
 * counted, per queue and reason, logged at most once a second per queue, and seen by the asker as a
 * {@link RejectedException}: none is silent.
 *
 * <pre>{@code
 * Regulator regulator = Regulator.create();
 * regulator.addQueue(QueueSpec.named("setup").rate(200).counter(50).maxTime(Duration.ofMillis(200))
 *         .modifier("frequency", 25).build());
 * regulator.attach(sampler, Feedback.mailbox("frequency", "frequency", 100, 1_000));
 * regulator.start();
 * regulator.run("setup", () -> setUpCall(...));   // throws RejectedException: answer busy
 * }</pre>
 *
 * <p>It owns its queues and its clock. Unlike {@code jobs}, whose queues live in a server process, a queue here is a
 * small monitor-protected object: asking costs a lock and no message, and the asker (a process, or any thread) waits on
 * its own ticket. Time-driven decisions (the next rate slot, a maximum time that ran out) are made by {@link #tick()}:
 * a daemon thread calls it when one is due ({@link #start}), or a test calls it after moving a {@code ManualClock}.
 */
public final class Regulator implements MeterBinder, AutoCloseable {
    /** The longest the ticking thread sleeps when nothing is due: a bound on a missed wake-up, never a poll period. */
    private static final long IDLE_PARK = TimeUnit.MILLISECONDS.toNanos(100);

    private final LongSupplier clock;
    /** Made by {@link #create()}: on the system clock, so only {@link #start}'s thread makes its time-driven decisions. */
    private final boolean needsStart;
    private final Map<String, JobQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, Integer> levels = new ConcurrentHashMap<>();
    private final List<AutoCloseable> handles = new CopyOnWriteArrayList<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private volatile MeterRegistry registry;
    private volatile Thread thread;
    private volatile boolean closed;

    private Regulator(LongSupplier clock, boolean needsStart) {
        this.clock = clock;
        this.needsStart = needsStart;
    }

    /** A regulator on the system's clock; {@link #start} it before asking. */
    public static Regulator create() {
        return new Regulator(System::nanoTime, true);
    }

    /**
     * A regulator on a clock of its own (nanoseconds): a test's {@code ManualClock}, whose test calls {@link #tick()}
     * after moving it (or {@link #start}s it).
     */
    public static Regulator create(LongSupplier clock) {
        return new Regulator(Objects.requireNonNull(clock, "clock"), false);
    }

    /**
     * Adds a queue: {@code jobs:add_queue/2}.
     *
     * @throws IllegalArgumentException if a queue of that name exists
     * @throws IllegalStateException if the regulator is closed
     */
    public synchronized Regulator addQueue(QueueSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (closed) {
            throw new IllegalStateException("the regulator is closed: queue '" + spec.name() + "' was not added "
                    + "(a closed regulator rejects every request; create a new one)");
        }
        JobQueue q = new JobQueue(spec, clock);
        if (queues.putIfAbsent(spec.name(), q) != null) {
            throw new IllegalArgumentException("a queue named '" + spec.name() + "' exists already");
        }
        if (registry != null) {
            try {
                refuseShared(registry, q.name());
            } catch (IllegalStateException e) {
                queues.remove(spec.name(), q);
                throw e;
            }
            register(registry, q);
        }
        q.dampen(levels);
        return this;
    }

    /**
     * Asks for permission to run a job: {@code jobs:ask/1}. Returns at once a ticket that is granted, rejected (the
     * queue is full) or waiting.
     *
     * @throws UnknownQueueException if there is no such queue
     * @throws IllegalStateException if the regulator is on the system clock and was not {@link #start}ed: nothing would
     *     ever admit a request waiting for a rate slot, nor reject one whose maximum time ran out
     */
    public Ticket ask(String queue) {
        JobQueue q = queue(queue);
        if (needsStart && thread == null && !closed) {
            throw new IllegalStateException("the regulator is not started: call start() once its queues are added "
                    + "(its thread admits what waits for a rate slot and rejects what waited its maximum time)");
        }
        Ticket t = q.ask();
        if (t.state() == Ticket.State.WAITING) {
            Thread driver = thread;
            if (driver != null) {
                LockSupport.unpark(driver); // a new due time, perhaps sooner than the one it sleeps towards
            }
        }
        return t;
    }

    /**
     * Runs a job once its queue admits it, then gives its place back: {@code jobs:run/2}. Blocks the caller while the
     * request waits.
     *
     * @throws RejectedException if the queue rejected it: full, or the maximum time ran out
     * @throws UnknownQueueException if there is no such queue
     * @throws IllegalStateException if the regulator is on the system clock and was not {@link #start}ed
     */
    public <T> T run(String queue, Callable<T> job) throws Exception {
        Objects.requireNonNull(job, "job");
        Ticket t = ask(queue);
        t.await();
        try {
            return job.call();
        } finally {
            t.done();
        }
    }

    /**
     * Makes the time-driven decisions due now, on every queue: admits what a rate slot allows, and rejects what
     * waited too long.
     */
    public void tick() {
        for (JobQueue q : queues.values()) {
            q.tick();
        }
    }

    /**
     * Sets a feedback's level by hand (as a {@code jobs} sampler reports one), and applies it to the queues that have
     * a modifier for it.
     */
    public void feedback(String name, int level) {
        refuseClosed("feedback(\"" + name + "\", " + level + ")");
        if (level < 0) {
            throw new IllegalArgumentException("a feedback level is 0 or more, not " + level);
        }
        levels.put(Objects.requireNonNull(name, "name"), level);
        for (JobQueue q : queues.values()) {
            q.dampen(levels);
        }
    }

    /** The level a feedback has now (0 if never set). */
    public int feedbackLevel(String name) {
        return levels.getOrDefault(name, 0);
    }

    /** Sets the feedbacks' levels from every sample the sampler takes from now on. */
    public Regulator attach(NodeSampler sampler, Feedback... feedbacks) {
        Objects.requireNonNull(sampler, "sampler");
        refuseClosed("attach");
        List<Feedback> fs = List.of(feedbacks);
        java.util.Set<String> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
        handles.add(sampler.onSample((NodeSample s) -> {
            Map<String, Integer> now = new HashMap<>();
            for (Feedback f : fs) {
                try {
                    now.put(f.name(), f.level(f.measure().applyAsDouble(s)));
                } catch (RuntimeException e) { // one failing measure leaves its level as it was, not the others'
                    if (told.add(f.name())) {
                        org.slf4j.LoggerFactory.getLogger(Regulator.class).warn("feedback '{}' failed to measure the "
                                + "sample; its level stays {} until it measures again (told once)", f.name(),
                                levels.getOrDefault(f.name(), 0), e);
                    }
                }
            }
            levels.putAll(now);
            for (JobQueue q : queues.values()) {
                q.dampen(levels);
            }
        }));
        return this;
    }

    /** A queue's state now, for operators and tests. */
    public QueueStats stats(String queue) {
        JobQueue q = queue(queue);
        return new QueueStats(q.name(), q.waitingCount(), q.runningCount(), q.admitted(),
                q.rejected(RejectedException.Reason.QUEUE_FULL), q.rejected(RejectedException.Reason.MAX_TIME),
                q.rejected(RejectedException.Reason.CLOSED), q.rejected(RejectedException.Reason.WITHDRAWN),
                q.effectiveRate(), q.effectiveCounter());
    }

    JobQueue queue(String name) {
        JobQueue q = queues.get(Objects.requireNonNull(name, "queue"));
        if (q == null) {
            throw new UnknownQueueException(name, queues.keySet());
        }
        return q;
    }

    /**
     * Ticks on a daemon thread of its own whenever a decision is due, until {@link #close()}.
     *
     * @throws IllegalStateException if it was started already
     */
    public synchronized Regulator start() {
        refuseClosed("start()");
        if (thread != null) {
            throw new IllegalStateException("the regulator is already started");
        }
        thread = Thread.ofPlatform().daemon().name("loomotp-regulator").start(() -> {
            while (!closed) {
                tick();
                long now = clock.getAsLong();
                long due = Long.MAX_VALUE;
                for (JobQueue q : queues.values()) {
                    due = Math.min(due, q.nextDue());
                }
                long wait = due == Long.MAX_VALUE ? IDLE_PARK : Math.min(IDLE_PARK, due - now);
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        });
        return this;
    }

    @Override
    public synchronized void bindTo(MeterRegistry target) {
        if (closed) {
            throw new IllegalStateException("the regulator is closed: its meters were removed, and none are bound");
        }
        if (registry != null) {
            throw new IllegalStateException("the regulator's meters are bound already");
        }
        Objects.requireNonNull(target, "registry");
        for (String name : queues.keySet()) {
            refuseShared(target, name);
        }
        registry = target;
        for (JobQueue q : queues.values()) {
            register(target, q);
        }
    }

    /**
     * Refuses a registry that holds a queue's meters already: Micrometer would hand back the other regulator's meter
     * (showing its counts), and closing either regulator would remove the meters the other still uses.
     */
    private static void refuseShared(MeterRegistry r, String queue) {
        if (r.find("loomotp.regulator.admitted").tags("queue", queue).meter() != null) {
            throw new IllegalStateException("this registry holds the meters of a queue named '" + queue + "' already "
                    + "(loomotp.regulator.admitted{queue=" + queue + "}): another regulator with that queue is bound to "
                    + "it; give the queues distinct names, or bind one of the regulators");
        }
    }

    private void register(MeterRegistry r, JobQueue q) {
        Tags tags = Tags.of("queue", q.name());
        meters.add(FunctionCounter.builder("loomotp.regulator.admitted", q, JobQueue::admitted).tags(tags)
                .description("requests admitted").register(r));
        for (RejectedException.Reason reason : RejectedException.Reason.values()) {
            meters.add(FunctionCounter.builder("loomotp.regulator.rejected", q, x -> x.rejected(reason))
                    .tags(tags.and("reason", reason.tag())).description("requests rejected").register(r));
        }
        meters.add(Gauge.builder("loomotp.regulator.waiting", q, JobQueue::waitingCount).tags(tags)
                .description("requests waiting").strongReference(true).register(r));
        meters.add(Gauge.builder("loomotp.regulator.running", q, JobQueue::runningCount).tags(tags)
                .description("requests admitted and not done (counter regulator)").strongReference(true)
                .register(r));
        meters.add(Gauge.builder("loomotp.regulator.rate.limit", q, JobQueue::effectiveRate).tags(tags)
                .description("the rate limit now, after feedback").strongReference(true).register(r));
        meters.add(FunctionTimer.builder("loomotp.regulator.queue.time", q, JobQueue::admitted,
                        JobQueue::admittedQueueNanos, TimeUnit.NANOSECONDS).tags(tags)
                .description("time admitted requests waited").register(r));
    }

    private void refuseClosed(String what) {
        if (closed) {
            throw new IllegalStateException(what + ": the regulator is closed (it rejects every request); create a "
                    + "new one");
        }
    }

    /** Stops ticking and feedback, rejects every waiting request ({@code closed}), and removes the meters. */
    @Override
    public synchronized void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        for (AutoCloseable h : handles) {
            try {
                h.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        for (JobQueue q : queues.values()) {
            q.close();
        }
        MeterRegistry r = registry;
        if (r != null) {
            meters.forEach(r::remove);
        }
        meters.clear();
    }
}
