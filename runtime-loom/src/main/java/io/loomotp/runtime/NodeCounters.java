package io.loomotp.runtime;

import io.loomotp.runtime.internal.EndedTotals;
import io.loomotp.runtime.internal.NodeRuntime;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A node's own counters, the node-wide companion of {@link ProcessCounters}: how many processes it has spawned and
 * seen end, what the ended ones did in total, and how many timers wait to fire. Counters of processes that have ended
 * are kept here, so that a node's totals (these plus the live processes' {@link ProcessCounters}) only ever grow, as
 * the counters a monitoring system scrapes must. Read without stopping anything: estimates true a moment ago.
 *
 * @param spawned processes made since the node started (Erlang keeps no such count; its pids' serials do)
 * @param exited processes that have ended since the node started
 * @param endedMessagesIn messages the ended processes took from their mailboxes
 * @param endedMessagesOut messages the ended processes sent
 * @param endedHandlerTime time the ended processes spent in handlers (sampled, as {@link ProcessCounters#handlerTime})
 * @param endedDroppedMessages messages the ended processes' bounded mailboxes refused or dropped
 * @param pendingTimers timers of the node waiting to fire ({@code sendAfter}, {@code sendInterval}, idle and state
 *     machine timeouts)
 */
public record NodeCounters(long spawned, long exited, long endedMessagesIn, long endedMessagesOut,
                           Duration endedHandlerTime, long endedDroppedMessages, int pendingTimers) {

    /** The counters of a node now. Costs a few reads, whatever the number of processes. */
    public static NodeCounters of(Node node) {
        NodeRuntime r = Objects.requireNonNull(node, "node").runtime();
        EndedTotals e = r.ended();
        return new NodeCounters(r.spawned(), e.ended(), e.messagesIn(), e.messagesOut(),
                Duration.ofNanos(e.handlerNanos()), e.droppedMessages(), r.timers().pending());
    }

    /**
     * Gives the counters of every live process to {@code visitor}, in no particular order: what a sampler that reads
     * every process at each tick needs, without the copy and sort of {@link Node#processes()} (which dominate at a
     * hundred thousand processes). A process that dies meanwhile is skipped.
     */
    public static void eachProcess(Node node, Consumer<? super ProcessCounters> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        for (Pid p : Objects.requireNonNull(node, "node").runtime().processes()) {
            ProcessCounters c = node.counters(p);
            if (c != null) {
                visitor.accept(c);
            }
        }
    }
}
