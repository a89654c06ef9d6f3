package io.loomotp.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Timeouts of parked callers, for one node, without a timed park.
 *
 * <p>Why: a timed park of a virtual thread ({@code LockSupport.parkNanos}) schedules a wake-up in the JDK scheduler's
 * delay queue and cancels it when the thread is unparked first, which is almost always for a call. Measured on W2
 * (100 clients calling one server, each call parked with the default 5 s timeout): 0.6-0.9M calls/s with timed parks,
 * 2.0-3.6M with untimed ones. See {@code docs/adr/0005-call-timeouts.md}.
 *
 * <p>How: a caller that must park with a long timeout (at least {@link #WATCHED_FROM}) appends its call to a lock-free
 * queue (the call envelope is the queue's node: one exchange, no allocation) and parks untimed. Nothing is ever
 * removed by a caller. A sweep on the node's timer thread, every {@link #TICK_MILLIS} ms while there is anything to
 * watch, moves the queue into its own list, drops the calls that were answered, and expires those whose deadline
 * passed, which wakes their callers. A long timeout therefore fires up to a tick late; shorter ones keep the timed
 * park and are exact. Answered calls are let go at the next sweep, so what this holds is bounded by one tick's worth
 * of parked calls plus the calls still waiting.
 *
 * <p>Thread-safe: {@link #watch} from any thread; the sweep on the timer thread only.
 */
public final class CallTimeouts {
    /** Timeouts at least this long are watched by the sweep rather than a timed park. */
    static final long WATCHED_FROM = TimeUnit.MILLISECONDS.toNanos(200);
    static final long TICK_MILLIS = 10;

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(CallTimeouts.class, "tail", CallEnvelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The stub the sweep consumes from; its {@code watchNext} is the oldest call not yet moved. Sweep only. */
    private CallEnvelope head;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile CallEnvelope tail;
    private final List<CallEnvelope> watched = new ArrayList<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final TimerService timers;

    CallTimeouts(TimerService timers) {
        this.timers = timers;
        CallEnvelope stub = CallEnvelope.stub();
        head = stub;
        TAIL.set(this, stub);
    }

    /** Watches a call whose caller is about to park untimed until its deadline. Any thread. */
    void watch(CallEnvelope call) {
        CallEnvelope previous = (CallEnvelope) TAIL.getAndSet(this, call);
        previous.watchNextRelease(call);
        if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            timers.scheduleSweep(this::sweep, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException closed) {
            sweeping.set(false); // the node is closing: killing its processes wakes their callers
        }
    }

    private void sweep() {
        for (CallEnvelope next; (next = take()) != null; ) {
            watched.add(next);
        }
        long now = System.nanoTime();
        int kept = 0;
        for (int i = 0; i < watched.size(); i++) {
            CallEnvelope call = watched.get(i);
            if (!call.isPending()) {
                continue;
            }
            if (now - call.deadline() >= 0) {
                call.expire();
                continue;
            }
            watched.set(kept++, call);
        }
        watched.subList(kept, watched.size()).clear();
        if (!watched.isEmpty() || (CallEnvelope) TAIL.getVolatile(this) != head) {
            schedule();
            return;
        }
        sweeping.set(false);
        if ((CallEnvelope) TAIL.getVolatile(this) != head && sweeping.compareAndSet(false, true)) {
            schedule(); // a call was appended between the check and the reset
        }
    }

    /** The next appended call, or null; spins over the instant between a caller's exchange and its link. */
    private CallEnvelope take() {
        CallEnvelope h = head;
        CallEnvelope next = h.watchNextAcquire();
        if (next == null) {
            if ((CallEnvelope) TAIL.getVolatile(this) == h) {
                return null;
            }
            while ((next = h.watchNextAcquire()) == null) {
                Thread.onSpinWait();
            }
        }
        head = next;
        h.watchNextRelease(null); // nobody reads it again; a kept stub must not keep the calls watched after it
        return next;
    }
}
