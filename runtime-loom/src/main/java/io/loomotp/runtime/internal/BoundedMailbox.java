package io.loomotp.runtime.internal;

import io.loomotp.Overflow;
import io.loomotp.runtime.MailboxFullException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A mailbox that holds at most {@code capacity} messages, with an {@link Overflow} policy for the rest.
 *
 * <h2>Design</h2>
 * A lock-guarded ring ({@link ArrayDeque}) with two conditions, as {@code ArrayBlockingQueue} has. A bound makes the
 * count exact, and the count is what every policy decides on; dropping the <em>oldest</em> message also needs to
 * remove from the consumer's end, which a lock-free MPSC queue cannot offer a producer. A process opts into this
 * mailbox, so the lock is paid only where a bound was asked for; the default mailbox stays lock-free.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every message refused or dropped is counted in {@link #dropped()}, and reported (through the node's reports)
 *       at most a second later as "N messages dropped by &lt;pid&gt; (reason)". Nothing is dropped silently.
 *   <li>A dropped or refused call fails at once with {@link MailboxFullException}, so its caller does not wait for a
 *       timeout.
 *   <li>Signals and system messages bypass the bound (see {@link Envelope#bypassesBound()}).
 *   <li>Senders blocked by {@link Overflow#BLOCK} are released when the mailbox closes; their messages are then dropped
 *       as to any dead process.
 * </ul>
 */
final class BoundedMailbox extends Mailbox {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private final ProcessImpl owner;
    private final int capacity;
    private final Overflow policy;

    // guarded by lock
    /** Messages counted against the bound: queued, plus those moved to the owner's stash but not yet taken. */
    private int bounded;
    /**
     * The counted messages the owner keeps in its stash, oldest first: older than everything queued, so the first that
     * {@code DROP_OLDEST} evicts (it marks them; the owner skips a marked one when it meets it).
     */
    private final ArrayDeque<Envelope> kept = new ArrayDeque<>();
    /** Of those marked, the ones still in the owner's stash: {@link Mailbox#length()} leaves them out. */
    private final AtomicInteger evictedInStash = new AtomicInteger();
    private long dropped;
    private long reported;
    private boolean reportScheduled;
    private boolean closed;
    /** The envelope taken last: the owner may be handling it; see {@link Mailbox#forEachPending}. */
    private Envelope lastTaken;

    BoundedMailbox(ProcessImpl owner, int capacity, Overflow policy) {
        this.owner = owner;
        this.capacity = capacity;
        this.policy = policy;
    }

    @Override
    void wakeOwner() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void bindOwner(Thread thread) {
        // parking is done on notEmpty: no thread handle needed
    }

    @Override
    int offer(Envelope envelope) {
        return offer(envelope, Long.MAX_VALUE);
    }

    @Override
    int offer(Envelope envelope, long deadline) {
        return offer(envelope, deadline, false);
    }

    /**
     * Offers a timer's message: as {@link #offer(Envelope, long)}, but a full {@code BLOCK} mailbox takes it beyond its
     * bound instead of making the timer wait. A node's timers share one thread, which a receiver that does not read
     * must not hold up; and a timer cannot be slowed as a sender can, so waiting would only delay every other timer
     * of the node (a new user's finding: one full mailbox stopped every state timeout). The other policies apply as to
     * any sender.
     */
    int offerFromTimer(Envelope envelope) {
        return offer(envelope, Long.MAX_VALUE, true);
    }

    private int offer(Envelope envelope, long deadline, boolean neverWait) {
        Envelope evicted = null;
        int result = DELIVERED;
        lock.lock();
        try {
            if (closed) {
                return CLOSED;
            }
            if (!envelope.bypassesBound() && bounded >= capacity) {
                switch (policy) {
                    case BLOCK -> {
                        if (neverWait) {
                            break; // a timer's message goes in beyond the bound (offerFromTimer)
                        }
                        ProcessImpl sender = ProcessImpl.current();
                        if (sender == owner) {
                            countDrop(); // only the owner makes room: it would wait for ever (never for a signal)
                            return OWN_FULL;
                        }
                        int waited = awaitRoom(sender, deadline);
                        if (waited != DELIVERED) {
                            return waited;
                        }
                    }
                    case REJECT -> {
                        countDrop();
                        return REJECTED;
                    }
                    case DROP_NEWEST -> {
                        countDrop();
                        result = DROPPED;
                    }
                    case DROP_OLDEST -> {
                        evicted = removeOldestBounded();
                        countDrop();
                        if (evicted == null) {
                            result = DROPPED; // nothing counted to evict (the bound is 0): drop this one
                        }
                    }
                }
            }
            if (result == DELIVERED) {
                queue.addLast(envelope);
                if (!envelope.bypassesBound()) {
                    bounded++;
                }
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (evicted instanceof CallEnvelope call) {
            call.fail(new MailboxFullException(owner, capacity, policy));
        }
        return result;
    }

    /**
     * The oldest counted message, which {@code DROP_OLDEST} drops: the oldest the owner keeps in its stash (marked, and
     * skipped by the owner when it meets it), or else the oldest still queued. Null only if nothing counted is left.
     */
    private Envelope removeOldestBounded() {
        Envelope oldestKept = kept.pollFirst();
        if (oldestKept != null) {
            evictedInStash.incrementAndGet(); // counted before the owner can see the mark and uncount it
            oldestKept.evicted = true;
            bounded--;
            return oldestKept;
        }
        for (Iterator<Envelope> it = queue.iterator(); it.hasNext(); ) {
            Envelope e = it.next();
            if (!e.bypassesBound()) {
                it.remove();
                bounded--;
                return e;
            }
        }
        return null;
    }

    private void countDrop() {
        dropped++;
        if (!reportScheduled && !owner.node.timers().isShut()) { // a closed node reports nothing more
            reportScheduled = true;
            try {
                owner.node.timers().schedule(this::reportDrops, 1, TimeUnit.SECONDS);
            } catch (IllegalStateException closedMeanwhile) {
                reportScheduled = false; // the node closed since the look above: nothing is reported any more
            }
        }
    }

    /**
     * Waits, under the lock, until there is room or the mailbox closes (policy BLOCK); {@link #DELIVERED} if the
     * envelope may go in, else what the offer answers: {@link #CLOSED}, {@link #TIMED_OUT} at a call's deadline,
     * {@link #REJECTED} for a plain thread interrupted. A process held here shows as waiting, not running, to the
     * tools (list, top, the observer).
     */
    private int awaitRoom(ProcessImpl sender, long deadline) {
        boolean shown = sender != null && sender.status() == ProcessImpl.RUNNING;
        if (shown) {
            sender.setStatus(ProcessImpl.WAITING);
        }
        try {
            while (bounded >= capacity && !closed) {
                try {
                    Workers.beforeBlock(); // a sender on a worker lets another worker run what is ready
                    if (deadline == Long.MAX_VALUE) {
                        notFull.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            countDrop(); // the caller gives up: CallTimeoutException, nothing queued
                            return TIMED_OUT;
                        }
                        notFull.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (sender != null && sender.isExiting()) {
                        throw sender.unwind(); // the blocked sender was killed
                    }
                    countDrop(); // a plain thread gave up waiting: refused, and counted
                    return REJECTED;
                }
            }
            return closed ? CLOSED : DELIVERED;
        } finally {
            if (shown) {
                sender.setStatus(ProcessImpl.RUNNING);
            }
        }
    }

    /** Reports the drops not reported yet. Runs on the timer thread, and once more when the mailbox closes. */
    void reportDrops() {
        long n;
        lock.lock();
        try {
            n = dropped - reported;
            reported = dropped;
            reportScheduled = false;
        } finally {
            lock.unlock();
        }
        if (n > 0) {
            owner.node.reports().dropped(owner, n, capacity, policy);
        }
    }

    @Override
    Envelope pollQueue() {
        lock.lock();
        try {
            Envelope e = queue.pollFirst();
            if (e != null) {
                lastTaken = e;
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void consumed(Envelope e) {
        if (e.bypassesBound()) {
            return;
        }
        lock.lock();
        try {
            // not in kept: a take from the stash claimed it first (claimStashed), and a take from the queue never was
            bounded--;
            notFull.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock that eviction takes: an envelope is either taken by the owner or evicted, never both. */
    @Override
    boolean claimStashed(Envelope e) {
        if (e.bypassesBound()) {
            return true;
        }
        lock.lock();
        try {
            if (e.evicted) {
                return false;
            }
            kept.remove(e);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    int evictedInStash() {
        return evictedInStash.get();
    }

    @Override
    void evictedLeft() {
        evictedInStash.decrementAndGet();
    }

    @Override
    void stashed(Envelope e) {
        if (e.bypassesBound()) {
            return;
        }
        lock.lock();
        try {
            kept.addLast(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean queueHasMore() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void park(long deadline) {
        lock.lock();
        try {
            if (!queue.isEmpty() || Thread.currentThread().isInterrupted()) {
                return;
            }
            if (deadline == Long.MAX_VALUE) {
                notEmpty.await();
            } else {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    notEmpty.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the owner is being killed; its receive loop unwinds
        } finally {
            lock.unlock();
        }
    }

    @Override
    void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        reportDrops();
    }

    @Override
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    int queueLength() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void forEachQueued(Consumer<Envelope> action) {
        Envelope[] snapshot;
        Envelope taken;
        lock.lock();
        try {
            snapshot = queue.toArray(new Envelope[0]);
            taken = lastTaken;
        } finally {
            lock.unlock();
        }
        if (taken != null) {
            action.accept(taken);
        }
        for (Envelope e : snapshot) {
            action.accept(e);
        }
    }

    @Override
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    Overflow policy() {
        return policy;
    }
}
