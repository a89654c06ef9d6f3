package io.loomotp.sys;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TraceLimit}'s running count: it admits trace lines until the limit is reached, and says why it ran out, as
 * {@code recon_trace} counts its lines. Every limited trace uses one: a {@link Tracer} session, and any other sink
 * that enforces a limit (the observer's per-process traces).
 *
 * <p>Thread-safe: lines may come from several traced processes at once. A count limit never counts past itself, not
 * even for an instant, so that the line saying the trace stopped reads the true count.
 */
public final class TraceBudget {

    /** What admitting one line decided. */
    public enum Verdict {
        /** The line goes out. */
        ADMIT,
        /** The line goes out, and it is the last: the trace must now stop ({@link #reason()}). */
        ADMIT_LAST,
        /** The line does not go out: the limit is reached, and the trace must stop ({@link #reason()}). */
        REFUSE
    }

    private final TraceLimit limit;
    private final AtomicLong lines = new AtomicLong();
    private final ArrayDeque<Long> window = new ArrayDeque<>();

    /** A budget for {@code limit}, with no line counted yet. */
    public TraceBudget(TraceLimit limit) {
        this.limit = java.util.Objects.requireNonNull(limit, "limit");
    }

    /** Counts one line against the limit. */
    public Verdict admit() {
        switch (limit) {
            case TraceLimit.Count(long n) -> {
                long before = lines.getAndUpdate(k -> k < n ? k + 1 : k);
                return before >= n ? Verdict.REFUSE : before + 1 == n ? Verdict.ADMIT_LAST : Verdict.ADMIT;
            }
            case TraceLimit.Rate(long n, Duration per) -> {
                long now = System.nanoTime();
                synchronized (window) {
                    while (!window.isEmpty() && now - window.peekFirst() > per.toNanos()) {
                        window.pollFirst();
                    }
                    if (window.size() >= n) {
                        return Verdict.REFUSE;
                    }
                    window.addLast(now);
                }
                lines.incrementAndGet();
                return Verdict.ADMIT;
            }
            case TraceLimit.None none -> {
                lines.incrementAndGet();
                return Verdict.ADMIT;
            }
        }
    }

    /** The lines admitted so far. */
    public long lines() {
        return lines.get();
    }

    /** {@code n} and "line" or "lines", as a trace's messages count them. */
    public static String lines(long n) {
        return n + (n == 1 ? " line" : " lines");
    }

    /** Why a trace under this limit stops once {@link #admit()} has said so. */
    public String reason() {
        return switch (limit) {
            case TraceLimit.Count c -> "limit of " + c + " reached";
            case TraceLimit.Rate r -> "rate of " + r + " exceeded";
            case TraceLimit.None none -> "no limit";
        };
    }
}
