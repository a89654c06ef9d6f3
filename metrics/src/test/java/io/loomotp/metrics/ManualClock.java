package io.loomotp.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A test clock that moves only when told to: the time source of a {@link NodeSampler} or a regulator under test, so that
 * durations (an alarm's minimum time, a queue's maximum wait, a rate) are checked without waiting on the wall clock.
 * Reads in nanoseconds, as {@link System#nanoTime()}, from an arbitrary origin. Thread-safe.
 */
public final class ManualClock implements LongSupplier {
    private final AtomicLong now = new AtomicLong();

    /** The current time, in nanoseconds. */
    @Override
    public long getAsLong() {
        return now.get();
    }

    /** Moves the clock forward; returns the new time. */
    public long advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + by);
        }
        return now.addAndGet(by.toNanos());
    }
}
