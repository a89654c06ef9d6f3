package io.loomotp.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker of {@link Workers}: a long-lived virtual thread that runs ready processes' turns one after another.
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>The worker's own thread alone runs turns, and alone writes {@link #turnMessages} and {@link #turnYielded}
 *       (read by {@link ProcessImpl#receive} on the same thread).
 *   <li>{@link #next} is put by the owner and taken by the owner or by {@link #retire()} from any thread: both take it
 *       with one exchange, so a process in it is run exactly once.
 *   <li>{@link #running} is the process whose turn runs now. A killer interrupts this thread only after it exchanged
 *       {@code running} from that process to {@link #INTERRUPTING}, and puts it back after; the owner ends a turn
 *       with an exchange from the process to null (waiting out an interrupt in flight) and then clears its interrupt
 *       status. So an interrupt meant for one process never reaches the next one's turn.
 *   <li>{@link #retired} goes from false to true once, from the owner ({@code beforeBlock}, or a surplus worker that
 *       found no work and ends) or the watchdog.
 *   <li>A hand-off worker ({@link #forHandOff}) is a role, not a thread of the pool: a caller's thread runs one turn
 *       under it ({@link HandOff}). It has no next slot, never retires (its caller's worker does, if there is one),
 *       and is not watched.
 * </ul>
 */
final class Worker {
    private static final VarHandle NEXT;
    private static final VarHandle RUNNING;
    private static final VarHandle RETIRED;
    private static final Object INTERRUPTING = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(Worker.class, "next", ProcessImpl.class);
            RUNNING = l.findVarHandle(Worker.class, "running", Object.class);
            RETIRED = l.findVarHandle(Worker.class, "retired", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through NEXT
    private volatile ProcessImpl next;
    @SuppressWarnings("unused") // accessed through RUNNING
    private volatile Object running;
    @SuppressWarnings("unused") // accessed through RETIRED
    private volatile boolean retired;
    /** Turns begun; read by the watchdog to see whether this worker made progress. */
    private volatile long turns;
    /** The watchdog's last reading of {@link #turns}; written by the watchdog only. */
    private long turnsSeen = -1;

    /** Messages the current turn's process took since its turn began or it last found nobody else ready; owner only. */
    int turnMessages;
    /** Set by the current turn's process when it yielded rather than went dormant; owner only. */
    boolean turnYielded;

    private Thread thread;
    /** A caller's thread, lent for one turn ({@link HandOff}); not one of {@link Workers}'s. */
    private final boolean handOff;
    /** For a lent thread: the worker role its caller's turn runs under, if it runs on one; else null. */
    private final Worker enclosing;

    /** Whether this worker ends as soon as it finds no work ({@link Workers}'s surplus workers). */
    private final boolean surplus;

    Worker(boolean surplus) {
        this.handOff = false;
        this.enclosing = null;
        this.surplus = surplus;
    }

    private Worker(Thread lent, Worker enclosing) {
        this.handOff = true;
        this.thread = lent;
        this.enclosing = enclosing;
        this.surplus = false;
    }

    boolean surplus() {
        return surplus;
    }

    /**
     * A worker role for one turn on a caller's thread, lent to the process its call woke ({@link HandOff}).
     *
     * @param enclosing the role the caller runs under, if it is a behaviour on a worker (or on a lent thread itself)
     */
    static Worker forHandOff(Thread lent, Worker enclosing) {
        return new Worker(lent, enclosing);
    }

    /** Whether this is a caller's thread lent for one turn. */
    boolean handOff() {
        return handOff;
    }

    /** Runs one turn of {@code p} on the lent thread, as this worker. Hand-off workers only. */
    void runTurn(ProcessImpl p) {
        ThreadRole.runAsWorker(this, () -> turn(p));
    }

    void start() {
        thread = Thread.ofVirtual().name("loomotp-worker").unstarted(() -> ThreadRole.runAsWorker(this, this::loop));
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    boolean retired() {
        return retired;
    }

    boolean hasNext() {
        return next != null;
    }

    /** Puts a process to run after the current turn; false if the slot is taken. Owner only. */
    boolean offerNext(ProcessImpl p) {
        return !handOff && NEXT.compareAndSet(this, null, p); // a lent thread goes back to its caller after one turn
    }

    private void loop() {
        long n = 0;
        while (!retired) {
            ProcessImpl p = null;
            if (++n % Workers.GLOBAL_EVERY == 0) {
                p = Workers.GLOBAL.poll();
            }
            if (p == null) {
                p = (ProcessImpl) NEXT.getAndSet(this, null);
            }
            if (p == null) {
                p = Workers.GLOBAL.poll();
            }
            if (p == null && surplus) {
                // No work: a surplus worker ends (after the next slot's last look below). A process submitted from
                // here on goes to the global queue, which the other workers take.
                if (RETIRED.compareAndSet(this, false, true)) {
                    Workers.ended(this);
                }
                break;
            }
            if (p == null) {
                try {
                    p = Workers.GLOBAL.take();
                } catch (InterruptedException e) {
                    continue; // an interrupt meant for a turn that had ended; see the class comment
                }
            }
            turn(p);
        }
        // Retired, or a surplus worker that ended: a submit that read this worker as current just before may have put
        // a process in the next slot after it was emptied. Only this thread offers there, and only during a turn, so
        // this last look, after the last turn, finds it.
        ProcessImpl left = (ProcessImpl) NEXT.getAndSet(this, null);
        if (left != null) {
            Workers.GLOBAL.offer(left);
        }
    }

    /** Runs one turn of a process: until it goes dormant, yields, or ends. */
    private void turn(ProcessImpl p) {
        turnMessages = 0;
        turnYielded = false;
        turns++;
        p.boundTo(this, thread);
        RUNNING.setVolatile(this, p);
        try {
            p.run();
        } catch (Throwable t) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
        }
        while (!RUNNING.compareAndSet(this, p, null)) {
            Thread.onSpinWait(); // a killer is interrupting this turn: wait until it is done, then clear it
        }
        Thread.interrupted();
        if (turnYielded) {
            turnYielded = false;
            Workers.GLOBAL.offer(p); // behind every process that was ready before it
        }
    }

    /**
     * Interrupts this worker's thread if, and only if, it is running a turn of {@code p}: how a kill reaches a handler
     * blocked in user code. True if it did.
     */
    boolean interrupt(ProcessImpl p) {
        if (running != p || !RUNNING.compareAndSet(this, p, INTERRUPTING)) {
            return false;
        }
        try {
            thread.interrupt();
        } finally {
            RUNNING.setVolatile(this, p);
        }
        return true;
    }

    /**
     * Stops being a worker: the next slot goes to the global queue and a new worker takes this one's place. The thread
     * finishes its current turn as that process's own thread, then ends. Any thread; once.
     */
    void retire() {
        if (handOff) {
            // A lent thread's turn blocks its caller, who waits for this turn anyway; staying a worker keeps the turn's
            // loop from parking at its top on the caller's thread (it goes dormant instead). If the caller runs on a
            // worker, that worker is blocked too: it retires, as it would for its own wait.
            if (enclosing != null) {
                enclosing.retire();
            }
            return;
        }
        if (!RETIRED.compareAndSet(this, false, true)) {
            return;
        }
        ProcessImpl p = (ProcessImpl) NEXT.getAndSet(this, null);
        if (p != null) {
            Workers.GLOBAL.offer(p);
        }
        Workers.replace(this);
    }

    /** {@link #look}: no turn runs and none has run since the last look. */
    static final int QUIET = 0;
    /** {@link #look}: a turn runs or has run since the last look, and it is not the turn the last look saw. */
    static final int BUSY = 1;
    /** {@link #look}: a turn is running and it is the same turn as at the last look. */
    static final int STUCK = 2;

    /** For the watchdog: {@link #QUIET}, {@link #BUSY} or {@link #STUCK} since its last look. Watchdog only. */
    int look() {
        long t = turns;
        boolean runs = running != null;
        int state = runs && t == turnsSeen ? STUCK : runs || t != turnsSeen ? BUSY : QUIET;
        turnsSeen = t;
        return state;
    }
}
