package io.loomotp.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deadlines of receives that park, for one node, without a timed park: {@link CallTimeouts}' sweep, for a process
 * waiting in {@code receive(timeout)} (Erlang's {@code receive ... after T}).
 *
 * <p>Why: a timed park of a virtual thread schedules a wake-up in the JDK scheduler's delay queue and cancels it when
 * a message comes first, which is almost always. A ring of 1000 plain processes, each waiting with
 * {@code Process.receive(Duration.ofSeconds(5))}, passed its token 2-3 times slower than with {@code receive()}
 * (docs/adr/0005-call-timeouts.md, amendment of 2026-12-06, has the figures with this class).
 *
 * <p>How: a process about to park with a deadline at least {@link #WATCHED_FROM} away appends a {@link Watch} to a
 * lock-free queue and parks untimed. The watch names the park by the process's park count
 * ({@link ProcessImpl#receiveParkCount()}), which the process moves on when it parks and again when it wakes, so that
 * a watch whose park has ended is recognised and dropped, never acted on. A sweep on the node's timer thread, every
 * {@link #TICK_MILLIS} ms while there is anything to watch, drops the watches of parks that ended, and hands each
 * park still waiting within two ticks of its deadline to the timer thread's queue, which wakes it at the deadline
 * ({@link Mailbox#wakeOwner}: an unpark, which never blocks the timer thread). So a receive's timeout ends when it
 * is due, as with a timed park, and in deadline order with the node's other timers; only the few parks that come
 * that close to their deadline pay for a scheduled task. Shorter timeouts keep the timed park, whose wake is not
 * ordered with the node's timers: one that runs out waits for the timers due by then before it returns
 * ({@link TimerService#awaitDueTimers}), so that the message of a timer due first is taken first. Watches of
 * deadlines more than {@link #NEAR_NANOS} away are looked at every {@link #FAR_EVERY} ticks only, so that many
 * processes idle in long receives cost the sweep little.
 *
 * <p>A wake can still come just after its park ended (the sweep read the count, then the process woke for a message
 * and went on): the process's next park then returns at once, as a spurious wake-up of {@code LockSupport.park} may,
 * and every park in the runtime is in a loop that checks its condition again.
 *
 * <p>Thread-safe: {@link #watch} from any process; the sweep on the timer thread only.
 */
final class ReceiveTimeouts {
    /** Deadlines at least this far are watched by the sweep rather than a timed park. */
    static final long WATCHED_FROM = CallTimeouts.WATCHED_FROM;
    static final long TICK_MILLIS = CallTimeouts.TICK_MILLIS;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    /** Watches of deadlines further than this are looked at every {@link #FAR_EVERY} ticks. */
    static final long NEAR_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int FAR_EVERY = 10;

    /** One park of one process, until its deadline. */
    static final class Watch {
        private static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Watch.class, "next", Watch.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ProcessImpl process;
        final long deadline;
        final short park;
        @SuppressWarnings("unused") // accessed through NEXT
        private volatile Watch next;

        Watch(ProcessImpl process, long deadline, short park) {
            this.process = process;
            this.deadline = deadline;
            this.park = park;
        }

        /** True while the park it watches lasts. */
        boolean current() {
            return process.receiveParkCount() == park;
        }
    }

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(ReceiveTimeouts.class, "tail", Watch.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The stub the sweep consumes from; its next is the oldest watch not yet moved. Sweep only. */
    private Watch head;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Watch tail;
    private final List<Watch> near = new ArrayList<>();
    private final List<Watch> far = new ArrayList<>();
    private int ticks;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final TimerService timers;

    ReceiveTimeouts(TimerService timers) {
        this.timers = timers;
        Watch stub = new Watch(null, 0, (short) 0);
        head = stub;
        TAIL.set(this, stub);
    }

    /** Watches a park that is about to begin, until {@code deadline}. The process's own thread. */
    void watch(ProcessImpl process, long deadline, short park) {
        Watch w = new Watch(process, deadline, park);
        Watch previous = (Watch) TAIL.getAndSet(this, w);
        Watch.NEXT.setRelease(previous, w);
        if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
            schedule();
        }
    }

    /** True when no sweep is due: nothing is watched, and nothing waits to be. */
    boolean idle() {
        return !sweeping.get();
    }

    private void schedule() {
        try {
            timers.scheduleSweep(this::sweep, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException closed) {
            sweeping.set(false); // the node is closing: killing its processes wakes them
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watch w; (w = take()) != null; ) {
            if (w.current()) {
                (w.deadline - now > NEAR_NANOS ? far : near).add(w);
            }
        }
        sweepNear(now);
        if (++ticks % FAR_EVERY == 0) {
            int kept = 0;
            for (int i = 0; i < far.size(); i++) {
                Watch w = far.get(i);
                if (!w.current()) {
                    continue;
                }
                if (w.deadline - now <= NEAR_NANOS) {
                    near.add(w);
                    continue;
                }
                far.set(kept++, w);
            }
            far.subList(kept, far.size()).clear();
        }
        if (!near.isEmpty() || !far.isEmpty() || (Watch) TAIL.getVolatile(this) != head) {
            schedule();
            return;
        }
        sweeping.set(false);
        if ((Watch) TAIL.getVolatile(this) != head && sweeping.compareAndSet(false, true)) {
            schedule(); // a watch was appended between the check and the reset
        }
    }

    private void sweepNear(long now) {
        int kept = 0;
        for (int i = 0; i < near.size(); i++) {
            Watch w = near.get(i);
            if (!w.current()) {
                continue;
            }
            if (w.deadline - now < 2 * TICK_NANOS) {
                wakeAtDeadline(w, now); // due before the next sweep, or the one after if this one came late
                continue;
            }
            near.set(kept++, w);
        }
        near.subList(kept, near.size()).clear();
    }

    /**
     * Wakes a watched park at its deadline exactly, on the timer thread, as a timed park would have: a sweep every
     * tick that woke what had passed made every deadline of a tick end together, so a receive of 250 ms timed out
     * before a process's sleep of 242 ms had ended and sent to it (a new user's finding), where Erlang ends the earlier
     * one first. Only a park still waiting two ticks before its deadline costs this scheduling; most end sooner.
     */
    private void wakeAtDeadline(Watch w, long now) {
        long left = w.deadline - now;
        if (left <= 0) {
            w.process.mailbox().wakeOwner();
            return;
        }
        try {
            timers.scheduleSweep(() -> {
                if (w.current()) {
                    w.process.mailbox().wakeOwner();
                }
            }, left, TimeUnit.NANOSECONDS);
        } catch (IllegalStateException closed) {
            // the node is closing: killing its processes wakes them
        }
    }

    /** The next appended watch, or null; spins over the instant between a watcher's exchange and its link. */
    private Watch take() {
        Watch h = head;
        Watch next = (Watch) Watch.NEXT.getAcquire(h);
        if (next == null) {
            if ((Watch) TAIL.getVolatile(this) == h) {
                return null;
            }
            while ((next = (Watch) Watch.NEXT.getAcquire(h)) == null) {
                Thread.onSpinWait();
            }
        }
        head = next;
        Watch.NEXT.setRelease(h, null); // a kept stub must not keep the watches after it
        return next;
    }
}
