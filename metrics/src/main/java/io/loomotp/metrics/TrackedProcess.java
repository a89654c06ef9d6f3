package io.loomotp.metrics;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import java.util.function.Function;

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

    /**
     * Takes the counters of the process holding the name now, or null if none does. When the process it counted last
     * no longer holds the name (it died, or was restarted as another), that one's final counts are read
     * ({@code finalOf}) and kept, so that what it did after the last sample and before its death is counted too.
     */
    void update(ProcessCounters c, Function<Pid, ProcessCounters> finalOf) {
        if (pid != null && (c == null || !c.pid().equals(pid))) {
            ProcessCounters end = finalOf.apply(pid);
            if (end != null) {
                take(end);
            }
            baseIn += lastIn; // an incarnation that ended: what it did stays counted
            baseOut += lastOut;
            baseHandlerNanos += lastHandlerNanos;
            baseDropped += lastDropped;
            lastIn = 0;
            lastOut = 0;
            lastHandlerNanos = 0;
            lastDropped = 0;
            pid = null;
        }
        if (c == null) {
            mailbox = 0;
            publish();
            return;
        }
        pid = c.pid();
        take(c);
        mailbox = c.mailboxLength();
        publish();
    }

    private void take(ProcessCounters c) {
        lastIn = c.messagesIn();
        lastOut = c.messagesOut();
        lastHandlerNanos = c.handlerTime().toNanos();
        lastDropped = c.droppedMessages();
    }

    private void publish() {
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
