package io.loomotp.testkit;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits until a node is idle: what virtual time needs between two instants, so that what one timer set going has
 * happened (and armed its own timers) before the clock moves on.
 *
 * <p>A process is idle when its mailbox is empty and its thread is not runnable (parked in a receive or a call, or gone:
 * dormant). One look at every process is not a snapshot: a process seen idle may be sent a message by one looked at
 * later. So the node is idle only when two looks in a row see every process idle, the same processes, and the same
 * totals of messages taken and sent: any message sent between the looks changes a total or fills a mailbox.
 *
 * <p>Limit: a process blocked outside the runtime (a lock, I/O) looks idle; a process that spins never does.
 */
final class Quiescence {
    private Quiescence() {}

    private record Look(List<Pid> pids, long in, long out, List<ProcessCounters> busy) {}

    static void await(Node node, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        Look previous = null;
        int spins = 0;
        for (;;) {
            Look now = look(node);
            if (now.busy.isEmpty() && previous != null && previous.busy.isEmpty() && now.pids.equals(previous.pids)
                    && now.in == previous.in && now.out == previous.out) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("the node did not become idle within " + max + "; busy: " + describe(now));
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
        for (Pid p : pids) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                continue; // died meanwhile: the process list differs next time if it matters
            }
            in += c.messagesIn();
            out += c.messagesOut();
            if (c.mailboxLength() > 0 || c.onCarrier()) {
                busy.add(c);
            }
        }
        return new Look(pids, in, out, busy);
    }

    private static String describe(Look look) {
        List<String> parts = new ArrayList<>();
        for (ProcessCounters c : look.busy) {
            parts.add(c.pid() + (c.registeredName() == null ? "" : " " + c.registeredName()) + " (mailbox "
                    + c.mailboxLength() + (c.onCarrier() ? ", running" : "") + ")");
        }
        return parts.isEmpty() ? "processes still starting or stopping" : String.join(", ", parts);
    }
}
