package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.ManualClock;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.report.Report;
import io.loomotp.runtime.report.SupervisorReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one test holds: its node, the probes it made, the crash reports it expects and those that came, and, with
 * virtual time, the clock. Made by {@link LoomOtpExtension} before each test and injected as a parameter; its
 * teardown check runs after the test.
 *
 * <p>Thread-safe, but meant for the test's thread.
 */
public final class TestKit {
    /**
     * How long the kit's waits last by default (real time): 3 s, or the ISO-8601 duration in the system property
     * {@code loomotp.testkit.timeout} (for slow CI machines).
     */
    public static final Duration DEFAULT_TIMEOUT =
            Duration.parse(System.getProperty("loomotp.testkit.timeout", "PT3S"));

    private final Node node;
    private final ManualClock clock;
    private final boolean checkLeaks;
    private final boolean ownsNode;
    private final Set<Pid> baseline;
    private final Set<Pid> allowed = new HashSet<>();
    private final List<TestProbe> probes = new CopyOnWriteArrayList<>();
    private final ReportLog reports = new ReportLog();
    private final AutoCloseable reportHandle;
    /** With virtual time: the watch on the test's thread waiting for a clock only it advances; else null. */
    private final ClockWatch clockWatch;
    /** True once the watch's interruption was reported as the test's failure: the teardown does not repeat it. */
    private volatile boolean interruptionReported;

    TestKit(Node node, ManualClock clock, boolean checkLeaks, boolean ownsNode) {
        this.node = node;
        this.clock = clock;
        this.checkLeaks = checkLeaks;
        this.ownsNode = ownsNode;
        this.baseline = new HashSet<>(node.processes());
        node.logReports(false);
        this.reportHandle = node.onReport(reports::add);
        // made on the test's thread (the extension's beforeEach): the thread a wait on the virtual clock would hang
        this.clockWatch = clock == null ? null : new ClockWatch(node, clock, Thread.currentThread());
    }

