package io.loomotp.telecom;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A histogram of latencies, lock-free, in buckets eight to a power of two (so a percentile read from it is at most
 * 12.5% above the true one), with the exact maximum: what the simulated phones record of call set-up. Any thread
 * records; any thread reads, an estimate while others record.
 */
public final class Latencies {
    private static final int SUB = 8;
    private final AtomicLongArray counts = new AtomicLongArray(64 * SUB);
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong count = new AtomicLong();

    /** Records one latency, in nanoseconds (a negative one as 0). */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet(index(v));
        count.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
    }

    public long count() {
        return count.get();
    }

    public Duration max() {
        return Duration.ofNanos(max.get());
    }

    /**
     * The latency that {@code fraction} of those recorded are at or below (the upper edge of its bucket, never above
     * the maximum); zero if none was recorded.
     *
     * @throws IllegalArgumentException unless {@code 0 < fraction <= 1}
     */
    public Duration percentile(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("a percentile is a fraction in (0, 1], not " + fraction);
        }
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length() && rank > 0; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(upperEdge(i), max.get()));
            }
        }
        return Duration.ZERO;
    }

    /** {@code p50 1.2 ms, p99 8.0 ms, max 12.1 ms}. */
    public String summary() {
        return "p50 " + millis(percentile(0.5)) + ", p99 " + millis(percentile(0.99)) + ", max " + millis(max());
    }

    static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v); // v in [2^exp, 2^(exp+1)), exp >= 3
        int sub = (int) (v >>> (exp - 3)) - SUB;     // 0..7
        return (exp - 2) * SUB + sub;
    }

    static long upperEdge(int index) {
        if (index < SUB) {
            return index;
        }
        int exp = index / SUB + 2;
        int sub = index % SUB;
        return ((long) (SUB + sub + 1) << (exp - 3)) - 1;
    }
}
