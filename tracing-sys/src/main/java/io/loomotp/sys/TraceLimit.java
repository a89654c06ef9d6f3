package io.loomotp.sys;

import java.time.Duration;
import java.util.Objects;

/**
 * When a rate-limited trace switches itself off, as {@code recon_trace}'s limits: after a number of trace lines
 * ({@code 10}), or as soon as they come faster than a rate ({@code 10 per second}). {@link #none()} is only for a
 * pattern narrow enough: see {@link Tracer}.
 */
public sealed interface TraceLimit {

    /** Off after {@code n} lines. */
    static TraceLimit count(long n) {
        return new Count(n);
    }

    /** Off as soon as more than {@code n} lines come within {@code per}. */
    static TraceLimit rate(long n, Duration per) {
        return new Rate(n, per);
    }

    /** No limit: refused for a pattern that would trace everything. */
    static TraceLimit none() {
        return new None();
    }

    record Count(long n) implements TraceLimit {
        public Count {
            if (n < 1) {
                throw new IllegalArgumentException("a count limit is at least 1, not " + n);
            }
        }

        @Override
        public String toString() {
            return n + (n == 1 ? " line" : " lines");
        }
    }

    record Rate(long n, Duration per) implements TraceLimit {
        public Rate {
            Objects.requireNonNull(per, "per");
            if (n < 1 || per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("a rate limit is at least 1 line in a positive time, not " + n
                        + " in " + per);
            }
        }

        @Override
        public String toString() {
            return n + (n == 1 ? " line per " : " lines per ") + per.toMillis() + " ms";
        }
    }

    record None() implements TraceLimit {
        @Override
        public String toString() {
            return "no limit";
        }
    }
}
