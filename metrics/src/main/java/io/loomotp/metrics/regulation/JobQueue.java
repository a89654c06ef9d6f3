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
    /** When the rate regulator's next slot is due: a request waiting then (and still in time) may take it. */
    private long nextSlot;
    /** Under a counter: since when it has had room (valid while it has), so a late tick grants no earlier. */
    private long counterOpenSince;
    private boolean counterWasFull;
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
        this.counterOpenSince = nextSlot;
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
            long now = clock.getAsLong();
            dispatch(now); // what came due at the old limits was theirs, even if no tick noticed it yet
            boolean rateWasStopped = effectiveRate <= 0;
            factor = f;
            limits();
            if (rateWasStopped) {
                nextSlot = Math.max(nextSlot, now); // no slot came due while the rate was stopped
            }
            dispatch(now);
        }
    }

    private void limits() {
        effectiveRate = spec.rate() * factor;
        // jobs_server's apply_active_modifiers: Preset - round(Corr * Preset / 100), so a partial dampening of a
        // small counter rounds (1 at 25% stays 1); only a full one stops it
        long corr = Math.round((1 - factor) * 100);
        effectiveCounter = spec.counter() - (int) Math.round(corr * spec.counter() / 100.0);
    }

    /**
     * Admits what the regulators allow, oldest first, and rejects what waited too long, deciding each request at the
     * time its way opened rather than at {@code now}: a tick may come late (a coarse manual tick, a ticking thread
     * that woke late), and a request whose rate slot (or counter room) came before its maximum time ran out is
     * granted, even if its maximum time has run out by {@code now}. Each slot is taken by one request only, and slots
     * follow one another at the rate's interval from the first one a waiting request could take, so a late tick
     * grants at most the slots that came due meanwhile ({@code jobs_server:check_rr}'s elapsed intervals), and an
     * empty queue banks none. A request whose maximum time ran out before its way opened is rejected, and leaves the
     * slot to the next.
     */
    private void dispatch(long now) {
        if (spec.counter() > 0 && running >= effectiveCounter && !held.isEmpty()) {
            releaseDeadHolders();
        }
        boolean counterFull = counterFull();
        if (!counterFull && counterWasFull) {
            counterOpenSince = now; // every change that makes room dispatches at once, so this is when it opened
        }
        long max = spec.maxTime() == null ? Long.MAX_VALUE : spec.maxTime().toNanos();
        for (Ticket head; (head = waiting.peekFirst()) != null; ) {
            if (head.holderDied()) {
                // asked by a process that ended while it waited: withdrawn, not granted, counted as admitted and
                // given back only when the counter is next full (releaseDeadHolders)
                waiting.pollFirst();
                reject(head, now, RejectedException.Reason.WITHDRAWN);
                continue;
            }
            boolean shut = counterFull || (spec.rate() > 0 && effectiveRate <= 0); // until an event opens them
            long openedAt = shut ? now : openedAt(head);
            if (shut || openedAt - now > 0) { // not yet: rejected only once its maximum time has run out
                if (now - head.enqueuedAt > max) {
                    waiting.pollFirst();
                    reject(head, now, RejectedException.Reason.MAX_TIME);
                    continue;
                }
                break;
            }
            waiting.pollFirst();
            if (openedAt - head.enqueuedAt > max) { // its way opened too late: the slot stays for the next one
                reject(head, now, RejectedException.Reason.MAX_TIME);
                continue;
            }
            if (spec.rate() > 0) {
                nextSlot = openedAt + (long) (1e9 / effectiveRate);
            }
            if (spec.counter() > 0) {
                running++;
                if (head.holder != null) {
                    held.add(head);
                }
                counterFull = counterFull();
            }
            admitted.increment();
            admittedQueueNanos.add(now - head.enqueuedAt);
            head.grant(now);
        }
        counterWasFull = counterFull;
    }

    private boolean counterFull() {
        return spec.counter() > 0 && running >= effectiveCounter;
    }

    /** When the regulators, open now, first let the head through: its asking, the counter's room, the rate's slot. */
    private long openedAt(Ticket head) {
        long at = head.enqueuedAt;
        if (spec.counter() > 0 && counterOpenSince - at > 0) {
            at = counterOpenSince;
        }
        if (spec.rate() > 0 && nextSlot - at > 0) {
            at = nextSlot;
        }
        return at;
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
