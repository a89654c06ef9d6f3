package io.loomotp.metrics.regulation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * One regulated queue: FIFO waiting tickets, its rate regulator (evenly spaced admissions, with no burst after an idle
 * spell, as {@code jobs}' standard rate), its counter regulator (admitted and not yet done), its maximum time and
 * size, and its dampening by feedback. It owns its counts, which meters read.
 *
 * <p>Every change of state is under the queue's monitor: asking, giving back, a tick, a change of feedback. A
 * dispatch happens on each of these, on the thread that made the change, so a waiting request is granted by whoever
 * freed its way (a {@code done}, or the regulator's tick when time was what it waited for).
 */
final class JobQueue {
    private static final long LOG_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final QueueSpec spec;
    private final LongSupplier clock;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    /** The granted tickets of processes, under a counter: a dead holder's is given back (jobs' 'DOWN'). */
    private final java.util.Set<Ticket> held = new java.util.LinkedHashSet<>();
    private int running;
    private long nextSlot;
    private double factor = 1;
    /** Set by the regulator's close: every later request is rejected at once ({@code CLOSED}). */
    private boolean closed;
    private volatile double effectiveRate;
    private volatile int effectiveCounter;
    private final LongAdder admitted = new LongAdder();
    private final LongAdder admittedQueueNanos = new LongAdder();
    private final LongAdder[] rejected = new LongAdder[RejectedException.Reason.values().length];
    private long unloggedRejections;
    private long lastLog = Long.MIN_VALUE;

    JobQueue(QueueSpec spec, LongSupplier clock) {
        this.spec = spec;
        this.clock = clock;
        this.nextSlot = clock.getAsLong();
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
        }
        limits();
    }

    String name() {
        return spec.name();
    }

    QueueSpec spec() {
        return spec;
    }

    synchronized Ticket ask() {
        long now = clock.getAsLong();
        Ticket t = new Ticket(this, now);
        if (closed) {
            // a stopped regulator decides nothing any more: no tick would ever grant or time out a waiting request
            reject(t, now, RejectedException.Reason.CLOSED);
            return t;
        }
        if (waiting.size() >= spec.maxSize()) {
            dispatch(now); // perhaps room is made by time alone
            if (waiting.size() >= spec.maxSize()) {
                reject(t, now, RejectedException.Reason.QUEUE_FULL);
                return t;
            }
        }
        waiting.addLast(t);
        dispatch(now);
        return t;
    }

    synchronized void done(Ticket t) {
        if (t.finish() && spec.counter() > 0) {
            running--;
            held.remove(t);
            dispatch(clock.getAsLong());
        }
    }

    synchronized void withdraw(Ticket t) {
        if (waiting.remove(t)) {
            reject(t, clock.getAsLong(), RejectedException.Reason.WITHDRAWN);
        } else {
            done(t); // granted meanwhile: nobody will run it
        }
    }

    synchronized void tick() {
        long now = clock.getAsLong();
        dispatch(now);
        logRejections(now);
    }

    synchronized void close() {
        closed = true;
        long now = clock.getAsLong();
        for (Ticket t; (t = waiting.pollFirst()) != null; ) {
            reject(t, now, RejectedException.Reason.CLOSED);
        }
        lastLog = Long.MIN_VALUE; // the last line, whenever the one before was
        logRejections(now);
    }

    /** Sets the dampening from the feedback levels, and dispatches at the new limits. */
    synchronized void dampen(Map<String, Integer> levels) {
        int percent = 0;
        for (Map.Entry<String, Integer> m : spec.modifiers().entrySet()) {
            percent += m.getValue() * levels.getOrDefault(m.getKey(), 0);
        }
        double f = Math.max(0, 100 - percent) / 100.0;
        if (f != factor) {
            factor = f;
            limits();
            dispatch(clock.getAsLong());
        }
    }

    private void limits() {
        effectiveRate = spec.rate() * factor;
        // jobs_server's apply_active_modifiers: Preset - round(Corr * Preset / 100), so a partial dampening of a
        // small counter rounds (1 at 25% stays 1); only a full one stops it
        long corr = Math.round((1 - factor) * 100);
        effectiveCounter = spec.counter() - (int) Math.round(corr * spec.counter() / 100.0);
    }

    /** Rejects what waited too long, then admits what the regulators allow, oldest first. */
    private void dispatch(long now) {
        if (spec.counter() > 0 && running >= effectiveCounter && !held.isEmpty()) {
            releaseDeadHolders();
        }
        Duration maxTime = spec.maxTime();
        if (maxTime != null) {
            long max = maxTime.toNanos();
            for (Ticket head; (head = waiting.peekFirst()) != null && now - head.enqueuedAt > max; ) {
                waiting.pollFirst();
                reject(head, now, RejectedException.Reason.MAX_TIME);
            }
        }
        for (Ticket head; (head = waiting.peekFirst()) != null; ) {
            if (head.holderDied()) {
                // asked by a process that ended while it waited: withdrawn, not granted, counted as admitted and
                // given back only when the counter is next full (releaseDeadHolders)
                waiting.pollFirst();
                reject(head, now, RejectedException.Reason.WITHDRAWN);
                continue;
            }
            if (spec.counter() > 0 && running >= effectiveCounter) {
                return;
            }
            if (spec.rate() > 0) {
                if (effectiveRate <= 0 || now - nextSlot < 0) {
                    return;
                }
                nextSlot = Math.max(nextSlot, now) + (long) (1e9 / effectiveRate);
            }
            waiting.pollFirst();
            if (spec.counter() > 0) {
                running++;
                if (head.holder != null) {
                    held.add(head);
                }
            }
            admitted.increment();
            admittedQueueNanos.add(now - head.enqueuedAt);
            head.grant(now);
        }
    }

    /** Gives back the places of processes that ended holding them; only when the counter is full, so it is rare. */
    private void releaseDeadHolders() {
        for (java.util.Iterator<Ticket> i = held.iterator(); i.hasNext(); ) {
            Ticket t = i.next();
            if (t.holderDied() && t.finish()) {
                i.remove();
                running--;
            }
        }
    }

    /** When the next dispatch may change something (clock time), or {@code Long.MAX_VALUE} if only an event can. */
    synchronized long nextDue() {
        Ticket head = waiting.peekFirst();
        if (head == null) {
            return Long.MAX_VALUE;
        }
        long due = Long.MAX_VALUE;
        if (spec.maxTime() != null) {
            due = head.enqueuedAt + spec.maxTime().toNanos() + 1;
        }
        boolean counterFull = spec.counter() > 0 && running >= effectiveCounter;
        if (spec.rate() > 0 && !counterFull && effectiveRate > 0) {
            due = Math.min(due, nextSlot);
        }
        return due;
    }

    private void reject(Ticket t, long now, RejectedException.Reason reason) {
        rejected[reason.ordinal()].increment();
        t.reject(now, reason);
        if (reason == RejectedException.Reason.WITHDRAWN) {
            return; // the asker gave up (interrupted): counted, but not a refusal of the queue's to warn of
        }
        unloggedRejections++;
        logRejections(now);
    }

    /** Logs the rejections not yet logged, at most once a second: the first at once, the rest with a later line. */
    private void logRejections(long now) {
        if (unloggedRejections > 0 && (lastLog == Long.MIN_VALUE || now - lastLog >= LOG_EVERY)) {
            // the totals of every reason, so that the lines' counts add up to the queue's (closed and withdrawn too)
            LoggerFactory.getLogger("io.loomotp.regulator").warn("queue {} rejected {} request(s) since the last "
                    + "line (so far: {} full, {} past max time, {} closed, {} withdrawn)", spec.name(),
                    unloggedRejections, rejected(RejectedException.Reason.QUEUE_FULL),
                    rejected(RejectedException.Reason.MAX_TIME), rejected(RejectedException.Reason.CLOSED),
                    rejected(RejectedException.Reason.WITHDRAWN));
            unloggedRejections = 0;
            lastLog = now;
        }
    }

    // --- counts, for meters and tests ------------------------------------------------------------------------------

    long admitted() {
        return admitted.sum();
    }

    long admittedQueueNanos() {
        return admittedQueueNanos.sum();
    }

    long rejected(RejectedException.Reason reason) {
        return rejected[reason.ordinal()].sum();
    }

    synchronized int waitingCount() {
        return waiting.size();
    }

    synchronized int runningCount() {
        return running;
    }

    double effectiveRate() {
        return effectiveRate;
    }

    int effectiveCounter() {
        return effectiveCounter;
    }
}
