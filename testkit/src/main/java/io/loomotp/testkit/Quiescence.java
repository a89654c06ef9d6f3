package io.loomotp.testkit;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits until a node is idle: what virtual time needs between two instants, so that what one timer set going has
 * happened (and armed its own timers) before the clock moves on.
 *
 * <p>A process is idle when it has looked at every message in its mailbox (none, or only those a selective receive or
 * a suspension keeps) and its thread is not runnable (parked in a receive or a call, or gone: dormant). One look at every process is not a snapshot: a process seen idle may be sent a message by one looked at
 * later. So the node is idle only when two looks in a row see every process idle, the same processes, and the same
 * totals of messages taken and sent: any message sent between the looks changes a total or fills a mailbox.
 *
 * <p>A process that has died stays in the node's list until its exit signals and its monitors' {@code Down}s are
 * delivered; while any is listed, the node is not idle. Without that, a test that waited for a {@code Down} could
 * find every mailbox empty before the link's exit signal reached a supervisor.
 *
 * <p>Limit: a process blocked outside the runtime (a lock, I/O) looks idle; a process that spins never does.
 */
final class Quiescence {
    private Quiescence() {}

    /** {@code dying}: processes dead but still listed, whose exit signals and monitors' messages are on their way. */
    private record Look(List<Pid> pids, long in, long out, List<ProcessCounters> busy, int dying) {
        boolean idle() {
            return busy.isEmpty() && dying == 0;
        }
    }

    /** True if the node is idle now: two looks in a row, as {@link #await} takes them, without waiting. */
    static boolean idleNow(Node node) {
        Look a = look(node);
        if (!a.idle()) {
            return false;
        }
        Look b = look(node);
        return b.idle() && a.pids.equals(b.pids) && a.in == b.in && a.out == b.out;
    }

    static void await(Node node, Duration max) {
        long deadline = System.nanoTime() + Nanos.of(max);
        Look previous = null;
        int spins = 0;
        for (;;) {
            Look now = look(node);
            if (now.idle() && previous != null && previous.idle() && now.pids.equals(previous.pids)
                    && now.in == previous.in && now.out == previous.out) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("the node did not become idle within " + max + "; busy: "
                        + describe(node, now));
            }
            previous = now;
            if (++spins > 64) {
                Thread.yield(); // let the busy processes' carriers run
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static Look look(Node node) {
        List<Pid> pids = node.processes();
        long in = 0;
        long out = 0;
        List<ProcessCounters> busy = new ArrayList<>();
        int dying = 0;
        for (Pid p : pids) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                dying++; // dead, and listed until its signals are delivered: not quiet yet
                continue;
            }
            in += c.messagesIn();
            out += c.messagesOut();
            // a process parked in a selective receive, or suspended, keeps messages it has looked at: it waits
            if (c.unseenMessages() > 0 || c.onCarrier()) {
                busy.add(c);
            }
        }
        return new Look(pids, in, out, busy, dying);
    }

    private static String describe(Node node, Look look) {
        List<String> parts = new ArrayList<>();
        for (ProcessCounters c : look.busy) {
            ProcessInfo info = node.info(c.pid()); // what it is and where it runs: the pid alone names nothing
            String what = info == null ? "" : ", initial call " + info.initialCall()
                    + (info.currentFunction() == null ? "" : ", at " + info.currentFunction());
            parts.add(c.pid() + (c.registeredName() == null ? "" : " " + c.registeredName()) + " (mailbox "
                    + c.mailboxLength() + ", not looked at " + c.unseenMessages() + (c.onCarrier() ? ", running" : "")
                    + what + ")");
        }
        if (look.dying > 0) {
            parts.add(look.dying + " dead process(es) whose exit signals are still on their way");
        }
        return parts.isEmpty() ? "processes still starting or stopping" : String.join(", ", parts);
    }
}
