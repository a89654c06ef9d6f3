package io.loomotp.runtime;

import io.loomotp.runtime.internal.ManualTime;
import java.time.Duration;
import java.util.Objects;

/**
 * A manual clock for a node: virtual time, for tests. A node made with one ({@link Node#create(String, ManualClock)})
 * has no timer thread; every timer and timed wait of the node follows this clock: {@link Node#sendAfter} and
 * {@link Node#sendInterval}, a server's idle timeout, a state machine's state, event and generic timeouts, a call's
 * timeout, {@link Process#receive(java.util.function.Predicate, Duration)} and {@link Process#sleep}, a supervisor's
 * restart-intensity period and its shutdown timeouts. Time stands still until {@link #advance} moves it.
 *
 * <p>What does not follow it: the rate limit of report logging, a bounded mailbox's drop-report delay and a blocked
 * sender's wait ({@code Overflow.BLOCK}), and the one-second wait of {@link Node#close()}: these measure the machine, not
 * the program. A plain thread's own waits (a test's {@code Thread.join}) are the JVM's.
 *
 * <p>A node without one reads {@link System#nanoTime()}: the option costs it one null check where time is read.
 *
 * <p>Thread-safe; {@link #advance} is for one thread at a time, normally the test's.
 */
public final class ManualClock {
    final ManualTime time = new ManualTime();
    private volatile boolean bound;

    /** A clock at virtual time zero. */
    public ManualClock() {}

    /** The virtual time since the clock was made. */
    public Duration elapsed() {
        return Duration.ofNanos(time.nanoTime());
    }

    /** The virtual time until the next timer or timed wait falls due, or null if none is pending. */
    public Duration untilNext() {
        long n = time.untilNext();
        return n < 0 ? null : Duration.ofNanos(n);
    }

    /** The timers and timed waits pending. */
    public int pending() {
        return time.pending();
    }

    /**
     * Moves the clock forward by {@code by}, firing what falls due in order of its instant (and of arming, within one
     * instant). Does not wait for what a timer sets going: see {@link #advance(Duration, Runnable)}.
     *
     * @throws IllegalArgumentException if {@code by} is negative
     */
    public void advance(Duration by) {
        advance(by, () -> {});
    }

    /**
     * Moves the clock forward by {@code by}, instant by instant: at each instant where something falls due, fires all
     * of it, then runs {@code settle} (which should return once the node is idle, so that what the firing set going has
     * armed its own timers before time moves on). {@code settle} also runs once before time moves.
     *
     * @throws IllegalArgumentException if {@code by} is negative
     */
    public void advance(Duration by, Runnable settle) {
        time.advance(Node.nanos(by, "a clock's advance (time never goes back)"),
                Objects.requireNonNull(settle, "settle"));
    }

    /** Binds the clock to its node; a clock drives one node. */
    ManualTime bind() {
        if (bound) {
            throw new IllegalArgumentException("this ManualClock already drives a node; make one per node");
        }
        bound = true;
        return time;
    }

    @Override
    public String toString() {
        return "ManualClock[" + elapsed() + ", pending=" + pending() + "]";
    }
}
