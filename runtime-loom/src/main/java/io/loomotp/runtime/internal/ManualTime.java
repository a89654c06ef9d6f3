package io.loomotp.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A node's manual clock: the time every timer and timed wait of the node follows when a test chose virtual time
 * ({@code ManualClock}). Time stands still until {@link #advance} moves it.
 *
 * <p>What it owns: the virtual now, and one queue of everything that falls due at a virtual instant, ordered by that
 * instant then by arrival: the node's timers ({@link TimerService} in manual mode) and the deadlines of parked waits
 * (a receive with a timeout, a call with a timeout), whose entry only wakes the parked thread, which then reads the
 * clock and sees its deadline passed. {@link #advance} takes the entries in that order, sets the clock to each one's
 * instant, runs them, and lets the caller settle the node (wait until its processes are idle) before the next instant.
 *
 * <p>The wall-clock path never sees this class: a node without one reads {@link System#nanoTime()}
 * ({@link NodeRuntime#nanoTime()} is a null check on a final field).
 *
 * <p>Thread-safe: entries are added and cancelled from any thread; {@link #advance} is for one thread at a time.
 */
public final class ManualTime {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private volatile long now;
    private long arrivals; // guarded by this

    /** The virtual time in nanoseconds: starts at 0 and only {@link #advance} moves it. */
    public long nanoTime() {
        return now;
    }

    /**
     * Runs {@code action} once at {@code now + delay}; the future cancels it. A timer due now (no delay: a zero
     * {@code sendAfter}, or a deadline already past) runs at once, on the calling thread, as a wall-clock timer fires
     * without waiting: no {@link #advance} is needed for time that has already come. Timers only enqueue a message, so
     * running one here is short.
     */
    public ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
        if (delayNanos <= 0) {
            Entry e = new Entry(action, now, 0, -1);
            e.fire();
            return e;
        }
        return add(action, delayNanos, 0);
    }

    /** Runs {@code action} every {@code period}, the first time one period from now. */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable action, long periodNanos) {
        return add(action, periodNanos, periodNanos);
    }

    private synchronized Entry add(Runnable action, long delay, long period) {
        long due = now + delay;
        Entry e = new Entry(action, due < now ? Long.MAX_VALUE : due, period, arrivals++);
        queue.add(e);
        return e;
    }

    /**
     * Parks the calling thread until it is unparked or until {@code nanos} of virtual time have passed; may return
     * early, as {@link LockSupport#parkNanos} may: the caller checks its condition and its deadline again.
     */
    public void parkNanos(Object blocker, long nanos) {
        Thread t = Thread.currentThread();
        Entry wake = add(() -> LockSupport.unpark(t), nanos, 0);
        try {
            LockSupport.park(blocker);
        } finally {
            wake.cancel(false);
        }
    }

    /** Parks a process on its mailbox until a message may have come or its (virtual) deadline passed. */
    void park(Mailbox box, long deadline) {
        Entry wake = add(box::wakeOwner, deadline - now, 0);
        try {
            box.park(Long.MAX_VALUE);
        } finally {
            wake.cancel(false);
        }
    }

    /** The virtual nanoseconds until the next entry falls due, or -1 if nothing is pending. */
    public synchronized long untilNext() {
        Entry e = queue.peek();
        return e == null ? -1 : Math.max(0, e.due - now);
    }

    /** The entries waiting (timers and timed waits). */
    public synchronized int pending() {
        return queue.size();
    }

    /**
     * Moves the clock forward by {@code nanos}: instant by instant, runs every entry due at that instant in order, then
     * {@code settle}; ends with the clock at exactly {@code now + nanos}. {@code settle} also runs once first, so that
     * what the caller set going before it called has armed its timers.
     */
    public void advance(long nanos, Runnable settle) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time only moves forward: " + nanos + " ns");
        }
        settle.run();
        long target;
        synchronized (this) {
            target = now + nanos < now ? Long.MAX_VALUE : now + nanos;
        }
        for (List<Entry> due; !(due = takeDue(target)).isEmpty(); ) {
            for (Entry e : due) {
                e.fire();
            }
            settle.run();
        }
        synchronized (this) {
            now = Math.max(now, target);
        }
    }

    /** The entries due at the earliest instant not after {@code target}, with the clock moved to it; or none. */
    private synchronized List<Entry> takeDue(long target) {
        Entry head = queue.peek();
        if (head == null || head.due > target) {
            return List.of();
        }
        now = Math.max(now, head.due);
        List<Entry> due = new ArrayList<>();
        while ((head = queue.peek()) != null && head.due <= now) {
            queue.poll();
            if (!head.cancelled) {
                due.add(head);
            }
        }
        return due;
    }

    private synchronized void remove(Entry e) {
        queue.remove(e);
    }

    private synchronized void requeue(Entry e) {
        long due = e.due + e.period;
        e.due = due < e.due ? Long.MAX_VALUE : due; // the same future, so that cancel still reaches it
        e.order = arrivals++;
        queue.add(e);
    }

    /** One timer or timed wait: also the future its owner cancels. */
    private final class Entry implements ScheduledFuture<Object> {
        private final Runnable action;
        private final long period;
        private long due; // guarded by the clock
        private long order;
        private volatile boolean cancelled;
        private volatile boolean fired;

        Entry(Runnable action, long due, long period, long order) {
            this.action = action;
            this.due = due;
            this.period = period;
            this.order = order;
        }

        void fire() {
            if (cancelled) {
                return;
            }
            if (period > 0) {
                requeue(this);
            } else {
                fired = true;
            }
            action.run();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            long d;
            synchronized (ManualTime.this) {
                d = due - now;
            }
            return unit.convert(d, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            if (cancelled || fired) {
                return false;
            }
            cancelled = true;
            remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled || fired;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a timer has no result");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a timer has no result");
        }
    }
}
