package io.loomotp.runtime.internal;

import io.loomotp.Overflow;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.report.DropReport;
import io.loomotp.runtime.report.ProcessErrorReport;
import io.loomotp.runtime.report.Report;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's system logger: where crash, error, drop, supervisor and progress reports go. Each report is given to
 * every registered handler, then logged through slf4j under {@code io.loomotp.report.<kind>} (failures at ERROR,
 * drops and unexpected messages at WARN, progress at INFO).
 */
public final class Reports {
    private final List<Consumer<? super Report>> handlers = new CopyOnWriteArrayList<>();
    private volatile boolean logging = true;
    private volatile boolean closed;
    private volatile int maxChars = 4096;
    private volatile int logsPerSecond = 50;
    private long windowStart;
    private int loggedInWindow;
    private long droppedSinceLast; // told with the next report logged
    private long notLogged; // since the node started

    /** See {@code Node.reportLimits}. */
    public void limits(int maxChars, int logsPerSecond) {
        if (maxChars < 16 || logsPerSecond < 1) {
            throw new IllegalArgumentException("report limits too small: " + maxChars + " characters, "
                    + logsPerSecond + " a second (at least 16 and 1)");
        }
        this.maxChars = maxChars;
        this.logsPerSecond = logsPerSecond;
    }

    /** Reports not logged because more than the limit came in one second, since the node started. */
    public synchronized long notLogged() {
        return notLogged;
    }

    /** True if this report may be logged now; the first one after a drop also says how many were dropped. */
    private synchronized long admit() {
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            loggedInWindow = 0;
        }
        if (loggedInWindow >= logsPerSecond) {
            notLogged++;
            droppedSinceLast++;
            return -1;
        }
        loggedInWindow++;
        long dropped = droppedSinceLast;
        droppedSinceLast = 0;
        return dropped;
    }

    /** Adds a handler; returns the action that removes it. */
    public Runnable addHandler(Consumer<? super Report> handler) {
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    /** Switches the slf4j output on or off; handlers still get every report. */
    public void logging(boolean on) {
        logging = on;
    }

    /** Takes no more reports: the node is closing, and what its kills set off is no failure to tell. */
    public void close() {
        closed = true;
    }

    /**
     * Gives a report to the handlers, then to slf4j. A failing handler is logged and skipped. Once the node is
     * closing ({@link #close}), reports are dropped.
     */
    public void report(Report report) {
        if (closed) {
            return;
        }
        if (report instanceof io.loomotp.runtime.report.CrashReport crash) {
            report = crash.truncated(maxChars);
        }
        for (Consumer<? super Report> h : handlers) {
            try {
                h.accept(report);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger("io.loomotp.report").warn("report handler {} failed", h, e);
            }
        }
        if (!logging) {
            return;
        }
        Logger log = LoggerFactory.getLogger("io.loomotp.report." + report.kind());
        boolean quiet = report.isInformational();
        if (quiet && !log.isDebugEnabled()) {
            return; // not to be logged at all: it does not count against the limit
        }
        long dropped = admit();
        if (dropped < 0) {
            return;
        }
        if (dropped > 0) {
            LoggerFactory.getLogger("io.loomotp.report").warn("{} reports were not logged: more than {} came in a "
                    + "second (Node.reportLimits); report handlers got them all", dropped, logsPerSecond);
        }
        if (report.isError()) {
            log.error(report.format());
        } else if (quiet) {
            log.debug(report.format()); // as OTP's logger, whose default level (notice) hides these
        } else if (report.isNotice()) {
            log.info(report.format()); // OTP's notice: shown by its default level, and no warning
        } else {
            log.warn(report.format());
        }
    }

    void processError(ProcessImpl p, ExitReason reason) {
        report(new ProcessErrorReport(p, p.registeredName(), reason));
    }

    void dropped(ProcessImpl p, long count, int capacity, Overflow policy) {
        report(new DropReport(p, p.registeredName(), count, capacity, policy));
    }
}
