package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MailboxFullException;
import io.loomotp.runtime.MailboxSpec;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.ProcessExitException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import io.loomotp.runtime.MonitorRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A process: its pid, mailbox, signal state and virtual thread. The object is the {@link Pid} itself, so that a send
 * needs no lookup.
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>The process's own thread runs the body, consumes the mailbox, and alone writes the counters and the status.
 *   <li>Any thread may send to it, signal it, or read its introspection fields (racily: they are estimates).
 *   <li>Links, monitors, the registered name and the exit reason are guarded by this object's monitor
 *       ({@code synchronized (this)}); see {@link Signals} for the rules that keep those locks ordered.
 * </ul>
 *
 * <h2>Death on the JVM</h2>
 * A virtual thread cannot be destroyed from outside. When a signal kills a process, the killer marks it dead at once
 * (its {@link #exitReason} is set), fires its links and monitors, fails its pending calls, closes its mailbox and
 * interrupts its thread. That thread is then a <em>zombie</em>: it keeps running user code until it next blocks in
 * the runtime (a receive, a call, a send to a full mailbox), where it unwinds; and everything it tries meanwhile
 * that others could observe — sends, replies, registering, linking — is suppressed ({@link #suppressesEffects()}).
 * A handler that spins without ever blocking keeps its carrier thread busy until it returns; the long-handler monitor
 * exists to make that visible.
 *
 * <h2>Why one class of this size (about 1,090 lines)</h2>
 * The receive path (park, dormancy, the timed wait, the worker's yield) and the fields it reads on every message are
 * one unit on the hot path: splitting them across classes adds an indirection or a second object per process, which W1,
 * W3 and W4 measure (ADR 0018 records one such attempt: the message counters in an object of their own cost 15 bytes a
 * process for no measured gain; the owner's per-message counters now sit in the mailbox's owner part, which W3 did
 * measure, ADR 0003's amendment of 2026-12-06). The mailbox hand-off, the dormant/parked/spinning wake-up, the binding
 * of a turn to a worker ({@link Workers}) and the signal state share one set of volatile fields ({@code thread}, {@code
 * worker}, the mailbox state, {@code exitReason}) whose ordering the concurrency comments reason about: a killer reads
 * {@code thread} then {@code worker}, a worker writes them in the other order, and dormancy lets go of {@code thread}
 * before the mailbox's exchange. Split across classes, that reasoning would cross files on the hottest path. What does
 * not share those fields already lives apart: signals, calls, starts and remote ties ({@link Signals}, {@code Calls},
 * {@code Starts}, {@code RemoteSignals}), the worker pool (queues, retirement, the watchdog), the spins ({@link Spin}:
 * how long a receive, a call and a worker spin, and when they stop), a call's hand-off to the server it wakes ({@link
 * HandOff}) and what a thread is to the runtime ({@link ThreadRole}). The next cut is the rest of the receive path into
 * a class of its own, with the fields it reads passed in.
 */
public final class ProcessImpl implements Pid, Runnable {

    /** Status values, as {@code process_info(status)}. */
    public static final int RUNNING = 0;
    public static final int WAITING = 1;
    public static final int SUSPENDED = 2;
    public static final int EXITING = 3;

    private static final VarHandle STATUS;
    private static final VarHandle INIT_INLINE;
    /** {@link #initInline} while a killer interrupts the starter's thread: the starter waits before it goes on. */
    private static final Thread INIT_INTERRUPTING = Thread.ofVirtual().unstarted(() -> { });
    /** {@link #initInline} once a killer has interrupted the starter's thread: the starter clears the interrupt. */
    private static final Thread INIT_INTERRUPTED = Thread.ofVirtual().unstarted(() -> { });

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(ProcessImpl.class, "status", int.class);
            INIT_INLINE = MethodHandles.lookup().findVarHandle(ProcessImpl.class, "initInline", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final NodeRuntime node;
    private final long serial;
    final Mailbox mailbox;
    /** The same mailbox when it is the default one, else null: see {@link #bounded}. */
    private final MpscMailbox mpsc;
    final ProcessImpl parent;
    private Object initialCall;
    private ProcessBody body;
    volatile Thread thread;
    /**
     * The worker whose thread runs this process's turns, or ran its last one; null while the process has a thread of
     * its own. Written before {@link #thread} when a turn is bound, so that a killer that reads {@code thread} first
     * and then this field knows whether to interrupt through the worker ({@link #interruptOwner()}).
     */
    private volatile Worker worker;

    private volatile boolean trapExits;
    volatile ExitReason exitReason;
    /**
     * Set while this process lends its thread to the turn of a behaviour its call woke ({@link HandOff}): a killer then
     * does not interrupt the thread, which runs the other process's handler; this one unwinds after the turn.
     */
    volatile boolean lendingThread;
    @SuppressWarnings("unused") // accessed through STATUS
    private int status;

    // guarded by this; see Signals
    String registeredName;
    Object links;
    HashMap<MonitorRef, ProcessImpl> monitors;
    HashMap<MonitorRef, ProcessImpl> monitoredBy;
    private Set<CallEnvelope> deferredCalls;
    /** Links and monitors that reach other nodes; null until this process touches a remote pid. */
    RemoteTies remote;
    /** The armed timers whose target this process is ({@link ProcessTimer}); its death cancels them. */
    Set<ProcessTimer> timers;

    // written by the owner only; read racily by introspection
    private final Spin receiveSpin = new Spin(Spin.INITIAL);
    /** Whether this behaviour's last wait for a message was short; a fresh one has none and may go dormant at once. */
    private boolean recentIdleShort;
    /**
     * See {@link #receiveParkCount()}; read by the node's receive-timeout sweep. A short, to fit the padding beside the
     * booleans (W4's bytes per process): a count that wraps can at worst make a stale watch wake a park once, which a
     * park absorbs as a spurious wake-up.
     */
    private volatile short receiveParks;
    /** When this process last went dormant, to measure how long the wait was once a sender wakes it. */
    private long idleSince;
    /**
     * Whether the message this behaviour took last on a worker was a call from another node: its caller waits for the
     * reply a network round trip away, so the worker does not spin for its next request
     * (docs/adr/0024-remote-calls-on-workers.md).
     */
    private boolean tookRemoteCall;
    private final Spin callSpin = new Spin(Spin.INITIAL);
    long messagesOut;
    long handlerNanos;
    private volatile CallEnvelope currentCall;

    /** The behaviour loop this process runs, if any: for sys and introspection. */
    private volatile BehaviourInfo behaviour;
    /** Set when the behaviour has already reported this process's crash, so that it is not reported twice. */
    boolean crashReported;
    /**
     * The starter's thread while this process's init runs inline on it ({@link #beginInlineInit}), else null: a kill
     * then wakes that thread's receive, and interrupts a blocking call of init's (a sleep, a socket read), as it would
     * on a thread of the process's own, but never the starter once init is over (see {@link #interruptInlineInit}).
     */
    private volatile Thread initInline;

    ProcessImpl(NodeRuntime node, long serial, ProcessImpl parent, ProcessBody body, MailboxSpec mailboxSpec) {
        this.node = node;
        this.serial = serial;
        this.parent = parent;
        this.body = body;
        this.initialCall = body == null ? "system" : body.getClass();
        this.mailbox = mailboxSpec.isBounded()
                ? new BoundedMailbox(this, mailboxSpec.capacity(), mailboxSpec.overflow())
                : new MpscMailbox();
        this.mpsc = mailbox instanceof MpscMailbox m ? m : null;
    }

    /** The process whose thread is calling, or null for a thread that is not a process. */
    public static ProcessImpl current() {
        ThreadRole r = ThreadRole.current();
        return r == null ? null : r.process;
    }

    /** The calling process; throws a precise error for a thread that is not a process. */
    public static ProcessImpl currentOrThrow(String operation) {
        ProcessImpl p = current();
        if (p == null) {
            throw new IllegalStateException(operation + " must be called from a process, not from thread "
                    + Thread.currentThread() + harnessNote());
        }
        return p;
    }

    /**
     * What to add to an error on a thread that is no process when it runs a handler for the test kit's synchronous
     * harness: such a handler has no process, and the harness records sends and calls but nothing that needs one.
     */
    public static String harnessNote() {
        return io.loomotp.runtime.inline.Inline.current() == null ? ""
                : "; this handler runs in a test kit's harness (ServerHarness, StateMachineHarness), which has no "
                        + "process: links, monitors, exit signals, trapping exits and timers need one, so test such a "
                        + "handler on a node (docs/testing.md)";
    }

    /** The process behind a pid, checking that the pid came from this runtime. */
    public static ProcessImpl of(Pid pid) {
        if (pid instanceof ProcessImpl p) {
            return p;
        }
        throw notLocal(pid);
    }

    /** The error for a pid that is not a local process: null, remote (for a local-only operation), or foreign. */
    public static RuntimeException notLocal(Pid pid) {
        if (pid == null) {
            return new NullPointerException("pid must not be null");
        }
        if (pid instanceof io.loomotp.runtime.remote.RemotePid r) {
            return new IllegalArgumentException(pid + " is a process of node " + r.node().name()
                    + ": this operation works on local pids only (a remote process can be sent to, monitored, linked "
                    + "or called; a timer's message goes to a local process that forwards it)");
        }
        if (pid.getClass().getName().startsWith("io.loomotp.testkit.")) {
            return new IllegalArgumentException(pid + " is a test kit harness's stand-in pid, which names no process"
                    + harnessNote());
        }
        return new IllegalArgumentException("not a pid made by the Loom OTP runtime: " + pid.getClass().getName());
    }

    @Override
    public int nodeId() {
        return node.id();
    }

    @Override
    public long serial() {
        return serial;
    }

    public NodeRuntime node() {
        return node;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Life cycle

    void bindBody(ProcessBody b) {
        body = b;
        initialCall = b.getClass();
    }

    void start(Thread t) {
        worker = null;
        thread = t;
        mailbox.bindOwner(t);
        t.start();
    }

    /** The thread body: runs the process, then its death. Only the process's own thread may call it. */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a process runs only on its own thread");
        }
        ExitReason reason;
        if (status() == WAITING) {
            setStatus(RUNNING); // woken from dormancy
        }
        try {
            if (exitReason == null) {
                if (ThreadRole.callAs(this, this::runBody) == WENT_DORMANT) {
                    return; // the thread ends, the process lives on: a sender starts its next thread
                }
            }
            reason = ExitReason.NORMAL;
        } catch (ExitUnwind unwind) {
            reason = unwind.reason;
        } catch (Throwable t) {
            reason = ExitReason.crash(t);
        }
        ExitReason ended = reason;
        // the report before the signals: whoever is told of the death (a test's monitor) finds the report written
        Signals.exit(this, reason, ended instanceof ExitReason.Crash && !crashReported
                ? () -> node.reports().processError(this, ended) : null);
        finish();
    }

    /** Marks init as running inline on the calling (starter's) thread; {@link #endInlineInit} after it. */
    void beginInlineInit() {
        initInline = Thread.currentThread();
    }

    /**
     * Interrupts the starter's thread if, and only if, it still runs this process's init (a kill; once): the
     * protocol of {@link Worker#interrupt}, so that the interrupt cannot reach the starter after init is over.
     */
    private void interruptInlineInit() {
        Thread starter = initInline;
        if (starter == null || starter == INIT_INTERRUPTING || starter == INIT_INTERRUPTED
                || starter == Thread.currentThread() || !INIT_INLINE.compareAndSet(this, starter, INIT_INTERRUPTING)) {
            return;
        }
        try {
            starter.interrupt();
        } finally {
            INIT_INLINE.setVolatile(this, INIT_INTERRUPTED);
        }
    }

    /**
     * Ends the inline init on the starter's thread: waits out a killer interrupting it, and clears the interrupt a
     * kill left, which was this process's, not the starter's.
     */
    void endInlineInit() {
        for (;;) {
            Thread v = initInline;
            if (v == INIT_INTERRUPTING) {
                Thread.onSpinWait();
            } else if (INIT_INLINE.compareAndSet(this, v, null)) {
                if (v == INIT_INTERRUPTED) {
                    Thread.interrupted();
                }
                return;
            }
        }
    }

    /** Binds the next turn of this process to a worker's thread; called by that worker, before {@link #run()}. */
    void boundTo(Worker w, Thread t) {
        worker = w;
        thread = t;
        mailbox.bindOwner(t);
    }

    /**
     * Interrupts the thread running this process, so that a handler blocked in user code sees its death (called once,
     * by the killer). A worker's thread is interrupted only while it runs this process ({@link Worker#interrupt}); a
     * process between two workers' turns is not interrupted at all: its next turn finds it dead at its first receive.
     */
    void interruptOwner() {
        Thread t = thread;
        if (t == null) {
            if (initInline != null) {
                mailbox.wakeOwner(); // its init, on its starter's thread, parked in a receive
                interruptInlineInit();
            }
            return;
        }
        if (t == Thread.currentThread()) {
            return;
        }
        if (lendingThread) {
            return; // it runs another process's turn; it unwinds after that turn (HandOff)
        }
        Worker w = worker;
        if (w == null) {
            t.interrupt();
        } else if (t == w.thread()) {
            w.interrupt(this);
        }
    }

    /**
     * Waits until this dead process's thread has let go of it, up to {@code nanos}: for a thread of its own, until it
     * ends; for a worker's, until the turn that ran it is over. True if it did.
     */
    boolean awaitLetGo(Thread t, long nanos) throws InterruptedException {
        Worker w = worker;
        if (w == null || t != w.thread()) {
            t.join(java.time.Duration.ofNanos(Math.max(1, nanos)));
            return !t.isAlive();
        }
        long deadline = System.nanoTime() + nanos;
        synchronized (this) {
            for (long left = nanos; thread == t && left > 0; left = deadline - System.nanoTime()) {
                // a turn that ends by going dormant does not notify: look again every millisecond
                wait(1);
            }
            return thread != t;
        }
    }

    private static final Object WENT_DORMANT = new Object();

    /**
     * Runs the body. A plain body runs once, and returning ends the process. A behaviour's loop is run by each thread
     * the process gets, and returns only when the process went dormant (every way it stops throws), so its return
     * says so: a thread-confined answer, since the next thread may already be running.
     */
    private Object runBody() throws Exception {
        ProcessBody b = body;
        if (b instanceof ServerLoop<?>) {
            if (idleSince != 0) {
                recentIdleShort = System.nanoTime() - idleSince < SHORT_IDLE_NANOS;
                idleSince = 0;
            }
            b.run();
            return WENT_DORMANT;
        }
        body = null;
        b.run();
        return null;
    }

    /** The owner's last act: fails the calls it never answered and lets go of everything it held. */
    private void finish() {
        ExitReason reason = exitReason;
        ProcessExitException failure = null;
        // The call being handled is reachable by the killer's walk (failCalls) only as the envelope taken last: the
        // polls below move past it, and a walk that meets a taken envelope goes on from the current one. So it is
        // failed here first (a call answered already is left as it is): a handler waiting in a call of its own when
        // its server was killed, with other mail queued, lost its caller's call this way (a new user's finding).
        if (mailbox.lastTakenByOwner instanceof CallEnvelope handled) {
            handled.fail(failure = new ProcessExitException(this, reason));
        }
        for (Envelope e; (e = mailbox.poll()) != null; ) {
            if (e instanceof CallEnvelope call) {
                call.fail(failure == null ? failure = new ProcessExitException(this, reason) : failure);
            }
        }
        mailbox.trim();
        behaviour = null;
        synchronized (this) {
            thread = null;
            notifyAll(); // NodeRuntime.close may wait for a worker's turn of this process to end
        }
    }

    /** True once this process is dead: its thread, if still running, is a zombie. */
    public boolean isExiting() {
        return exitReason != null;
    }

    /** True when this process is dead, so that what its zombie thread tries must have no effect. */
    public boolean suppressesEffects() {
        return exitReason != null;
    }

    /** The throwable that unwinds a zombie thread out of user code. */
    public ExitUnwind unwind() {
        return new ExitUnwind(exitReason == null ? ExitReason.KILLED : exitReason, true);
    }

    public ExitReason exitReason() {
        return exitReason;
    }

    public boolean isAlive() {
        return exitReason == null && node != null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Messages

    /**
     * Delivers an envelope. Drops it silently if this process is dead;
     * throws {@link MailboxFullException} if a bounded mailbox refused it.
     */
    public void deliver(Envelope envelope) {
        MpscMailbox m = mpsc;
        delivered(envelope, m != null ? m.offer(envelope) : mailbox.offer(envelope));
    }

    /**
     * Whether this process has a bounded mailbox. Senders ask this, and go to the default mailbox through
     * {@link #mpsc}, a field of its exact type: a null test, where {@code instanceof} or a virtual call would read the
     * mailbox's class word, on the line its owner writes on every message (MpscMailbox, "Layout").
     */
    boolean bounded() {
        return mpsc == null;
    }

    /** Delivers a timer's message: as {@link #deliver}, but never waits for room (BoundedMailbox.offerFromTimer). */
    public void deliverFromTimer(Envelope envelope) {
        MpscMailbox m = mpsc;
        delivered(envelope, m != null ? m.offer(envelope) : ((BoundedMailbox) mailbox).offerFromTimer(envelope));
    }

    /**
     * Delivers a call from {@code caller} (null for a thread that is not a process); if that woke this dormant
     * behaviour and {@link HandOff} allows, runs its turn on the caller's thread. Returns how long that turn took, in
     * nanoseconds, or -1 if none ran here.
     */
    long deliverCall(CallEnvelope call, ProcessImpl caller, java.time.Duration timeout) {
        MpscMailbox m = mpsc;
        int result = m != null ? m.offer(call) : ((BoundedMailbox) mailbox).offer(call, blockDeadline(timeout));
        if (result == Mailbox.TIMED_OUT) {
            throw new io.loomotp.runtime.CallTimeoutException(this, call.request(), timeout);
        }
        if (result == Mailbox.WAKE && HandOff.mayRun(this, caller, timeout)) {
            long took = HandOff.run(this, caller);
            if (took < 0) {
                wake();
            }
            return took;
        }
        delivered(call, result);
        return -1;
    }

    /** The {@code System.nanoTime()} until which a call waits for room in a full BLOCK mailbox. */
    private static long blockDeadline(java.time.Duration timeout) {
        if (timeout == null || timeout.compareTo(io.loomotp.runtime.Timeouts.INFINITY) >= 0) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long d;
        try {
            d = Math.addExact(now, timeout.toNanos());
        } catch (ArithmeticException tooFar) {
            return Long.MAX_VALUE - 1; // saturated, and never "no deadline"
        }
        return d == Long.MAX_VALUE ? d - 1 : d;
    }

    private void delivered(Envelope envelope, int result) {
        if (result == Mailbox.DELIVERED || result == Mailbox.CLOSED) {
            return;
        }
        if (result == Mailbox.WAKE) {
            wake();
            return;
        }
        BoundedMailbox bounded = (BoundedMailbox) mailbox;
        MailboxFullException full = result == Mailbox.OWN_FULL
                ? new MailboxFullException(this, bounded.capacity(), bounded.policy(), "a process cannot wait for "
                        + "room in its own mailbox, which only it empties; it would wait for ever. Handle the "
                        + "message directly, or give the mailbox room for what the process sends itself")
                : new MailboxFullException(this, bounded.capacity(), bounded.policy());
        if (envelope instanceof CallEnvelope call) {
            call.fail(full);
        }
        if (result == Mailbox.REJECTED || result == Mailbox.OWN_FULL) {
            throw full;
        }
    }

    /** Whether a send to this process may block its sender: a bounded mailbox with the {@code BLOCK} policy. */
    public boolean mayBlockSenders() {
        return mpsc == null && ((BoundedMailbox) mailbox).policy() == io.loomotp.Overflow.BLOCK;
    }

    /** Queues a message the runtime made from a signal; never refused. */
    void deliverSignal(Object message) {
        Envelope e = new Envelope(Envelope.SIGNAL, message);
        MpscMailbox m = mpsc;
        if ((m != null ? m.offer(e) : mailbox.offer(e)) == Mailbox.WAKE) {
            wake();
        }
    }

    /**
     * Starts the next thread of a dormant process, on the thread of the sender that woke it. Only the sender that won
     * the mailbox's DORMANT-to-RUNNING exchange calls this, so there is never more than one.
     */
    private void wake() {
        if (Workers.ENABLED) {
            Workers.submit(this);
        } else {
            startOwnThread();
        }
    }

    private void startOwnThread() {
        Thread t = Thread.ofVirtual().unstarted(this);
        worker = null;
        thread = t;
        mailbox.bindOwner(t);
        t.start();
    }

    /**
     * After a behaviour's init ran inline on its starter's thread: makes the process dormant, or starts its first
     * thread if it needs one (a timeout is pending), messages arrived meanwhile, or its mailbox cannot be dormant.
     * Called by the starter, once.
     */
    public void settleAfterInlineInit(boolean needsThread) {
        if (needsThread || !mailbox.canGoDormant()) {
            startOwnThread(); // it would park at its loop's top, which a worker must not
        } else if (mailbox.hasStash() || !goDormant()) {
            wake();
        }
    }

    /**
     * Lets this process's thread end while it waits, if its mailbox allows it and nothing waits in it; the thread must
     * then return at once. A sender starts the next thread. Owner only.
     *
     * @return true if the process is now dormant
     */
    public boolean goDormant() {
        if (mailbox.hasStash()) {
            return false;
        }
        // WAITING first: once dormant, a sender may start the next thread at once, which sets RUNNING again
        boolean running = status() == RUNNING;
        if (running) {
            setStatus(WAITING);
        }
        // Let go of the worker's thread first: once dormant, the next turn may be bound to another worker at once.
        Thread t = thread;
        if (worker != null) {
            thread = null;
        }
        if (mailbox.goDormant()) {
            return true;
        }
        thread = t;
        if (running) {
            setStatus(RUNNING);
        }
        return false;
    }

    /**
     * Waits for the first envelope that matches, until the deadline. Owner only. The caller counts what it takes
     * ({@link #countIn()}).
     *
     * @param match the envelopes to take, or null for any
     * @param deadline a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} for none
     * @return the envelope, or null if the deadline passed first
     */
    public Envelope receive(Predicate<? super Envelope> match, long deadline) {
        if (mailbox.lastTakenByOwner instanceof CallEnvelope handled && handled.isPending()) {
            pinCall(handled);
        }
        return receive(match, deadline, false);
    }

    /**
     * A handler that receives while it handles a call: the call leaves the places where a death looks for calls
     * owed ({@link Mailbox#forEachPending} sees only the envelope taken last), so it is made the current call first,
     * and this process's death fails it, as gen's monitor fails a caller whatever the server did meanwhile. Owner only.
     */
    private void pinCall(CallEnvelope handled) {
        CallEnvelope current = currentCall;
        if (current == handled || (current != null && current.isPending())) {
            return; // pinned already, or a start's or stop's slot is current: the loop's own calls keep theirs
        }
        currentCall = handled;
        if (exitReason != null) { // died meanwhile: its failCalls may have looked before the write
            handled.fail(new ProcessExitException(this, exitReason));
        }
    }

    /**
     * A behaviour idle for less than this between messages parks rather than go dormant: its next message is likely
     * soon, and unparking a thread costs less than starting one (ADR 0004).
     */
    static final long SHORT_IDLE_NANOS = Long.getLong("loomotp.shortIdleNanos", 1_000_000);

    /** Returned by {@link #receive(Predicate, long, boolean)} when the process went dormant instead of parking. */
    public static final Envelope DORMANT = new Envelope(Envelope.MESSAGE, "dormant");

    /**
     * Returned by {@link #receive(Predicate, long, boolean)} when the process has had its batch of messages on a worker
     * and other processes are ready: it keeps its messages and its running state, and its worker runs it again after
     * them. The caller must then return to {@link #run()} at once, as for {@link #DORMANT}.
     */
    public static final Envelope YIELD = new Envelope(Envelope.MESSAGE, "yield");

    /**
     * Waits as {@link #receive(Predicate, long)} does; with {@code mayGoDormant}, a wait without a deadline lets the
     * thread end instead of parking, and returns {@link #DORMANT}: the caller must then return to {@link #run()} at
     * once. Owner only.
     */
    public Envelope receive(Predicate<? super Envelope> match, long deadline, boolean mayGoDormant) {
        Mailbox box = mailbox;
        boolean spun = false;
        boolean stashTried = false; // match has been tried on every stashed message: later looks take only new ones
        boolean parkedTimed = false; // parked on the JDK's timed park, whose wake is not ordered with the node's timers
        boolean timersAwaited = false;
        Worker w = mayGoDormant && match == null && Workers.ENABLED ? Workers.current() : null;
        for (;;) {
            if (w != null && w.handOff() && w.turnMessages > 0 && box.hasMessages()) {
                // A caller's lent thread takes the call that woke this process and nothing after it: what came later
                // (a sys:suspend, another caller's long request) must not hold the caller (HandOff)
                w.turnYielded = true;
                return YIELD;
            }
            if (w != null && w.turnMessages >= Workers.BATCH && box.hasMessages()) {
                if (Workers.othersReady(w)) {
                    w.turnYielded = true; // a bounded batch per turn: the others run first (issue 16's fairness)
                    return YIELD;
                }
                // Nothing else is ready: the next look is a batch away. Looking at every message from here on put
                // the global queue's head (LinkedTransferQueue.isEmpty) at 8% of a flooded server's samples.
                w.turnMessages = 0;
            }
            if (w == null && box.takenWithoutWait >= Workers.BATCH) {
                box.takenWithoutWait = 0;
                yieldIfSliceUsed();
            }
            Envelope takenBefore = box.lastTakenByOwner;
            Envelope e = match == null ? box.poll() : box.poll(match, stashTried);
            if (e != null) {
                if (exitReason != null) {
                    // A zombie took it after its death: the killer's walk of the mailbox (failCalls) goes on from the
                    // current stub past what was taken meanwhile, so a call taken here is failed here, not handled
                    // (its reply would be suppressed, and its caller wait out its timeout); and so is the one taken
                    // before it, which the walk can no longer reach either (answered already: left as it is)
                    ProcessExitException failure = new ProcessExitException(this, exitReason);
                    if (takenBefore instanceof CallEnvelope handled) {
                        handled.fail(failure);
                    }
                    if (e instanceof CallEnvelope call) {
                        call.fail(failure);
                    }
                    throw unwind();
                }
                if (w == null) {
                    box.takenWithoutWait++;
                } else {
                    w.turnMessages++;
                    boolean remoteCall = Spin.REMOTE_CALL_NO_SPIN && e instanceof CallEnvelope c && c.fromRemote();
                    if (remoteCall != tookRemoteCall) { // stored only on a change: senders read this object
                        tookRemoteCall = remoteCall;
                    }
                }
                return e;
            }
            stashTried = true;
            if (exitReason != null) {
                throw unwind();
            }
            if (deadline != Long.MAX_VALUE && deadline - node.nanoTime() <= 0) {
                if (parkedTimed && !timersAwaited) {
                    // a timer due before this deadline (send_after(T), then receive ... after T) may not have run yet:
                    // its message comes first, as with one thread of timers in deadline order; looked at once more,
                    // whatever the wait gave (the loop's top sees a kill during it, and the deadline again)
                    timersAwaited = true;
                    node.timers().awaitDueTimers(TIMER_CATCH_UP_NANOS);
                    continue;
                }
                return null;
            }
            if (w != null && deadline == Long.MAX_VALUE && box.canGoDormant()) {
                // On a worker, a behaviour never parks at its loop's top: going dormant costs a return to the worker,
                // not a thread. It spins first only if nothing else is ready to use the thread.
                if (!spun) {
                    spun = true;
                    if (!tookRemoteCall && Spin.onWorker(box, w)) {
                        continue;
                    }
                }
                if (goDormant()) {
                    return DORMANT;
                }
                continue;
            }
            if (!spun) {
                // A selective receive spins too: it is how a reply waited for by pattern (a response to sendRequest,
                // a pong) is caught as a plain receive catches it, instead of a timed park and an unpark per answer
                spun = true;
                if (receiveSpin.forMessage(box)) {
                    continue;
                }
            }
            if (mayGoDormant && match == null && deadline == Long.MAX_VALUE && box.canGoDormant()
                    && !recentIdleShort) {
                idleSince = System.nanoTime();
                if (goDormant()) {
                    return DORMANT;
                }
                continue;
            }
            long parkedAt = mayGoDormant ? System.nanoTime() : 0;
            box.takenWithoutWait = 0; // it waits: the others run meanwhile, and its next slice starts after
            box.sliceStart = 0;
            Workers.beforeBlock();
            int before = status();
            if (before == RUNNING) {
                setStatus(WAITING);
            }
            if (deadline == Long.MAX_VALUE || node.manualTime() == null) {
                if (deadline != Long.MAX_VALUE && box.wakesOwnerWithoutBlocking()
                        && deadline - System.nanoTime() >= ReceiveTimeouts.WATCHED_FROM) {
                    // a long deadline parks untimed, and the node's sweep wakes it once passed (ReceiveTimeouts)
                    short park = (short) (receiveParks + 1);
                    receiveParks = park;
                    node.receiveTimeouts().watch(this, deadline, park);
                    box.park(Long.MAX_VALUE);
                    receiveParks = (short) (park + 1);
                } else {
                    parkedTimed = deadline != Long.MAX_VALUE;
                    box.park(deadline);
                }
            } else {
                node.manualTime().park(box, deadline);
            }
            if (before == RUNNING) {
                setStatus(RUNNING);
            }
            if (mayGoDormant) {
                recentIdleShort = System.nanoTime() - parkedAt < SHORT_IDLE_NANOS;
            }
            if (exitReason != null) {
                throw unwind();
            }
            if (Thread.currentThread().isInterrupted() && Thread.interrupted()) {
                // Not ours: a live process is interrupted by nobody. It can be the thread's other owner's, when a
                // behaviour's init runs inline on its starter's thread and the starter was killed meanwhile; the
                // starter unwinds from its own next block, by its exit reason. Cleared so that park blocks again.
                continue;
            }
        }
    }

    /** The longest a receive whose timeout ran out waits for the node's timers due by then (a loaded timer thread). */
    private static final long TIMER_CATCH_UP_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50);

    /** How long a plain process may take messages without waiting before a receive lets the others run. */
    static final long SLICE_NANOS = Long.getLong("loomotp.sliceNanos", 1_000_000);

    /**
     * A plain process that always has mail (Erlang's {@code self() ! continue}, a flooded consumer) never blocks in a
     * receive, and the JVM cannot preempt it: as many such processes as carriers held up every other process, a new
     * one included, for as long as they ran (a new user's finding). OTP preempts by reductions; here a receive that
     * has taken messages for a time slice without waiting lets the others run (looked at once per batch of messages,
     * so a clock read per batch). {@code Thread.yield} does not do it: the JDK resubmits the thread to the queue its
     * carrier is draining, which runs it again before any other queue. A timed park of a nanosecond is woken from the
     * scheduler's timer thread, whose submission goes behind the others, and the carrier meanwhile takes another
     * queue's work. It costs the process tens of microseconds per slice when nobody else was waiting. Owner only.
     */
    private void yieldIfSliceUsed() {
        long now = System.nanoTime();
        if (mailbox.sliceStart == 0) {
            mailbox.sliceStart = now;
            return;
        }
        if (now - mailbox.sliceStart >= SLICE_NANOS) {
            yieldCarrier();
        }
    }

    /**
     * Lets the processes waiting for a carrier run before this one goes on: {@code erlang:yield/0}, and the end of a
     * receive's time slice ({@link #yieldIfSliceUsed}). Owner only.
     */
    public void yieldCarrier() {
        mailbox.sliceStart = 0;
        mailbox.takenWithoutWait = 0;
        if (Thread.currentThread().isVirtual()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1); // see yieldIfSliceUsed: not Thread.yield
        } else {
            Thread.yield();
        }
        if (exitReason != null) {
            throw unwind();
        }
    }

    /**
     * Counts this process's untimed parks of a receive with a deadline, twice each (once as it parks, once as it
     * wakes): a {@link ReceiveTimeouts} watch acts only while the count is still the one it was made with. Any thread.
     */
    short receiveParkCount() {
        return receiveParks;
    }

    /** How long this process spins for a reply before it parks; adapts as {@link Spin} describes. Owner only. */
    Spin callSpin() {
        return callSpin;
    }

    /** True if a message is waiting. Owner only. */
    public boolean hasMessages() {
        return mailbox.hasMessages();
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** Its parent, its parent's parent, and so on: proc_lib's {@code '$ancestors'}. Any thread. */
    public List<Pid> ancestors() {
        List<Pid> l = new ArrayList<>();
        for (ProcessImpl a = parent(); a != null; a = a.parent()) {
            l.add(a);
        }
        return List.copyOf(l);
    }

    /** True once this process's crash has been reported (by a behaviour's loop, or by {@link #reportCrash}). */
    public boolean crashWasReported() {
        return crashReported;
    }

    /**
     * Writes a report on behalf of the code this process runs, unless the process is dead: a zombie's report would
     * be its kill's {@code InterruptedException} told as a crash of its own, and a killed process, as its sends, has
     * no effect (the one who killed it reports, if anyone: a supervisor's {@code shutdown_error killed}).
     */
    public void report(io.loomotp.runtime.report.Report report) {
        if (!suppressesEffects()) {
            node.reports().report(report);
        }
    }

    /** Reports this process's crash ({@link #report}), which then must not be reported again at its end. */
    public void reportCrash(io.loomotp.runtime.report.Report report) {
        report(report);
        crashReported = true;
    }

    public int mailboxLength() {
        return mailbox.length();
    }

    /** Messages it has not looked at yet: its mailbox without what a selective receive kept. Any thread. */
    public int unseenMessages() {
        return mailbox.unseen();
    }

    /** Messages a bounded mailbox refused or dropped. */
    public long droppedMessages() {
        return mailbox.dropped();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Calls

    /**
     * Marks a slot this process must answer that is not in its mailbox (a starter's slot, a stop request), so that
     * its death fails it. An ordinary call needs no marking: it stays reachable from the mailbox while it is handled
     * ({@link Mailbox#forEachPending}). Owner only.
     */
    public void beginCall(CallEnvelope call) {
        currentCall = call;
        if (exitReason != null) {
            // died between taking it and handling it: the death's failCalls may have looked before currentCall was
            // set, and finish() fails only what is still in the mailbox, so it is failed here (a call completes once)
            call.fail(new ProcessExitException(this, exitReason));
            throw unwind();
        }
    }

    /**
     * Makes a start's answer this new process's current call before it has a thread: a kill from now on fails it,
     * so the starter hears {@code killed} at once, as proc_lib's {@code sync_start_link} does, not after its timeout.
     * The starter only, before the process runs; its write and the killer's are ordered as in {@link #beginCall}.
     */
    void beginStart(CallEnvelope ack) {
        currentCall = ack;
        if (exitReason != null) {
            ack.fail(new ProcessExitException(this, exitReason));
        }
    }

    /** Ends what {@link #beginCall} began. Owner only. */
    public void endCall(CallEnvelope call) {
        currentCall = null;
        deferred(call);
    }

    /** A call the handler did not answer is deferred: tracked until answered, so that this process's death fails it. */
    public void deferred(CallEnvelope call) {
        if (call.isPending()) {
            synchronized (this) {
                if (exitReason == null) {
                    if (deferredCalls == null) {
                        deferredCalls = new HashSet<>();
                    }
                    deferredCalls.add(call);
                }
            }
            if (!call.isPending()) {
                callCompleted(call);
            }
            if (exitReason != null) {
                call.fail(new ProcessExitException(this, exitReason));
            }
        }
    }

    /** A call to this process got its outcome; it need not be tracked any more. Any thread. */
    void callCompleted(CallEnvelope call) {
        if (deferredCalls != null) {
            synchronized (this) {
                if (deferredCalls != null) {
                    deferredCalls.remove(call);
                }
            }
        }
    }

    /** Fails every call this dead process holds or has queued. Called once, by whoever killed it. */
    void failCalls(ExitReason reason) {
        ProcessExitException failure = new ProcessExitException(this, reason);
        CallEnvelope current = currentCall;
        if (current != null) {
            current.fail(failure);
        }
        List<CallEnvelope> deferred;
        synchronized (this) {
            deferred = deferredCalls == null ? List.of() : new ArrayList<>(deferredCalls);
            deferredCalls = null;
        }
        for (CallEnvelope call : deferred) {
            call.fail(failure);
        }
        mailbox.forEachPending(e -> {
            if (e instanceof CallEnvelope call) {
                call.fail(failure);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Flags and introspection

    public boolean trapExits() {
        return trapExits;
    }

    public void trapExits(boolean on) {
        trapExits = on;
    }

    public int status() {
        return (int) STATUS.getOpaque(this);
    }

    public void setStatus(int value) {
        STATUS.setOpaque(this, value);
    }

    public BehaviourInfo behaviour() {
        return behaviour;
    }

    public void behaviour(BehaviourInfo loop) {
        behaviour = loop;
    }

    public synchronized String registeredName() {
        return registeredName;
    }

    public Object initialCall() {
        return initialCall;
    }

    /** Names what the process runs where its body's class names nothing (a lambda): the runtime's own processes. */
    public void initialCall(String label) {
        initialCall = label;
    }

    public ProcessImpl parent() {
        return parent;
    }

    public long messagesIn() {
        return mailbox.messagesIn;
    }

    /** Counts a message taken from the mailbox; system messages are not counted, as in OTP's statistics. */
    public void countIn() {
        mailbox.messagesIn++; // kept in the mailbox's owner side: see Mailbox, "Layout"
    }

    public long messagesOut() {
        return messagesOut;
    }

    public void countOut() {
        messagesOut++;
    }

    public long handlerNanos() {
        return handlerNanos;
    }

    public void addHandlerNanos(long nanos) {
        handlerNanos += nanos;
    }

    public Thread thread() {
        return thread;
    }

    /** By serial alone, as {@code RemotePid}'s, so that a remote pid that names this process hashes alike. */
    @Override
    public int hashCode() {
        return Long.hashCode(serial * 0x9E3779B97F4A7C15L);
    }

    /**
     * Itself, and a remote pid that another node of this JVM, in the same cluster, names it by ({@link CrossNode}): a
     * test that hands this process object to that node's code and gets the cluster's pid back in a {@code Down}.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof io.loomotp.runtime.remote.RemotePid r && CrossNode.names(r, this));
    }

    @Override
    public String toString() {
        return "<" + (node == null ? "?" : node.id()) + "." + serial + ">";
    }
}
