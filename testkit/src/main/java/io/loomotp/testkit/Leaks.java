package io.loomotp.testkit;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.application.Applications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The teardown check for processes a test left alive. A process that is stopping when the test ends (a server told to
 * stop by a cast) is given a short real-time grace: a probe monitors every candidate and the check waits for their
 * {@link Down}s, up to {@link #GRACE}. Those still alive then are named, with their registered name and initial call,
 * every one of them before any is killed (killing a supervisor takes its children with it, mid-way through the
 * list), and then killed, so that a node shared by a class starts the next test clean: also after a test that failed,
 * whose leftovers are killed without a word ({@link #cleanUp}). A test that turned the check off leaves its processes
 * to the tests after it, as a common_test case leaves the processes it did not link.
 */
final class Leaks {
    /** How long a process may take to finish stopping after the test. */
    static final Duration GRACE = Duration.ofMillis(500);
    /** How long the kill of what is left may take to be seen done. */
    private static final Duration KILL_BOUND = Duration.ofSeconds(5);

    private Leaks() {}

    /** What a check found: the failure message, and the processes to kill. */
    record Found(String message, List<Pid> left) {}

    /** The candidates still alive after the grace, named; null if none is. Kills nothing. */
    static Found check(TestKit kit, List<Pid> candidates) {
        List<Pid> left = survivors(kit, candidates);
        if (left.isEmpty()) {
            return null;
        }
        Node node = kit.node();
        List<String> lines = new ArrayList<>();
        int ofACluster = 0;
        for (Pid p : left) {
            ProcessInfo info = node.info(p);
            if (info == null) {
                continue; // ended since
            }
            StringBuilder b = new StringBuilder("\n  ").append(p);
            if (ofACluster(info)) {
                ofACluster++;
                b.append(" [cluster]");
            }
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
            lines.add(b.toString());
        }
        if (lines.isEmpty()) {
            return null;
        }
        return new Found(lines.size() + " process(es) started by the test still alive after it "
                + "(stop them, or TestKit.allowAlive them):" + String.join("", lines) + clusterNote(ofACluster), left);
    }

    /** The registered names of the processes a cluster's join starts on its node (OTP's kernel_sup children). */
    private static final Set<String> CLUSTER_NAMES = Set.of("loomotp.dist_ac", "global_name_server", "rex");

    /**
     * True for a process of the cluster the node joined (its global name server, rpc server {@code rex}, distributed
     * application controller, pg scopes and the watch over them): by its registered name or its class, since the kit
     * does not depend on the cluster module.
     */
    private static boolean ofACluster(ProcessInfo info) {
        return info.registeredName() != null && CLUSTER_NAMES.contains(info.registeredName()) // Set.of: no nulls
                || info.initialCall() != null && info.initialCall().startsWith("io.loomotp.cluster.");
    }

    /** Why a cluster's own processes are among the leaks: a join the test never closed. */
    private static String clusterNote(int count) {
        if (count == 0) {
            return "";
        }
        return "\nthe " + count + " marked [cluster] are the cluster's own processes, which a join starts on the node "
                + "and its close stops: a TestCluster (or Cluster) joined in the test was not closed; close it, as "
                + "try (TestCluster cluster = TestCluster.join(node, ...)) { ... }, or in an @AfterEach";
    }

    /**
     * Kills {@code left} and waits, within a bound, until each is gone. An application the test left running is
     * stopped first, as {@code application:stop/1} does: killing its master would end a permanent one with the node
     * (OTP's rule, which the runtime keeps), and a node a class shares would close under the tests after this one.
     */
    static void kill(TestKit kit, List<Pid> left) {
        if (left.isEmpty()) {
            return;
        }
        Node node = kit.node();
        for (String app : Applications.running(node).reversed()) {
            Pid top = Applications.topSupervisor(node, app);
            if (top != null && left.contains(top)) {
                Applications.stop(node, app);
            }
        }
        TestProbe watcher = kit.internalProbe();
        try {
            Set<Pid> alive = monitorAll(watcher, left);
            for (Pid p : left) {
                kit.node().exit(p, ExitReason.KILL);
            }
            awaitDowns(watcher, alive, KILL_BOUND);
        } finally {
            watcher.stop();
        }
    }

    /** Kills whatever of {@code candidates} is still alive after the grace, naming nothing. */
    static void cleanUp(TestKit kit, List<Pid> candidates) {
        kill(kit, survivors(kit, candidates));
    }

    /** The candidates still alive after up to {@link #GRACE}, sorted. */
    private static List<Pid> survivors(TestKit kit, List<Pid> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        TestProbe watcher = kit.internalProbe();
        try {
            Set<Pid> alive = monitorAll(watcher, candidates);
            awaitDowns(watcher, alive, GRACE);
            List<Pid> left = new ArrayList<>(alive);
            left.sort(null);
            return left;
        } finally {
            watcher.stop();
        }
    }

    private static Set<Pid> monitorAll(TestProbe watcher, List<Pid> pids) {
        watcher.exec(() -> {
            for (Pid p : pids) {
                Process.monitor(p);
            }
            return null;
        });
        return new HashSet<>(pids);
    }

    /** Takes {@code Down}s until every pid of {@code alive} has one, or {@code bound} has passed. */
    private static void awaitDowns(TestProbe watcher, Set<Pid> alive, Duration bound) {
        long deadline = System.nanoTime() + Nanos.of(bound);
        while (!alive.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Object m;
            try {
                m = watcher.fishForMessage(Duration.ofNanos(left), "a Down", o -> o instanceof Down);
            } catch (AssertionError timedOut) {
                return;
            }
            alive.remove(((Down) m).pid());
        }
    }
}
