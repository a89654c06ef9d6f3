package io.loomotp.testkit;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The teardown check for processes a test left alive. A process that is stopping when the test ends (a server told to
 * stop by a cast) is given a short real-time grace: a probe monitors every candidate and the check waits for their
 * {@link Down}s, up to {@link #GRACE}. Those still alive then are named, with their registered name and initial call,
 * and killed, so that a node shared by a class starts the next test clean.
 */
final class Leaks {
    /** How long a process may take to finish stopping after the test. */
    static final Duration GRACE = Duration.ofMillis(500);

    private Leaks() {}

    static String check(TestKit kit, List<Pid> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        Node node = kit.node();
        TestProbe watcher = kit.internalProbe();
        try {
            Set<Pid> alive = new HashSet<>(candidates);
            watcher.exec(() -> {
                for (Pid p : candidates) {
                    Process.monitor(p);
                }
                return null;
            });
            long deadline = System.nanoTime() + GRACE.toNanos();
            while (!alive.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Object m;
                try {
                    m = watcher.fishForMessage(Duration.ofNanos(left), "a Down", o -> o instanceof Down);
                } catch (AssertionError timedOut) {
                    break;
                }
                alive.remove(((Down) m).pid());
            }
            if (alive.isEmpty()) {
                return null;
            }
            List<Pid> left = new ArrayList<>(alive);
            left.sort(null);
            StringBuilder b = new StringBuilder(left.size() + " process(es) started by the test still alive after it "
                    + "(stop them, or TestKit.allowAlive them):");
            for (Pid p : left) {
                ProcessInfo info = node.info(p);
                if (info != null) {
                    b.append("\n  ").append(p);
                    if (info.registeredName() != null) {
                        b.append(" registered as '").append(info.registeredName()).append('\'');
                    }
                    b.append(", initial call ").append(info.initialCall());
                    if (info.behaviour() != null) {
                        b.append(" (").append(info.behaviour()).append(')');
                    }
                    StackTraceElement at = info.currentFunction(); // a lambda's initial call names no method
                    if (at != null) {
                        b.append(", at ").append(at);
                    }
                }
                node.exit(p, ExitReason.KILL);
            }
            return b.toString();
        } finally {
            watcher.stop();
        }
    }
}
