package io.loomotp.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The default mailbox: unbounded, lock-free, many producers and one consumer.
 *
 * <h2>Algorithm</h2>
 * Dmitry Vyukov's intrusive non-blocking MPSC linked queue, the one JCTools' {@code MpscLinkedQueue} implements.
 * A producer appends with one atomic exchange of {@link #tail}, then links the previous tail to its node with a
 * release store. The consumer owns {@link #head}, a stub node whose {@code next} is the oldest message; taking a
 * message makes that message's node the new stub. Messages from one producer are appended in the order sent, so
 * per-sender FIFO holds; messages from different producers interleave in exchange order.
 *
 * <h2>Letting go of what was taken</h2>
 * The stub a take leaves behind is linked to itself, as JCTools and {@code ConcurrentLinkedQueue} do with the nodes
 * they remove. Otherwise a taken envelope would still link to every envelope queued after it, and anything that keeps
 * one envelope (a {@code From} a server keeps to reply later, the call timeouts' stub) would keep the whole stream of
 * messages since, without bound: W1 held 554,000 answered calls after 8 million calls, and its collections took
 * 100-170 ms each (ADR 0018's sixth amendment). Even with nothing keeping one, a taken envelope promoted to the old
 * generation keeps its successors through young collections until a mixed one. Walkers that meet a self-link go on
 * from the current stub: everything between was taken meanwhile.
 *
 * <h2>Parking</h2>
 * The consumer parks only when the queue is empty, and a producer unparks it only when it has announced that it parks.
 * It is a Dekker handshake over two volatile fields: the consumer writes {@link #state} = PARKED and then re-reads
 * {@link #tail}; a producer exchanges {@code tail} (a full fence) and then reads {@code state}. Sequential consistency
 * of volatile accesses means at least one of them sees the other's write, so a message can never sit in the queue of
 * a parked consumer that nobody will wake. The producer that wins the CAS of {@code state} from PARKED to RUNNING is the
 * one that unparks; the others do nothing. A send therefore costs one exchange, one release store and one volatile read, and
 * never takes a lock or blocks.
 *
 * <h2>Dormancy</h2>
 * A behaviour loop whose mailbox is empty may let its thread end instead of parking ({@link #goDormant}), with the same
 * handshake and a third state, {@code DORMANT}. The sender that moves it from {@code DORMANT} to {@code RUNNING} learns
 * so from {@link #offer} ({@code WAKE}) and starts the owner's next thread; only one sender can win that CAS, so there
 * is never more than one consumer. An idle server thus costs no thread, stack or continuation: see ADR 0004.
 *
 * <h2>Layout</h2>
 * Senders and the owner run on different carriers, so each cache line the two sides both touch moves between cores
 * on every message. The object is laid out in two parts 64 bytes apart (superclass fields come first, so the parts
 * are classes): the owner's ({@link Mailbox}'s fields, among them its per-message counters, and the queue's
 * head), then {@link MpscMailboxPad}'s padding, then the senders' ({@link #tail}, {@link #state},
 * {@link #closed}). A sender reaches this class through {@code ProcessImpl.mpsc}, a field of the exact type, so that it
 * does not read the class word on the owner's line for a virtual call. W3 ({@code cast-1}), alternating fresh JVMs:
 * medians 13-15M casts/s before, 22-24M after; padding alone, with the counters still written on the process's first
 * line, gained nothing (ADR 0003). It costs each process 72 bytes.
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>Between a producer's exchange and its link, the consumer sees a non-empty queue whose first node is not yet
 *       reachable, and spins for those few instructions. A producer descheduled in that window (a platform thread
 *       preempted by the OS) stalls the consumer until it runs again; virtual threads are not preempted there.
 *   <li>Being unbounded, the queue grows without limit if the consumer falls behind; that is what
 *       {@link BoundedMailbox} is for, and what the large-mailbox monitor watches.
 *   <li>{@link #queueLength()} walks the list: it is for introspection, and is exact only when nothing races it.
 * </ul>
 */
final class MpscMailbox extends MpscMailboxPad {
    private static final VarHandle TAIL;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(MpscMailbox.class, "tail", Envelope.class);
            STATE = l.findVarHandle(MpscMailbox.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The newest node; exchanged by producers. */
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Envelope tail;

    /** {@link #RUNNING}, {@link #PARKED} while the consumer parks (or is about to), {@link #DORMANT} without a thread. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private volatile boolean closed;

    private Thread owner;

    private static final int RUNNING = 0;
    private static final int PARKED = 1;
    private static final int DORMANT = 2;

    MpscMailbox() {
        Envelope stub = new Envelope(Envelope.MESSAGE, null);
        HEAD.set(this, stub);
        TAIL.set(this, stub);
    }

    @Override
    void bindOwner(Thread owner) {
        this.owner = owner;
    }

    @Override
    void wakeOwner() {
        LockSupport.unpark(owner);
    }

    @Override
    boolean wakesOwnerWithoutBlocking() {
        return true;
    }

    @Override
    int offer(Envelope envelope) {
        if (closed) {
            return CLOSED;
        }
        Envelope previous = (Envelope) TAIL.getAndSet(this, envelope);
        previous.nextRelease(envelope);
        int s = (int) STATE.getVolatile(this);
        if (s == PARKED) {
            if (STATE.compareAndSet(this, PARKED, RUNNING)) {
                Ready.woken();
                LockSupport.unpark(owner);
            }
        } else if (s == DORMANT && STATE.compareAndSet(this, DORMANT, RUNNING)) {
            return WAKE; // this sender won the wake-up: it starts the owner's next thread
        }
        return DELIVERED;
    }

    @Override
    Envelope pollQueue() {
        Envelope stub = (Envelope) HEAD.get(this);
        Envelope next = stub.nextAcquire();
        if (next == null) {
            if (TAIL.getVolatile(this) == stub) {
                return null;
            }
            // A producer has exchanged the tail but not linked it yet: it is a few instructions away.
            while ((next = stub.nextAcquire()) == null) {
                Thread.onSpinWait();
            }
        }
        HEAD.setRelease(this, next);
        stub.nextRelease(stub); // taken: link to itself, so that a kept envelope keeps nothing queued after it
        return next;
    }

    @Override
    boolean queueHasMore() {
        return TAIL.getVolatile(this) != HEAD.get(this);
    }

    /**
     * The same handshake as {@link #park}, with a different ending: instead of parking, the owner's thread ends. If a
     * message is there, the owner takes back the running state, unless a sender has claimed it first, in which case
     * that sender is starting the owner's next thread and this one must end all the same.
     */
    @Override
    boolean canGoDormant() {
        return true;
    }

    @Override
    boolean goDormant() {
        STATE.setVolatile(this, DORMANT);
        if (TAIL.getVolatile(this) == HEAD.get(this)) {
            return true;
        }
        return !STATE.compareAndSet(this, DORMANT, RUNNING);
    }

    @Override
    void park(long deadline) {
        STATE.setVolatile(this, PARKED);
        if (TAIL.getVolatile(this) != HEAD.get(this)) {
            running();
            return;
        }
        if (deadline == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
            }
        }
        running();
    }

    /** Back from a park: if a producer moved the state to RUNNING, it counted this owner as woken (see {@link Ready}). */
    private void running() {
        if ((int) STATE.getAndSet(this, RUNNING) == RUNNING) {
            Ready.resumed();
        }
    }

    /** True while the owner has no thread. */
    boolean isDormant() {
        return (int) STATE.getOpaque(this) == DORMANT;
    }

    @Override
    void close() {
        closed = true;
    }

    @Override
    boolean isClosed() {
        return closed;
    }

    @Override
    int queueLength() {
        int n = 0;
        Envelope e = (Envelope) HEAD.getAcquire(this);
        for (Envelope next; (next = e.nextAcquire()) != null; ) {
            if (next == e) { // taken meanwhile: count again from the current stub
                e = (Envelope) HEAD.getAcquire(this);
                n = 0;
                continue;
            }
            n++;
            e = next;
        }
        return n;
    }

    /**
     * Visits the stub (the envelope taken last, which the owner may be handling) and everything after it. Reading the
     * tail after the head closes the race with a producer that has exchanged the tail but not linked yet. An envelope
     * found linked to itself was taken meanwhile: the walk goes on from the current stub, which it has not visited
     * (the stub moved past the one it was at), so nothing is visited twice.
     */
    @Override
    void forEachQueued(Consumer<Envelope> action) {
        Envelope e = (Envelope) HEAD.getAcquire(this);
        action.accept(e);
        for (;;) {
            Envelope next = e.nextAcquire();
            if (next == null) {
                if (TAIL.getVolatile(this) == e) {
                    return;
                }
                while ((next = e.nextAcquire()) == null) {
                    Thread.onSpinWait();
                }
            }
            if (next == e) {
                next = (Envelope) HEAD.getAcquire(this);
            }
            action.accept(next);
            e = next;
        }
    }

    @Override
    long dropped() {
        return 0;
    }
}
