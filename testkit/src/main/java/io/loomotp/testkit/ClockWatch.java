package io.loomotp.testkit;

import io.loomotp.runtime.ManualClock;
import io.loomotp.runtime.Node;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * With virtual time, a test's thread that waits on the node (a call, a {@code stop}, a node's close) for something
 * only the clock can bring (a timeout, a shutdown timer, a sleep) waits for ever: the test's thread is the one that
 * would advance the clock. This watch sees that state (the test's thread parked in the runtime, not in the kit; the
 * node idle; timers pending) held for {@link #BOUND} of real time, then interrupts the test's thread, whose wait
 * ends with the runtime's interrupted exception, and leaves a message for the teardown that says why and what to do.
 *
 * <p>A poll, twice a tenth of a second: there is no event to wait on for "nothing happens". One platform daemon
 * thread per test with virtual time, stopped at its teardown.
 */
final class ClockWatch {
    /** How long the stuck state must hold before the test's thread is interrupted. */
    static final Duration BOUND = TestKit.DEFAULT_TIMEOUT;
    private static final long POLL_NANOS = 100_000_000;

    private final Node node;
    private final ManualClock clock;
    private final Thread test;
    private final Thread watcher;
    private volatile boolean stopped;
    private volatile String stuck;

    ClockWatch(Node node, ManualClock clock, Thread test) {
        this.node = node;
        this.clock = clock;
        this.test = test;
        this.watcher = Thread.ofPlatform().daemon().name("loomotp-testkit-clock-watch").start(this::watch);
    }

    private void watch() {
        long since = 0;
        while (!stopped) {
            LockSupport.parkNanos(POLL_NANOS);
            if (stopped) {
                return;
            }
            String where = waitingOnTheNode();
            if (where == null || clock.pending() == 0 || !Quiescence.idleNow(node)) {
                since = 0;
                continue;
            }
            long now = System.nanoTime();
            if (since == 0) {
                since = now;
            } else if (now - since >= Nanos.of(BOUND)) {
                interrupt(where);
                return;
            }
        }
    }

    /** Interrupts the test's thread, unless the watch has been stopped: never once {@link #stop} has returned. */
    private synchronized void interrupt(String where) {
        if (!stopped) {
            stuck = "the test's thread waited " + BOUND.toSeconds() + " s (real time) in " + where + " while the "
                    + "node was idle with " + clock.pending() + " timer(s) pending on its virtual clock, which only the "
                    + "test advances: that wait could not end, so the kit interrupted it (the thread stays "
                    + "interrupted, so a call after it, such as a cleanup in a finally, fails at once too). Make such "
                    + "a call from a process spawned for it (node.spawn(() -> ...), sending what it got to a probe; "
                    + "not a probe's exec, which waits for it) and advance the clock from the test "
                    + "(docs/testing.md, virtual time)";
            test.interrupt();
        }
    }

    /**
     * Where the test's thread waits on the node: the innermost Loom OTP frame of its stack that is not the runtime's
     * internals, if that is the runtime's API (a call, a stop); null if it is the kit's own (a probe's expect,
     * advance, settle: those wait on the wall clock) or there is none.
     */
    private String waitingOnTheNode() {
        Thread.State state = test.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return null;
        }
        StackTraceElement[] stack = test.getStackTrace();
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!c.startsWith("io.loomotp.") || c.startsWith("io.loomotp.runtime.internal.")) {
                continue;
            }
            return c.startsWith("io.loomotp.testkit.") ? null : c + "." + f.getMethodName() + calledFrom(stack);
        }
        return null;
    }

    /**
     * ", called from X" for the first frame outside Loom OTP's API and the JDK (a generated client's method, or the
     * test's line): what the test wrote, where the innermost frame is the runtime's {@code GenServer.call}.
     */
    private static String calledFrom(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!c.startsWith("io.loomotp.runtime.") && !c.startsWith("io.loomotp.sys.")
                    && !c.startsWith("io.loomotp.cluster.") && !c.startsWith("java.") && !c.startsWith("jdk.")) {
                return ", called from " + f;
            }
        }
        return "";
    }

    /** The message if the test's thread was interrupted, else null. */
    String stuck() {
        return stuck;
    }

    /** Stops watching; the message if the test's thread was interrupted, else null. */
    synchronized String stop() {
        stopped = true;
        LockSupport.unpark(watcher);
        return stuck;
    }
}
