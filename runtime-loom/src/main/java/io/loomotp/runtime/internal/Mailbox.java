package io.loomotp.runtime.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A process's mailbox: many senders, one receiver (the process itself).
 *
 * <p>Two implementations share this contract: {@link MpscMailbox}, lock-free and unbounded, which every process gets
 * by default; and {@link BoundedMailbox}, which a process opts into for back-pressure or load shedding.
 *
 * <p>Threading contract. {@link #offer}, {@link #close}, {@link #queueLength} and {@link #forEachQueued} may be called
 * from any thread. Everything else is for the owning process's thread only: the queue proper is single-consumer, and
 * the <em>stash</em> (messages a selective receive looked at and skipped, kept in arrival order ahead of the queue) is
 * private to that thread.
 */
public abstract sealed class Mailbox permits MpscMailboxHead, BoundedMailbox {
    /** The envelope was queued. */
    static final int DELIVERED = 0;
    /** The mailbox is closed (its process is dead); the envelope was dropped silently, as Erlang does. */
    static final int CLOSED = 1;
    /** A bounded mailbox was full and its policy is REJECT; the envelope was counted as dropped. */
    static final int REJECTED = 2;
    /** A bounded mailbox was full and its policy dropped the envelope; it was counted. */
    static final int DROPPED = 3;
    /** The envelope was queued, and its owner was dormant: the sender must start a thread for it. */
    static final int WAKE = 4;
    /**
     * A bounded mailbox with policy BLOCK was full and the sender is its owner, which would wait for ever for room only
     * it can make; the envelope was counted as dropped.
     */
    static final int OWN_FULL = 5;
    /** A bounded mailbox with policy BLOCK stayed full until the call's deadline; the envelope was counted as dropped. */
    static final int TIMED_OUT = 6;

    private ArrayDeque<Envelope> stash;
    /** The last envelope taken from the stash: reachable by {@link #forEachPending} while it is handled. */
    private volatile Envelope stashTaken;
    /**
     * The stash's size, written by the owner after each change, so that another thread counts it without reading the
     * owner's {@code ArrayDeque} ({@link #length()}).
     */
    private volatile int stashed;
    /**
     * The last envelope taken, from the queue or the stash: the one a handler is handling when it receives again.
     * Owner only (written by the takes, read by the owner's next receive; see {@code ProcessImpl.receive}).
     */
    Envelope lastTakenByOwner;
    /*
     * The owner's per-message state. It lives here, on the owner's side of the mailbox (MpscMailbox, "Layout"), and
     * not in ProcessImpl, whose first cache line every sender reads: written there, each message cost the sender a
     * miss (W3 at 13-15M casts/s against 22-24M).
     */
    /** Messages taken, for the process's statistics (system messages not counted). Owner only; read racily. */
    long messagesIn;
    /** Messages a plain receive took since the owner last waited or yielded its carrier. Owner only. */
    int takenWithoutWait;
    /** When the owner's current slice of receives without a wait began (0: not yet timed). Owner only. */
    long sliceStart;

    /** Queues an envelope. Any thread. Returns one of the codes above. */
    abstract int offer(Envelope envelope);

    /**
     * {@link #offer(Envelope)} for a call, which waits for room (policy BLOCK) only until its caller's deadline (a
     * {@code System.nanoTime()} value, or {@code Long.MAX_VALUE}) and then answers {@link #TIMED_OUT}. Only a bounded
     * mailbox ever waits.
     */
    int offer(Envelope envelope, long deadline) {
        return offer(envelope);
    }

    /** Takes the oldest queued envelope, or null. Owner only; ignores the stash. */
    abstract Envelope pollQueue();

    /**
     * An envelope has left the mailbox for good (taken by a receive, or removed), as opposed to moved from the queue
     * to the stash. A bounded mailbox frees its place only now, so that messages a selective receive skipped still
     * count against the bound. Owner only.
     */
    void consumed(Envelope e) {}

    /** An envelope has moved from the queue to the stash (a selective receive looked at it and kept it). Owner only. */
    void stashed(Envelope e) {}

    /**
     * Envelopes a bounded mailbox evicted from the owner's stash that the owner has not met yet: still in the stash,
     * but dropped, so not counted by {@link #length()}. Any thread.
     */
    int evictedInStash() {
        return 0;
    }

    /** The owner has removed from its stash an envelope a bounded mailbox had evicted. Owner only. */
    void evictedLeft() {}

    /**
     * Claims an envelope the owner takes from its stash: false if a bounded mailbox's {@code DROP_OLDEST} evicted it
     * (it was dropped, and counted, already), so that it is skipped. Owner only.
     */
    boolean claimStashed(Envelope e) {
        return !e.evicted;
    }

    /** True if the queue holds an envelope, or one is being appended. Owner only. */
    abstract boolean queueHasMore();

    /**
     * Parks the owner until an envelope may have arrived, the deadline passes, or the thread is interrupted. May
     * return early, spuriously. Owner only.
     *
     * @param deadline a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} for none
     */
    abstract void park(long deadline);

    /** Wakes the owner from {@link #park} as a message would, without one: a manual clock's deadline passed. */
    abstract void wakeOwner();

    /**
     * True if {@link #wakeOwner} is an unpark, which never waits: the node's receive-timeout sweep may then wake the
     * owner from its timer thread ({@link ReceiveTimeouts}), and a long receive parks untimed.
     */
    boolean wakesOwnerWithoutBlocking() {
        return false;
    }

    /**
     * Makes the owner dormant (it lets its thread end) if the queue is empty. The next offer then returns
     * {@link #WAKE}, and its sender starts a new thread for the owner. Owner only.
     *
     * @return true if the owner is now dormant and its thread must end at once, without touching the mailbox again;
     *     false if a message is waiting and the owner should take it
     */
    boolean goDormant() {
        return false;
    }

    /** True if this mailbox lets its owner go dormant: the default one does, a bounded one keeps its thread. */
    boolean canGoDormant() {
        return false;
    }

    /** Refuses every later offer; releases senders blocked on a full bounded mailbox. Any thread. */
    abstract void close();

    /** True once closed. */
    abstract boolean isClosed();

    /** The number of queued envelopes, approximately when racing with senders. Any thread. */
    abstract int queueLength();

    /**
     * Visits the queued envelopes and the one taken last (which may be being handled), racing with the owner. Any
     * thread.
     */
    abstract void forEachQueued(Consumer<Envelope> action);

    /**
     * Visits every envelope a dead process may still owe an answer to: those queued, the one its owner took last from
     * the queue, and the one it took last from the stash. Used to fail the calls of a dead process; envelopes already
     * answered are visited too and ignored. Any thread.
     */
    final void forEachPending(Consumer<Envelope> action) {
        Envelope fromStash = stashTaken;
        if (fromStash != null) {
            action.accept(fromStash);
        }
        forEachQueued(action);
    }

    /** Messages this mailbox refused or dropped, since it was made. Any thread. */
    abstract long dropped();

    /** The owner's thread, which {@link #park} parks and senders unpark. Set before the owner first receives. */
    abstract void bindOwner(Thread owner);

    /** The next envelope in arrival order, or null if there is none now. Owner only. */
    final Envelope poll() {
        ArrayDeque<Envelope> s = stash;
        Envelope e = null;
        if (s != null && !s.isEmpty()) {
            for (;;) {
                e = s.pollFirst(); // what a bounded mailbox evicted from here was dropped already: skipped
                if (e == null || claimStashed(e)) {
                    break;
                }
                evictedLeft();
            }
            stashed = s.size();
            if (e != null) {
                stashTaken = e;
            }
        }
        if (e == null) {
            e = pollQueue();
        }
        if (e != null) {
            consumed(e);
            lastTakenByOwner = e;
        }
        return e;
    }

    /**
     * The first envelope, in arrival order, that matches; the ones skipped stay, in order, for later receives. Null
     * if none matches now. Owner only.
     */
    final Envelope poll(Predicate<? super Envelope> match) {
        return poll(match, false);
    }

    /**
     * As {@link #poll(Predicate)}; with {@code stashSeen}, the stash is not looked at again: the caller's receive has
     * already tried {@code match} on every message in it and is waiting for new ones, as Erlang's receive looks only
     * at messages that came after those it has tried (one wake-up of a receive behind many skipped messages then costs
     * the new messages, not the whole stash again). Owner only.
     */
    final Envelope poll(Predicate<? super Envelope> match, boolean stashSeen) {
        ArrayDeque<Envelope> s = stash;
        if (s != null && stashSeen && evictedInStash() > Math.max(EVICTED_PURGE_FLOOR, s.size() / 2)) {
            purgeEvicted(s); // a flood into a bounded DROP_OLDEST mailbox while this receive waits: see purgeEvicted
        }
        if (s != null && !stashSeen) {
            for (Iterator<Envelope> it = s.iterator(); it.hasNext(); ) {
                Envelope e = it.next();
                if (e.evicted) {
                    it.remove();
                    stashed = s.size();
                    evictedLeft();
                    continue;
                }
                if (match.test(e)) {
                    it.remove();
                    stashed = s.size();
                    if (!claimStashed(e)) {
                        evictedLeft();
                        continue; // evicted while the predicate looked at it
                    }
                    stashTaken = e;
                    consumed(e);
                    lastTakenByOwner = e;
                    return e;
                }
            }
        }
        for (Envelope e; (e = pollQueue()) != null; ) {
            boolean matched;
            try {
                matched = match.test(e);
            } catch (Throwable t) {
                // a receive's predicate that throws: the exception is the receive's, and the message stays, in
                // order, for later receives (no Erlang receive drops a message whose guard fails)
                keep(e);
                throw t;
            }
            if (matched) {
                consumed(e);
                lastTakenByOwner = e;
                return e;
            }
            s = keep(e);
        }
        return null;
    }

    /** Moves an envelope taken from the queue and not matched to the end of the stash; returns the stash. */
    private ArrayDeque<Envelope> keep(Envelope e) {
        ArrayDeque<Envelope> s = stash;
        if (s == null) {
            s = stash = new ArrayDeque<>();
        }
        s.addLast(e);
        stashed = s.size(); // moved from the queue: counted here before a reader can miss it in both
        stashed(e);
        return s;
    }

    /** True if the stash holds messages a selective receive skipped. Owner only. */
    final boolean hasStash() {
        ArrayDeque<Envelope> s = stash;
        return s != null && !s.isEmpty();
    }

    /** True if a message is waiting, in the stash or the queue. Owner only. */
    final boolean hasMessages() {
        ArrayDeque<Envelope> s = stash;
        return (s != null && !s.isEmpty()) || queueHasMore();
    }

    /** Below this many evicted envelopes in the stash, a waiting receive does not walk it to let them go. */
    private static final int EVICTED_PURGE_FLOOR = 16;

    /**
     * Lets go of the envelopes a bounded {@code DROP_OLDEST} mailbox evicted from the stash while a selective receive
     * waits: that receive looks only at new messages, so without this they stayed in memory until it matched (a new
     * user's 20,000 messages of 16 KB to a process bounded at 100 held 123-205 MB). Walked only once they are more
     * than half the stash, so the walks cost a constant per eviction, and the stash holds at most about twice the
     * bound. Owner only.
     */
    private void purgeEvicted(ArrayDeque<Envelope> s) {
        for (Iterator<Envelope> it = s.iterator(); it.hasNext(); ) {
            if (it.next().evicted) {
                it.remove();
                evictedLeft();
            }
        }
        stashed = s.size();
    }

    /** Removes every stashed and queued envelope that matches, and gives them to the action. Owner only. */
    final void removeAll(Predicate<? super Envelope> match, Consumer<Envelope> removed) {
        for (Envelope e; (e = pollQueue()) != null; ) {
            keep(e);
        }
        if (stash != null) {
            try {
                removeStashed(match, removed);
            } finally {
                stashed = stash.size(); // a predicate that throws leaves the rest as it was
            }
        }
    }

    private void removeStashed(Predicate<? super Envelope> match, Consumer<Envelope> removed) {
        for (Iterator<Envelope> it = stash.iterator(); it.hasNext(); ) {
            Envelope e = it.next();
            if (e.evicted) {
                it.remove();
                evictedLeft();
                continue;
            }
            if (match.test(e)) {
                it.remove();
                if (claimStashed(e)) {
                    consumed(e);
                    removed.accept(e);
                } else {
                    evictedLeft();
                }
            }
        }
    }

    /** Drops the stash's spare capacity; a hibernating process keeps no more than it needs. Owner only. */
    final void trim() {
        if (stash != null && stash.isEmpty()) {
            stash = null;
        }
    }

    /**
     * Queued plus stashed envelopes, from any thread. The owner moves envelopes from the queue to the stash while a
     * selective receive looks at them, so the two are read until the stash's count did not change around the queue's:
     * a count read mid-move (the helper's 5 for 50 waiting) is not returned. Off by at most the one in flight.
     */
    final int length() {
        for (int i = 0; ; i++) {
            int before = stashed;
            int queued = queueLength();
            int after = stashed;
            if (before == after || i == 8) {
                return queued + Math.max(0, after - evictedInStash()); // what DROP_OLDEST evicted is gone already
            }
        }
    }

    /** Envelopes the owner has not looked at yet: the queue, without the stash a selective receive kept. Any thread. */
    final int unseen() {
        return queueLength();
    }
}
