package io.loomotp.testkit;

import java.time.Duration;

/**
 * A user's wait as nanoseconds, saturated: {@link io.loomotp.runtime.Timeouts#INFINITY} (or any duration past about
 * 292 years, where {@link Duration#toNanos()} overflows) is {@link Long#MAX_VALUE}, a wait as long as the test's own
 * {@code @Timeout} lets it last, as {@code receive ... after infinity} waits for ever.
 *
 * <p>A deadline {@code System.nanoTime() + of(max)} may wrap; the kit only compares it by difference
 * ({@code deadline - System.nanoTime()}), which stays right for any wait up to {@link Long#MAX_VALUE}.
 */
final class Nanos {
    private Nanos() {}

    /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} (or {@link Long#MIN_VALUE}) where that overflows. */
    static long of(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code base + d} on a clock that starts at 0 (the harness's), {@link Long#MAX_VALUE} at most. */
    static long plus(long base, Duration d) {
        try {
            return Math.addExact(base, of(d));
        } catch (ArithmeticException tooFar) {
            return Long.MAX_VALUE;
        }
    }
}
