package io.loomotp.testkit.cluster;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The kit's bounded waits on a cluster's state: a condition looked at every millisecond until it holds or the bound
 * passes, then an {@link AssertionError} that says what was awaited and what was last seen. Cluster events arrive on
 * JGroups' threads and change what {@code Cluster}, {@code Global} and {@code Pg} answer; looking is cheap.
 */
final class Waits {
    private Waits() {}

    /**
     * Returns the first value {@code probe} gives that {@code done} accepts.
     *
     * @throws AssertionError if none did within {@code bound}
     */
    static <T> T until(Supplier<T> probe, java.util.function.Predicate<? super T> done, Duration bound,
                       String what) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (;;) {
            T seen = probe.get();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + bound.toMillis() + " ms waiting for " + what
                        + "; last seen: " + seen);
            }
            LockSupport.parkNanos(1_000_000);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