    /** The test's node. */
    public Node node() {
        return node;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Probes

    /** A new probe: a process of the node that records what it receives. Stopped after the test. */
    public TestProbe probe() {
        TestProbe p = new TestProbe(this);
        probes.add(p);
        return p;
    }

    /**
     * A probe registered under {@code name} that answers every call with {@code answer} applied to the request: a
     * stub for the server a client calls by that name. Each call's request is also recorded as a
     * {@link io.loomotp.runtime.CallRequest}, and each cast as a {@link io.loomotp.runtime.CastRequest}.
     *
     * @throws io.loomotp.runtime.AlreadyRegisteredException if the name is taken
     */
    public TestProbe stub(String name, Function<Object, ?> answer) {
        TestProbe p = probe();
        p.answerCalls(answer);
        p.register(name);
        return p;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reports

    /**
     * Expects a crash report (or any error report: supervisor, event handler, process) whose reason is a crash by an
     * exception of {@code type}. The test fails at teardown if none came; such reports are not "unexpected".
     */
    public CrashExpectation expectCrash(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "type");
        return reports.expect("a crash by " + type.getName(),
                r -> ReportLog.reason(r) instanceof ExitReason.Crash(Throwable t) && type.isInstance(t));
    }

    /**
     * Expects an error report whose reason equals {@code reason}; a {@link ExitReason.Crash} matches another crash by an
     * exception of the same class and message. A supervisor's report that it gave up (its reason is OTP's
     * {@code reached_max_restart_intensity}, {@link SupervisorReport#REACHED_MAX_RESTART_INTENSITY}) is matched by that
     * reason and by {@code shutdown}, the reason the supervisor then exits with. {@code kill}, the signal, matches
     * {@code killed}, the reason a process killed by it ends with (and its reports carry), as in OTP.
     */
    public CrashExpectation expectCrash(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        ExitReason carried = reason.equals(ExitReason.KILL) ? ExitReason.KILLED : reason;
        return reports.expect("reason " + carried, r -> ReportLog.sameReason(ReportLog.reason(r), carried)
                || r instanceof SupervisorReport s && s.gaveUp() && reason.equals(ExitReason.SHUTDOWN));
    }

    /** Expects a report of any kind (errors, warnings, progress) that matches; described as {@code what}. */
    public CrashExpectation expectReport(String what, Predicate<? super Report> match) {
        return reports.expect(Objects.requireNonNull(what, "what"), Objects.requireNonNull(match, "match"));
    }

    /** Every report the node made during this test, in order. */
    public List<Report> reports() {
        return reports.all();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Leaks

    /** Lets these processes outlive the test: the teardown check does not count them (the node still kills them). */
    public void allowAlive(Pid... pids) {
        for (Pid p : pids) {
            allowed.add(Objects.requireNonNull(p, "pid"));
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Time

    /** True if the node follows a manual clock ({@code @LoomOtpTest(virtualTime = true)}). */
    public boolean hasVirtualTime() {
        return clock != null;
    }

    /** The virtual clock, or null with the wall clock: for the kit's own failure messages. */
    ManualClock clockOrNull() {
        return clock;
    }

    /**
     * The node's manual clock.
     *
     * @throws IllegalStateException if the node follows the wall clock
     */
    public ManualClock clock() {
        if (clock == null) {
            throw new IllegalStateException("this node follows the wall clock: use @LoomOtpTest(virtualTime = true)");
        }
        return clock;
    }

    /**
     * Moves virtual time forward by {@code by}: what falls due fires in order, and after each instant the kit waits
     * until the node is idle (see {@link #settle()}), so that a timer's consequences, and the timers they arm, happen
     * before time moves on. Returns once the clock reads {@code by} later and the node is idle.
     *
     * @throws IllegalStateException if the node follows the wall clock
     */
    public void advance(Duration by) {
        notFromOwnProcess("advance");
        clock().advance(by, this::settle);
        settle();
    }

    /** The node cannot be idle while one of its own processes waits for it to be: refused at once, not after 3 s. */
    private void notFromOwnProcess(String what) {
        if (io.loomotp.runtime.Process.isProcess() && io.loomotp.runtime.Process.node() == node) {
            throw new IllegalStateException("kit." + what + " was called from " + io.loomotp.runtime.Process.self()
                    + ", a process of the test's node, which cannot be idle while it waits for itself: call it from "
                    + "the test's own thread");
        }
    }

    /** The virtual time since the test's node was made. */
    public Duration elapsed() {
        return clock().elapsed();
    }

    /**
     * Waits (real time, bounded by {@link #DEFAULT_TIMEOUT}) until every process of the node is idle: every message
     * in its mailbox looked at (none left, or only those a selective receive or a suspension keeps) and its thread
     * parked or gone, twice in a row with no message taken or sent between.
     *
     * @throws AssertionError naming the busy processes if the node is still busy at the bound
     */
    public void settle() {
        notFromOwnProcess("settle");
        Quiescence.await(node, DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code assertion} until it passes, for up to {@code max} (real time); rethrows its last failure after that.
     * An exception it throws (a call to a server that is restarting) is retried as a failed assertion is.
     * For a condition no message tells of; where a message does, a probe's expectation is exact and faster.
     */
    public static void awaitAssert(Duration max, Runnable assertion) {
        long deadline = System.nanoTime() + Nanos.of(max);
        long pause = 100_000;
        for (;;) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                // as Pekko's awaitAssert, any non-fatal failure is retried: a call to a server still restarting
                // throws NoProcessException before its assertion can fail
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("still failing after " + max + ": "
                            + (e instanceof AssertionError ? e.getMessage() : e.toString()), e);
                }
            }
            LockSupport.parkNanos(pause); // a poll: there is no event to wait on
            pause = Math.min(pause * 2, 20_000_000);
        }
    }

    /** {@link #awaitAssert(Duration, Runnable)} within {@link #DEFAULT_TIMEOUT}. */
    public static void awaitAssert(Runnable assertion) {
        awaitAssert(DEFAULT_TIMEOUT, assertion);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Teardown

    /** The teardown check: stops the probes, then returns what failed (null if nothing did). Closes an owned node. */
    String finish(boolean testFailed) {
        try {
            String stuck = clockWatch == null ? null : clockWatch.stop();
            if (interruptionReported) {
                stuck = null; // already the test's failure
            }
            Thread.interrupted(); // an interrupt the watch sent after the test's wait had ended is not the teardown's
            for (TestProbe p : probes) {
                p.stop();
            }
            List<String> failures = new ArrayList<>();
            if (stuck != null) {
                failures.add(stuck);
            }
            Leaks.Found leaks = checkLeaks && !testFailed ? Leaks.check(this, leakCandidates()) : null;
            if (leaks != null) {
                failures.add(leaks.message());
            }
            String unmet = testFailed ? null : reports.unmet(DEFAULT_TIMEOUT);
            if (unmet != null) {
                failures.add(unmet);
            }
            String unexpected = reports.unexpected(); // before the kit's own kills, whose reports are not the test's
            if (unexpected != null) {
                failures.add(unexpected);
            }
            if (leaks != null) {
                Leaks.kill(this, leaks.left());
            } else if (checkLeaks && testFailed && !ownsNode) {
                // a failed test's leftovers, which its check would have named: killed, so that the next test of the
                // class starts clean rather than failing on them (a name still taken)
                Leaks.cleanUp(this, leakCandidates());
            }
            return failures.isEmpty() ? null : String.join("\n\n", failures);
        } finally {
            try {
                reportHandle.close();
            } catch (Exception impossible) {
                throw new IllegalStateException(impossible);
            }
            if (ownsNode) {
                node.close();
            }
        }
    }

    /**
     * Why the kit interrupted the test's thread, if it did (virtual time, a wait only the clock could end); null if
     * not. Taken once: the teardown then leaves it out, as the extension made it the test's failure.
     */
    String takeInterruption() {
        String why = clockWatch == null ? null : clockWatch.stuck();
        if (why != null) {
            interruptionReported = true;
        }
        return why;
    }

    private List<Pid> leakCandidates() {
        List<Pid> alive = new ArrayList<>();
        for (Pid p : node.processes()) {
            if (!baseline.contains(p) && !allowed.contains(p) && !isProbe(p) && !startedByTheFixture(p)) {
                alive.add(p);
            }
        }
        return alive;
    }

    /**
     * True if a process that was alive when the test began started {@code pid}: a shared node's supervisor restarting
     * a child, a cluster's kernel starting a pg scope at its first use. It belongs to that process, not to the test.
     */
    private boolean startedByTheFixture(Pid pid) {
        ProcessInfo info = node.info(pid);
        return info != null && info.parent() != null && baseline.contains(info.parent());
    }

    private boolean isProbe(Pid pid) {
        for (TestProbe p : probes) {
            if (p.pid().equals(pid)) {
                return true;
            }
        }
        return false;
    }

    /** A probe the kit itself uses (to watch leaks); not counted, stopped by its user. */
    TestProbe internalProbe() {
        TestProbe p = new TestProbe(this);
        probes.add(p);
        return p;
    }

    @Override
    public String toString() {
        return "TestKit[" + node + (clock == null ? "" : ", " + clock) + "]";
    }
}
