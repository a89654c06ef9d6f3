package io.loomotp.testkit;

import io.loomotp.runtime.report.Report;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A report a test expects, made by {@link TestKit#expectCrash}: Pekko's {@code LoggingTestKit} in the kit's terms.
 * The reports it matches are not unexpected; if none came by the teardown check (which waits for it up to
 * {@link TestKit#DEFAULT_TIMEOUT}), the test fails.
 *
 * <p>Thread-safe: reports are matched on the threads that make them.
 */
public final class CrashExpectation {
    private final String description;
    private final Predicate<? super Report> match;
    private final List<Report> matched = new CopyOnWriteArrayList<>();

    CrashExpectation(String description, Predicate<? super Report> match) {
        this.description = description;
        this.match = match;
    }

    boolean offer(Report report) {
        if (!match.test(report)) {
            return false;
        }
        synchronized (this) {
            matched.add(report);
            notifyAll();
        }
        return true;
    }

    /** What this expects, as failure messages say it. */
    public String description() {
        return description;
    }

    /** The reports it matched so far, in order. */
    public List<Report> matched() {
        return List.copyOf(matched);
    }

    /**
     * Waits (real time) until a matching report has come, and returns the first.
     *
     * @throws AssertionError if none came within {@code max}; it says what reports did
     */
    public Report await(Duration max) {
        return awaitCount(1, max).getFirst();
    }

    /** {@link #await(Duration)} within {@link TestKit#DEFAULT_TIMEOUT}. */
    public Report await() {
        return await(TestKit.DEFAULT_TIMEOUT);
    }

    /**
     * Waits until {@code n} matching reports have come, and returns them.
     *
     * @throws AssertionError if fewer came within {@code max}
     */
    public List<Report> awaitCount(int n, Duration max) {
        long deadline = System.nanoTime() + Nanos.of(max);
        synchronized (this) {
            while (matched.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " report(s) with " + description + " within " + max
                            + ", but " + matched.size() + " came");
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a report with " + description, e);
                }
            }
        }
        return matched.subList(0, n);
    }

    boolean seen() {
        return !matched.isEmpty();
    }

    @Override
    public String toString() {
        return "CrashExpectation[" + description + ", matched=" + matched.size() + "]";
    }
}
