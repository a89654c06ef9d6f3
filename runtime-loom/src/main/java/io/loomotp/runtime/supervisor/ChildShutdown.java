package io.loomotp.runtime.supervisor;

import io.loomotp.Restart;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.report.Offender;
import io.loomotp.runtime.report.SupervisorReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a supervisor stops its children: OTP's {@code shutdown/2}, {@code terminate_children} and
 * {@code terminate_dynamic_children}. One child is monitored, unlinked, sent its shutdown signal and waited for within
 * its spec's shutdown time, then killed; static children stop one by one in reverse start order; a
 * {@code SIMPLE_ONE_FOR_ONE} supervisor's children all at once, within one shutdown time. An exit other than the one
 * asked for is reported as a {@code shutdown_error}.
 *
 * <p>Owner only: every method runs on the supervisor's own process (it receives the children's {@code Down}s).
 */
final class ChildShutdown {
    private ChildShutdown() {}

    /**
     * Stops one child as its spec says, and waits for it: OTP's {@code shutdown/2}. The child is monitored, then
     * unlinked (OTP's {@code monitor_child}), so that its exit is not taken for a failure and a child that unlinked
     * itself is waited for all the same; an exit other than the one asked for is a {@code shutdown_error}.
     */
    static void one(SupervisorBehaviour.Child child) {
        Pid pid = child.pid;
        if (pid == null) {
            return;
        }
        child.pid = null;
        MonitorRef ref = Process.monitor(pid);
        Process.unlink(pid);
        Object early = Process.receive(m -> m instanceof Exit e && e.from().equals(pid), Duration.ZERO);
        ExitReason reason;
        boolean ok;
        if (early instanceof Exit e) {
            // it had ended already: as OTP, fine if it stopped normally and may, else reported
            awaitDown(ref, null);
            reason = e.reason();
            ok = reason instanceof ExitReason.Shutdown || endedByItself(child, reason);
        } else {
            switch (child.spec.shutdown()) {
                case Shutdown.BrutalKill b -> {
                    Process.exit(pid, ExitReason.KILL);
                    reason = awaitDown(ref, null).reason();
                    ok = reason instanceof ExitReason.Killed || endedByItself(child, reason);
                }
                case Shutdown.Timeout(Duration timeout) -> {
                    Process.exit(pid, ExitReason.SHUTDOWN);
                    Down d = awaitDown(ref, timeout);
                    if (d == null) {
                        Process.exit(pid, ExitReason.KILL);
                        d = awaitDown(ref, null);
                    }
                    reason = d.reason();
                    ok = reason.equals(ExitReason.SHUTDOWN) || endedByItself(child, reason);
                }
                case Shutdown.Infinity i -> {
                    Process.exit(pid, ExitReason.SHUTDOWN);
                    reason = awaitDown(ref, null).reason();
                    ok = reason.equals(ExitReason.SHUTDOWN) || endedByItself(child, reason);
                }
            }
        }
        if (!ok && !(reason instanceof ExitReason.NoProc)) {
            SupervisorBehaviour.report(new SupervisorReport(Process.self(), SupervisorBehaviour.name(), "shutdown_error", reason, SupervisorBehaviour.offender(child, pid)));
        }
    }

    /**
     * A child that is not permanent may end by itself while it is being stopped, with {@code normal} or
     * {@code {shutdown, _}} (a connection whose client left just then): not a {@code shutdown_error}, as
     * {@code supervisor.erl}'s {@code shutdown/2} and {@code wait_dynamic_children} take it. A permanent child that
     * ends so is reported.
     */
    private static boolean endedByItself(SupervisorBehaviour.Child child, ExitReason reason) {
        return child.spec.restart() != Restart.PERMANENT
                && (reason instanceof ExitReason.Normal || reason instanceof ExitReason.Shutdown);
    }

    private static Down awaitDown(MonitorRef ref, Duration timeout) {
        return (Down) Process.receive(m -> m instanceof Down d && d.ref().equals(ref), timeout);
    }

    /** Stops every child: static ones one by one in reverse start order, dynamic ones all at once. */
    static void all(SupervisorBehaviour.State s) {
        if (s.isSimple()) {
            concurrently(s);
            return;
        }
        for (int i = s.children.size() - 1; i >= 0; i--) {
            SupervisorBehaviour.Child c = s.children.get(i);
            one(c);
            c.restarting = false;
        }
    }

    /**
     * {@code SIMPLE_ONE_FOR_ONE}: the shutdown signal goes to every child at once, and the supervisor waits for all
     * of them within one shutdown time, then kills those left: as OTP's {@code terminate_dynamic_children}.
     */
    private static void concurrently(SupervisorBehaviour.State s) {
        Map<MonitorRef, SupervisorBehaviour.Child> pending = new HashMap<>();
        Shutdown how = s.template.shutdown();
        for (SupervisorBehaviour.Child c : List.copyOf(s.dynamic.values())) {
            Pid pid = c.pid;
            MonitorRef ref = Process.monitor(pid);
            Process.unlink(pid);
            if (Process.receive(m -> m instanceof Exit e && e.from().equals(pid), Duration.ZERO) != null) {
                awaitDown(ref, null);
                continue;
            }
            pending.put(ref, c);
            Process.exit(pid, how instanceof Shutdown.BrutalKill ? ExitReason.KILL : ExitReason.SHUTDOWN);
        }
        s.dynamic.clear();
        long deadline = how instanceof Shutdown.Timeout(Duration t) ? NodeRuntime.callerNanoTime() + t.toNanos() : Long.MAX_VALUE;
        boolean brutal = how instanceof Shutdown.BrutalKill;
        Map<ExitReason, Integer> errors = new java.util.LinkedHashMap<>(); // by reason, in the order first seen
        while (!pending.isEmpty()) {
            Duration left = deadline == Long.MAX_VALUE ? null
                    : Duration.ofNanos(Math.max(0, deadline - NodeRuntime.callerNanoTime()));
            Down d = (Down) Process.receive(m -> m instanceof Down down && pending.containsKey(down.ref()), left);
            if (d == null) {
                for (SupervisorBehaviour.Child c : pending.values()) {
                    Process.exit(c.pid, ExitReason.KILL);
                }
                deadline = Long.MAX_VALUE;
                continue;
            }
            SupervisorBehaviour.Child c = pending.remove(d.ref());
            // as wait_dynamic_children: shutdown (any) is fine, normal for a child that is not permanent, killed only
            // when brutal_kill asked for it (a child killed at the end of its shutdown time is reported, as OTP's)
            boolean ok = d.reason() instanceof ExitReason.Shutdown || endedByItself(c, d.reason())
                    || (brutal && d.reason() instanceof ExitReason.Killed);
            if (!ok && !(d.reason() instanceof ExitReason.NoProc)) {
                errors.merge(d.reason(), 1, Integer::sum);
            }
        }
        // one report per reason, naming how many children ended so, as terminate_dynamic_children's
        // report_error(shutdown_error, Reason, Child#child{pid = Pids}): not one per child of a large pool
        ChildSpec template = s.template;
        errors.forEach((reason, n) -> SupervisorBehaviour.report(new SupervisorReport(Process.self(),
                SupervisorBehaviour.name(), "shutdown_error", reason, new Offender(template.id(), null,
                        template.restart().name().toLowerCase(Locale.ROOT), template.shutdown().toString(),
                        template.type().name().toLowerCase(Locale.ROOT), n, List.of(), template.significant()))));
    }
}
