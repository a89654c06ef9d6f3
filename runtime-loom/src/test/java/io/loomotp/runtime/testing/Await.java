package io.loomotp.runtime.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a bound, for the few cases where no event can be waited on directly (a counter another
 * thread updates). Polls with a short park; never a fixed sleep standing in for the event.
 */
public final class Await {
    public static final Duration BOUND = Duration.ofSeconds(10);

    private Await() {}

    public static void until(BooleanSupplier condition, String what) {
        until(() -> condition.getAsBoolean() ? Boolean.TRUE : null, what);
    }

    public static <T> T until(Supplier<T> value, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (;;) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + BOUND.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }
}
