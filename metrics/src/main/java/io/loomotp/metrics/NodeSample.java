package io.loomotp.metrics;

import io.loomotp.runtime.NodeCounters;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Map;

/**
 * One reading of a node by a {@link NodeSampler}: what the meters, the threshold alarms and the regulator's feedback
 * all read, so that they agree with one another and the process table is walked once per tick, not once per meter.
 * Estimates that were true at {@link #time()}, read without stopping any process.
 *
 * @param time when it was taken, in the sampler's clock (nanoseconds)
 * @param processCount live processes
 * @param node the node's own counters (spawned, exited, ended processes' totals, pending timers)
 * @param messagesIn messages taken from mailboxes by every process the node ever had, live or ended
 * @param messagesOut messages sent by every process the node ever had
 * @param handlerTime time spent in handlers by every process the node ever had (sampled)
 * @param droppedMessages messages refused or dropped by bounded mailboxes, live or ended
 * @param waitingMessages messages waiting in the live processes' mailboxes
 * @param longestMailbox the longest mailbox's length, 0 if none
 * @param longestMailboxPid the process that has it, or null
 * @param named the registered processes' counters, by name
 * @param crashes crash reports and plain-process error reports made since the sampler started
 * @param restarts restarts (a supervisor's {@code child_terminated} of a child that is not temporary) since the
 *     sampler started
 * @param restartsLastMinute the restarts of the last minute
 * @param heap the JVM heap (or what the sampler's heap probe says)
 */
public record NodeSample(long time, int processCount, NodeCounters node, long messagesIn, long messagesOut,
                         Duration handlerTime, long droppedMessages, long waitingMessages, int longestMailbox,
                         Pid longestMailboxPid, Map<String, ProcessCounters> named, long crashes, long restarts,
                         int restartsLastMinute, MemoryUsage heap) {

    /** The heap in use as a fraction of the most it may grow to (of what is committed, if it has no maximum). */
    public double heapFraction() {
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        return max <= 0 ? 0 : (double) heap.getUsed() / max;
    }

    /** The mailbox length of the process registered as {@code name}, or 0 if none is. */
    public int mailboxOf(String name) {
        ProcessCounters c = named.get(name);
        return c == null ? 0 : c.mailboxLength();
    }
}
