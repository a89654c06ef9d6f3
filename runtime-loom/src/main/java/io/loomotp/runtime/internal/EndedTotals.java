package io.loomotp.runtime.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the processes of a node that have ended did, in total: how many ended, and their messages in and out, handler
 * time and dropped messages, added once when each dies. Adding the live processes' counters to these gives a node's
 * totals that never go down, as a monitoring system's counters must, although processes come and go.
 *
 * <p>Owned by {@link NodeRuntime}; added to by {@link Signals} when a process is marked dead (once per process, under
 * its exit), read by anyone. A process killed from outside may still be finishing a handler when it is added: that
 * last handler's time and sends are then not counted. Never on a message's path.
 */
public final class EndedTotals {
    private final LongAdder ended = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    void add(ProcessImpl p) {
        ended.increment();
        messagesIn.add(p.messagesIn());
        messagesOut.add(p.messagesOut());
        handlerNanos.add(p.handlerNanos());
        dropped.add(p.droppedMessages());
    }

    public long ended() {
        return ended.sum();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long handlerNanos() {
        return handlerNanos.sum();
    }

    public long droppedMessages() {
        return dropped.sum();
    }
}
