package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.report.ApplicationReport;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.HandlerCrashReport;
import io.loomotp.runtime.report.ProcessErrorReport;
import io.loomotp.runtime.report.Report;
import io.loomotp.runtime.report.SupervisorReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The reports a node made during one test, and the expectations they are matched against. A report is unexpected if
 * it is an error report ({@link Report#isError()}) that no expectation matched.
 */
final class ReportLog {
    private final List<Report> all = new CopyOnWriteArrayList<>();
    private final List<Report> unexpected = new CopyOnWriteArrayList<>();
    private final List<CrashExpectation> expectations = new CopyOnWriteArrayList<>();

    void add(Report report) {
        all.add(report);
        boolean expected = false;
        for (CrashExpectation e : expectations) {
            expected |= e.offer(report);
        }
        if (!expected && report.isError()) {
            unexpected.add(report);
        }
    }

    CrashExpectation expect(String description, Predicate<? super Report> match) {
        CrashExpectation e = new CrashExpectation(description, match);
        expectations.add(e);
        // a report that came before the expectation was made is matched as well
        for (Report r : all) {
            if (e.offer(r)) {
                unexpected.remove(r);
            }
        }
        return e;
    }

    List<Report> all() {
        return List.copyOf(all);
    }

    /** The expectations not met after waiting up to {@code max} in all, as a failure message; null if all were. */
    String unmet(Duration max) {
        long deadline = System.nanoTime() + Nanos.of(max);
        List<String> missing = new ArrayList<>();
        for (CrashExpectation e : expectations) {
            if (!e.seen()) {
                try {
                    e.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                } catch (AssertionError notSeen) {
                    missing.add(e.description());
                }
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder("expected report(s) that never came: " + String.join("; ", missing));
        b.append("\nreports that came (" + all.size() + "):");
        for (Report r : all) {
            b.append("\n  ").append(r.kind()).append(": ").append(summary(r));
        }
        return b.toString();
    }

    /** The unexpected error reports, printed in full, as a failure message; null if there were none. */
    String unexpected() {
        if (unexpected.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder(unexpected.size() + " unexpected error report(s) (expect them with "
                + "TestKit.expectCrash):");
        for (Report r : unexpected) {
            b.append("\n").append(r.format().strip());
        }
        return b.toString();
    }

    private static String summary(Report r) {
        ExitReason reason = reason(r);
        return reason == null ? r.format().lines().findFirst().orElse("") : "reason " + reason;
    }

    /** The exit reason a report carries, or null. */
    static ExitReason reason(Report r) {
        return switch (r) {
            case CrashReport c -> c.reason();
            case ProcessErrorReport p -> p.reason();
            case SupervisorReport s -> s.reason();
            case HandlerCrashReport h -> h.reason();
            case ApplicationReport a -> a.reason();
            default -> null;
        };
    }

    /** True if two reasons are the same; crashes compare by exception class and message (exceptions lack equals). */
    static boolean sameReason(ExitReason actual, ExitReason expected) {
        if (actual instanceof ExitReason.Crash(Throwable a) && expected instanceof ExitReason.Crash(Throwable e)) {
            return a.getClass() == e.getClass() && Objects.equals(a.getMessage(), e.getMessage());
        }
        return Objects.equals(actual, expected);
    }
}
