package io.loomotp.runtime.internal;

import io.loomotp.runtime.CallInterruptedException;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.remote.ReplySink;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A call in flight: the request, the caller, and the one-shot slot the reply goes to, in one object.
 *
 * <p>Design. The slot is a single field, {@link #outcome}, that starts as {@link #PENDING} and is set exactly once by
 * a compare-and-set: to the reply (by whoever answers), to a {@link Failure} (by the callee's death, or a refused
 * send), or to {@link #ABANDONED} (by the caller when its timeout runs out). Whoever wins the race decides the
 * outcome; everyone else's attempt is discarded. That is how a late reply is dropped by the runtime rather than
 * landing in the caller's mailbox, and how a callee's death and its reply can race safely.
 *
 * <p>The waiter spins briefly, then parks. A completer unparks the waiter only if it has announced that it parks
 * ({@link #waiterParked}), so that a reply to a caller that is still spinning costs no unpark.
 *
 * <p>The envelope doubles as the {@link From} handed to the handler, so a call allocates one object beyond its
 * request.
 */
public final class CallEnvelope extends Envelope implements From {
    static final Object PENDING = new Object();
    static final Object ABANDONED = new Object();
    static final Object NULL = new Object();

    private static final VarHandle OUTCOME;
    private static final VarHandle WAITER_PARKED;
    private static final VarHandle WATCH_NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OUTCOME = l.findVarHandle(CallEnvelope.class, "outcome", Object.class);
            WAITER_PARKED = l.findVarHandle(CallEnvelope.class, "waiterParked", boolean.class);
            WATCH_NEXT = l.findVarHandle(CallEnvelope.class, "watchNext", CallEnvelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A failed outcome: the exception the caller will see. */
    record Failure(RuntimeException exception) {}

    final Pid caller;
    final ProcessImpl callee;
    private final Thread waiter;
    /** Where the outcome goes when the caller is on another node; null for a local call. */
    private final ReplySink sink;

    @SuppressWarnings("unused") // accessed through OUTCOME
    private volatile Object outcome = PENDING;

    @SuppressWarnings("unused") // accessed through WAITER_PARKED
    private volatile boolean waiterParked;

    /** When a watched wait ends ({@link CallTimeouts}); written before the call is watched. */
    private long deadline;

    /** The next call in {@link CallTimeouts}' queue. */
    @SuppressWarnings("unused") // accessed through WATCH_NEXT
    private CallEnvelope watchNext;

    CallEnvelope(byte kind, Object request, Pid caller, ProcessImpl callee) {
        super(kind, request);
        this.caller = caller;
        this.callee = callee;
        this.waiter = Thread.currentThread();
        this.sink = null;
    }

    /**
     * A call whose outcome goes to {@code sink} and that nobody waits on: from a remote caller (the sink sends it
     * back), or an asynchronous request ({@link Requests.Outcome}: the sink queues it in the caller's mailbox).
     */
    CallEnvelope(byte kind, Object request, Pid caller, ProcessImpl callee, ReplySink sink) {
        super(kind, request);
        this.caller = caller;
        this.callee = callee;
        this.waiter = null;
        this.sink = sink;
    }

    /** Whether the caller is on another node (its outcome goes to a sink that sends it back). */
    boolean fromRemote() {
        return sink != null && !(sink instanceof Requests.Outcome);
    }

    /**
     * Gives up an asynchronous request whose caller stopped waiting ({@link Requests}): true if it was still pending,
     * so that no outcome will ever come; false if it already had one.
     */
    boolean abandon() {
        return OUTCOME.compareAndSet(this, PENDING, ABANDONED);
    }

    /** The stub node of a {@link CallTimeouts} queue: never pending, never answered. */
    static CallEnvelope stub() {
        CallEnvelope c = new CallEnvelope(SYSTEM, "stub", null, null);
        c.outcome = NULL;
        return c;
    }

    CallEnvelope watchNextAcquire() {
        return (CallEnvelope) WATCH_NEXT.getAcquire(this);
    }

    void watchNextRelease(CallEnvelope next) {
        WATCH_NEXT.setRelease(this, next);
    }

    /** The request, as sent. Unlike {@link #message()}, not cleared when the envelope is taken. */
    public Object request() {
        return message;
    }

    @Override
    public Pid pid() {
        return caller;
    }

    @Override
    public boolean isPending() {
        return outcome == PENDING;
    }

    /**
     * {@code gen_server:reply/2} from user code (a deferred reply through {@code From} or {@code ReplyTo}): a send of
     * the process that answers, counted in its messages out, as the loop counts the replies it sends for a handler.
     */
    @Override
    public boolean reply(Object value) {
        if (!answer(value)) {
            return false;
        }
        ProcessImpl replier = ProcessImpl.current();
        if (replier != null) {
            replier.countOut();
        }
        return true;
    }

    /** Answers the call for the runtime (a loop, sys, a start), which counts what it sends itself; see {@link #reply}. */
    public boolean answer(Object value) {
        if (callee.suppressesEffects()) {
            return false; // a killed process's zombie thread answers nothing
        }
        return complete(value == null ? NULL : value);
    }

    /** Fails the call with the exception the caller will see; false if it already had an outcome. */
    boolean fail(RuntimeException exception) {
        return complete(new Failure(exception));
    }

    private boolean complete(Object value) {
        if (!OUTCOME.compareAndSet(this, PENDING, value)) {
            return false;
        }
        if (sink != null) {
            toSink(value);
        }
        if ((boolean) WAITER_PARKED.getVolatile(this) && WAITER_PARKED.compareAndSet(this, true, false)) {
            Ready.woken(); // the waiter lowers it: it finds the flag already cleared
            LockSupport.unpark(waiter);
        }
        callee.callCompleted(this);
        return true;
    }

    /**
     * Waits for the outcome until the deadline. Returns the reply ({@link #NULL} stands for null), a {@link Failure},
     * or {@link #ABANDONED} if the deadline passed first; in that last case no later reply is ever seen.
     *
     * @param timeout how long to wait; measured from when the waiter parks, after its spin (a few microseconds at most),
     *     so that a reply caught by the spin costs no clock read
     * @param spin the waiting process's adaptive spin, or null for a thread that is not a process
     */
    Object await(java.time.Duration timeout, Spin spin) {
        Object o;
        // a zero timeout takes a reply already there and waits for none, as Erlang's "after 0": no spin either
        int limit = timeout.isZero() ? 0 : spin == null ? THREAD_SPINS : spin.limit();
        // Unlike a receive's spin, this one does not stop when a woken process waits (Ready): with 100 callers of one
        // server (W2) some caller is nearly always woken, and callers that never spun ran at 0.62x (ADR 0018).
        for (int i = 0; i < limit; i++) {
            if ((o = outcome) != PENDING) {
                if (spin != null) {
                    spin.hit();
                }
                return o;
            }
            Thread.onSpinWait();
        }
        if (spin != null && limit > 0) {
            spin.missed();
        }
        long parkedSince = callee.node().nanoTime();
        long deadline = Calls.deadlineFrom(parkedSince, timeout);
        CallTimeouts watcher = deadline != Long.MAX_VALUE && deadline - parkedSince >= CallTimeouts.WATCHED_FROM
                && callee.node().manualTime() == null ? callee.node().callTimeouts() : null;
        if (watcher != null) {
            this.deadline = deadline;
            watcher.watch(this);
        }
        WAITER_PARKED.setVolatile(this, true);
        Workers.beforeBlock(); // a worker that waits for a reply lets another worker take what is ready
        try {
            return parkUntilDone(deadline, watcher != null);
        } finally {
            if (!(boolean) WAITER_PARKED.getAndSet(this, false)) {
                Ready.resumed(); // the completer cleared it, and counted this waiter as woken
            }
        }
    }

    private Object parkUntilDone(long deadline, boolean watched) {
        Object o;
        while ((o = outcome) == PENDING) {
            if (deadline == Long.MAX_VALUE || watched) {
                LockSupport.park(this);
            } else {
                long left = deadline - callee.node().nanoTime();
                if (left <= 0) {
                    return OUTCOME.compareAndSet(this, PENDING, ABANDONED) ? ABANDONED : outcome;
                }
                if (callee.node().manualTime() == null) {
                    LockSupport.parkNanos(this, left);
                } else {
                    callee.node().manualTime().parkNanos(this, left);
                }
            }
            ProcessImpl self = ProcessImpl.current();
            if (self != null) {
                if (self.isExiting()) {
                    OUTCOME.compareAndSet(this, PENDING, ABANDONED);
                    throw self.unwind();
                }
                if (Thread.currentThread().isInterrupted()) {
                    Thread.interrupted(); // not ours: see ProcessImpl.receive; cleared so that park blocks again
                }
            } else if (Thread.currentThread().isInterrupted()) {
                if (OUTCOME.compareAndSet(this, PENDING, ABANDONED)) {
                    throw new CallInterruptedException(callee, message);
                }
            }
        }
        return o;
    }

    private void toSink(Object value) {
        if (value instanceof Failure(RuntimeException e)) {
            sink.fail(e instanceof ProcessExitException pe ? pe.reason() : null, e);
        } else {
            sink.reply(value == NULL ? null : value);
        }
    }

    long deadline() {
        return deadline;
    }

    /** Gives up the call for its waiter, whose watched deadline passed, and wakes it. Any thread. */
    void expire() {
        if (OUTCOME.compareAndSet(this, PENDING, ABANDONED)) {
            LockSupport.unpark(waiter);
        }
    }

    /** How long a thread that is not a process spins for a reply before it parks. */
    private static final int THREAD_SPINS = 256;

    @Override
    public String toString() {
        return "call " + message + " from " + caller;
    }
}
