package io.loomotp.metrics;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;

/**
 * The per-process meters' source for one registered name: the counters of whichever process holds the name, added to
 * those of the processes that held it before (a supervisor restarts a child under the same name), so that the
 * name's counters never go down. Updated by the binder at each sample, under the sampler's tick; read by Micrometer
 * from any thread (fields are volatile: a reader sees one sample's values or the next one's).
 */
final class TrackedProcess {
    final String name;
    private Pid pid;
    private long baseIn;
    private long baseOut;
    private long baseHandlerNanos;
    private long baseDropped;
    private volatile int mailbox;
    private volatile long in;
    private volatile long out;
    private volatile long handlerNanos;
    private volatile long dropped;
    private long lastIn;
    private long lastOut;
    private long lastHandlerNanos;
    private long lastDropped;

    TrackedProcess(String name) {
        this.name = name;
    }

    /** Takes the counters of the process holding the name now, or null if none does. */
    void update(ProcessCounters c) {
        if (c == null) {
            mailbox = 0;
            return;
        }
        if (!c.pid().equals(pid)) {
            if (pid != null) { // a new incarnation: what the last one did stays counted
                baseIn += lastIn;
                baseOut += lastOut;
                baseHandlerNanos += lastHandlerNanos;
                baseDropped += lastDropped;
            }
            pid = c.pid();
        }
        lastIn = c.messagesIn();
        lastOut = c.messagesOut();
        lastHandlerNanos = c.handlerTime().toNanos();
        lastDropped = c.droppedMessages();
        mailbox = c.mailboxLength();
        in = baseIn + lastIn;
        out = baseOut + lastOut;
        handlerNanos = baseHandlerNanos + lastHandlerNanos;
        dropped = baseDropped + lastDropped;
    }

    double mailbox() {
        return mailbox;
    }

    double in() {
        return in;
    }

    long inCount() {
        return in;
    }

    double out() {
        return out;
    }

    double handlerNanos() {
        return handlerNanos;
    }

    double dropped() {
        return dropped;
    }
}
