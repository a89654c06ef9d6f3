package io.loomotp.telecom;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.SupervisorReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The live figures, once a second: calls and their outcomes, frequencies in use, alarms, restarts. */
final class Figures {
    private final Node node;
    private final Load load;
    private final CallAdmission admission;
    private final PrintStream out;
    private final Duration duration;
    private final long started = System.nanoTime();
    private final AtomicBoolean printing = new AtomicBoolean(true);
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;
    private long raisedBase;
    private long clearedBase;
    private Counters.Counts last = new Counters.Counts(0, 0, 0);
    private volatile Chaos chaos;
    private final AutoCloseable reports;

    Figures(Node node, Load load, CallAdmission admission, PrintStream out, Duration duration) {
        this.node = node;
        this.load = load;
        this.admission = admission;
        this.out = out;
        this.duration = duration;
        reports = node.onReport(r -> {
            if (r instanceof SupervisorReport s && s.errorContext().equals("child_terminated")) {
                restarts.incrementAndGet();
            }
        });
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("bsc-figures").start(() -> {
            long next = System.nanoTime();
            while (running) {
                next += 1_000_000_000L;
                LockSupport.parkNanos(next - System.nanoTime());
                if (running && printing.get()) {
                    out.println(line());
                }
            }
        });
    }

    /** Adds the chaos monkey's kills to the figures, once it has been switched on. */
    void chaos(Chaos monkey) {
        this.chaos = monkey;
    }

    /** The monkey's figures, or nothing if it was never switched on. */
    private String chaosText(String before) {
        Chaos c = chaos;
        return c == null || (c.rate() == null && c.counts().killed() + c.counts().heldBack() == 0) ? ""
                : before + "chaos " + c.counts().killed() + " killed, " + c.counts().heldBack() + " held back";
    }

    void printing(boolean on) {
        printing.set(on);
    }

    /** Stops the printing, if started, and the counting of restarts. */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            reports.close();
        } catch (Exception cannot) {
            throw new IllegalStateException(cannot); // the node's handler removal throws nothing
        }
    }

    long restarts() {
        return restarts.get();
    }

    /** The alarm counts across restarts of the overload manager (whose counters start again from 0). */
    synchronized Counters.Counts alarms() {
        Counters.Counts now = FreqOverload.counts(node);
        if (now.alarmsRaised() < last.alarmsRaised()) {
            raisedBase += last.alarmsRaised();
            clearedBase += last.alarmsCleared();
        }
        last = now;
        return new Counters.Counts(raisedBase + now.alarmsRaised(), clearedBase + now.alarmsCleared(),
                now.denied());
    }

    String frequencies() {
        FrequencyRef f = FrequencyRef.whereis(node);
        if (f == null) {
            return "freqs ?/" + load.config().frequencies().size() + " (restarting)";
        }
        try {
            return "freqs " + f.inUse(Duration.ofMillis(500)) + "/" + load.config().frequencies().size() + " in use";
        } catch (RuntimeException e) {
            return "freqs ?/" + load.config().frequencies().size();
        }
    }

    String line() {
        long secs = (System.nanoTime() - started) / 1_000_000_000L;
        String progress = "";
        if (duration != null) {
            long total = Math.max(1, duration.toSeconds());
            int filled = (int) Math.min(20, 20 * secs / total);
            progress = "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] ";
        }
        return progress + calls(secs) + " | " + tree() + chaosText(" | ");
    }

    /**
     * The cluster mode's line: this node's phones, where {@code bsc} runs, and, if it runs here, its tree's figures
     * (frequencies, alarms and restarts are read on the node that runs it).
     */
    String clusterLine(String runsOn, boolean here) {
        long secs = (System.nanoTime() - started) / 1_000_000_000L;
        return calls(secs) + " | bsc on " + runsOn + (here ? " | " + tree() : "");
    }

    /** The phones' figures. */
    private String calls(long secs) {
        Stats s = load.stats();
        return String.format("%3ds  calls %d: set up %d, rejected %d, busy %d (%d regulated), invalid %d, no freq %d,"
                        + " no answer %d", secs, s.attempts.get(), s.setUp.get(), s.rejected.get(), s.busy.get(),
                s.busyOverload.get(), s.invalid.get(), s.noFrequency.get(), s.noAnswer.get());
    }

    /** The tree's figures, read on this node. */
    private String tree() {
        Counters.Counts a = alarms();
        return String.format("%s | alarms %d raised, %d cleared | restarts %d", frequencies(), a.alarmsRaised(),
                a.alarmsCleared(), restarts.get());
    }

    String summary() {
        Counters.Counts a = alarms();
        return callsSummary() + "; " + a.alarmsRaised() + " alarms raised, " + a.alarmsCleared() + " cleared; "
                + restarts.get() + " restarts"
                + (chaos == null || chaosText("").isEmpty() ? "" : "\nchaos: " + chaos.counts()) + "\n"
                + "set-up: " + load.stats().setUpLatency.summary() + " from dialling to connected; "
                + load.stats().busyOverload.get() + " of the busy turned away by the set-up queue"
                + (admission.regulated() ? " (" + admission.rejected() + " rejected by it, "
                + admission.stats().admitted() + " admitted, waiting " + Latencies.millis(admission.longestWait())
                + " at most)" : " (not regulated)");
    }

    /** What this node's phones saw, every attempt by its outcome (the cluster mode's summary: the tree may be away). */
    String callsSummary() {
        Stats s = load.stats();
        return "summary: " + s.attempts.get() + " call attempts, " + s.setUp.get() + " set up (" + s.completed.get()
                + " completed, " + s.cut.get() + " cut), " + s.rejected.get() + " rejected, " + s.busy.get()
                + " busy, " + s.invalid.get() + " invalid, " + s.noFrequency.get() + " without a frequency, "
                + s.noAnswer.get() + " unanswered, " + s.hungUp.get() + " hung up, " + s.dropped.get()
                + " dropped by a lost controller, " + s.lost.get() + " lost";
    }
}
