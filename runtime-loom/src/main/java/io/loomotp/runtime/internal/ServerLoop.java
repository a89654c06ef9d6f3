package io.loomotp.runtime.internal;

import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.UnexpectedMessageReport;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.sys.SysEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The generic loop: {@code gen_server.erl}'s {@code loop/7}, for every behaviour. Servers run it directly; state
 * machines, supervisors and event managers run it through their own {@link ServerCallbacks}, so that there is one
 * loop and one sys protocol.
 *
 * <p>The loop is split along OTP's module lines. This class owns the loop itself, on the process's own thread, one
 * message at a time: wait ({@link #step}, with the idle timeout and dormancy), dispatch calls, casts, other messages
 * and continuations to the callbacks, answer calls with the returned value, and stop (run {@code terminate}, log a
 * crash report for an abnormal reason, exit with the reason). The others:
 * <ul>
 *   <li>{@link ServerStart}, {@code proc_lib}'s part: state, init, and the answer to the starter;
 *   <li>{@link SystemMessages}, {@code sys}'s part: every system message, statistics, status and suspension, through
 *       the {@link SystemProcess} callbacks this class implements (a special process implements them too);
 *   <li>{@link ServerEvents}: the debug events, rendered.
 * </ul>
 *
 * <p>Debug is a value threaded through the loop, as in {@code sys.erl}: {@link #debug} is null unless a trace, log,
 * log file or debug function is on, so that with debug off a message costs one null check. Statistics need no event:
 * they are the process's always-on counters, read against a baseline taken when they were switched on.
 *
 * <p>Why one unit (about 620 lines, after the split above): what is left is the loop's own state (the callbacks'
 * state, the waits, the pending continuation or first turn, the last message for crash reports) and the few methods
 * that change it per message; {@link #step} reads all of it on every message, so moving part of it out would put an
 * indirection on the hot path (ADR 0003). {@code runFirst} (stop 46, a state machine's first enter call after its
 * start is answered) added one field and one test per step.
 */
public final class ServerLoop<S> implements ProcessBody, SystemProcess, LoopControl {
    private static final long NONE = -1;

    final ServerCallbacks<S> cb;
    final StartOptions options;
    private final ProcessImpl parent;
    private Supplier<? extends S> factory;
    private CallEnvelope ack;

    ProcessImpl self;
    SystemMessages sys;
    S state;
    Debug debug;
    private final long idleNanos;
    /** {@code hibernate_after}, or {@link #NONE}. */
    private final long hibernateAfterNanos;
    /**
     * With {@code hibernate_after}: hibernated since the last message, so the next wait is untimed. Volatile for
     * {@link #hibernated()}, a test's view; kept up to date only when {@link #hibernateAfterNanos} is set.
     */
    private volatile boolean hibernated;
    /** The idle timeout of the next wait only (from init or a handler), or {@link #NONE}. */
    private long wait = NONE;
    /** A timeout a handler asked for, which becomes {@link #wait} once it returns. */
    private long nextWait = NONE;
    private int sample;
    private int sampleMask;
    private int sampleShift;
    private ExitReason stopRequested;
    private boolean hibernateRequested;
    /** A continuation to run before the next message ({@code Handler.continueWith}), or null. */
    private Object pendingContinue;
    /** What the behaviour asked to run once its start is answered, before any message ({@link #runFirst}), or null. */
    private java.util.concurrent.Callable<?> firstTurn;
    /** The continuation being run, for a crash report's "last message", or null while a message is handled. */
    private Object continuing;
    private Envelope last;
    private Set<Class<?>> warned;
    /** Entered by a running process ({@link #enter}): the loop keeps the thread it was entered on, never dormant. */
    private boolean ownThread;

    /**
     * @param parent the process that started this one linked (its exit signal stops the server when trapping exits),
     *     or null
     * @param ack the starter's slot, answered with {@link Starts#STARTED}, {@link Starts#IGNORED} or a failure, when
     *     init runs on the new process's own thread; null when it runs inline ({@link #startInline})
     */
    public ServerLoop(ServerCallbacks<S> callbacks, Supplier<? extends S> factory, StartOptions options,
                      ProcessImpl parent, CallEnvelope ack) {
        this.cb = callbacks;
        this.factory = factory;
        this.options = options;
        this.parent = parent;
        this.ack = ack;
        this.idleNanos = options.idleTimeout() == null ? NONE : Math.max(0, options.idleTimeout().toNanos());
        this.hibernateAfterNanos = options.hibernateAfter() == null ? NONE
                : Math.max(0, options.hibernateAfter().toNanos());
    }

    /** The loop of the calling process, if it runs one. */
    public static ServerLoop<?> current() {
        ProcessImpl p = ProcessImpl.current();
        return p != null && p.behaviour() instanceof ServerLoop<?> l ? l : null;
    }

    /** The process that started this one linked (gen's {@code Parent}), or null. */
    public ProcessImpl parent() {
        return parent;
    }

    @Override
    public String behaviourName() {
        return cb.behaviourName();
    }

    @Override
    public Class<?> module() {
        return cb.module();
    }

    /** Makes this the loop of {@code p}; the start's first act. */
    void bind(ProcessImpl p) {
        self = p;
        sys = new SystemMessages(p, parent);
        p.behaviour(this);
    }

    Supplier<? extends S> takeFactory() {
        Supplier<? extends S> f = factory;
        factory = null;
        return f;
    }

    boolean needsThreadAfterInit() {
        return nextWait != NONE || idleNanos != NONE || pendingContinue != null || firstTurn != null;
    }

    /**
     * The body of each thread the process gets. The first runs init (unless it already ran inline) and answers the
     * starter; every one then runs the loop until the process stops, or goes dormant and the thread returns.
     */
    @Override
    public void run() {
        if (self == null) {
            CallEnvelope a = ack;
            ack = null;
            ServerStart.onFirstThread(this, ProcessImpl.current(), a);
        }
        loop();
    }

    /**
     * Runs init inline, as the new process, on the starter's thread; see {@link ServerStart#inline}.
     *
     * @return {@link Starts#STARTED} or {@link Starts#IGNORED}
     * @throws io.loomotp.runtime.StartFailedException if the factory or init failed, or the process was killed
     */
    public Object startInline(ProcessImpl p) {
        return ServerStart.inline(this, p);
    }

    /**
     * {@code GenServer.enterLoop} and {@code GenStatem.enterLoop} ({@code runInit}: the machine's adapter enters its
     * first state): checks that the calling process may enter, then makes it run a loop over {@code callbacks} on its
     * own thread. Never returns.
     *
     * @param firstTimeout the idle timeout of the first wait only, or null
     * @param operation the public method's name, for the errors
     */
    public static <S> void enterCurrent(ServerCallbacks<S> callbacks, Supplier<? extends S> state,
                                        StartOptions options, boolean runInit,
                                        java.util.function.Consumer<LoopControl> first, String operation) {
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(options, "options");
        ProcessImpl self = ProcessImpl.currentOrThrow(operation);
        if (!options.mailbox().equals(StartOptions.defaults().mailbox())) {
            throw new IllegalArgumentException(operation + " cannot change the mailbox of a running process: give "
                    + "it with SpawnOptions when the process is started");
        }
        var running = self.behaviour();
        if (running != null && running.awaitsStartAck()) {
            throw new IllegalStateException(operation + ": call ProcLib.initAck() first; the starter still waits "
                    + "for " + self);
        }
        if (running instanceof ServerLoop<?>) {
            throw new IllegalStateException(operation + ": " + self + " already runs a " + running.behaviourName());
        }
        if (running == null || !running.startedByProcLib()) {
            throw new IllegalStateException(operation + ": " + self + " was not started by ProcLib (OTP's "
                    + "process_was_not_started_by_proc_lib): start it with ProcLib.start or ProcLib.startLink, which "
                    + "give it the parent a server needs, and call ProcLib.initAck() before entering the loop");
        }
        if (options.name() != null && !options.name().equals(self.registeredName())) {
            throw new IllegalStateException(operation + ": " + self + " is not registered as \"" + options.name()
                    + "\"; register it first (OTP's process_not_registered)");
        }
        if (options.via() != null && !self.equals(options.via().whereis())) {
            throw new IllegalStateException(operation + ": " + self + " is not registered as " + options.via()
                    + "; register it there first (OTP's process_not_registered_via)");
        }
        ProcessImpl parent = running.startParent();
        new ServerLoop<>(callbacks, state, options, parent, null).enter(self, runInit, first);
    }

    /**
     * Makes the calling process run this loop on the thread it already has: {@code gen_server:enter_loop} and
     * {@code gen_statem:enter_loop}. The state comes from the factory, at once; with {@code runInit} the callbacks'
     * init runs first (a state machine's adapter, which enters the given state). The process never goes dormant,
     * since its thread holds the user's frames below the loop. Never returns: the loop ends by throwing the
     * process's exit.
     *
     * @param first what the loop does before its first wait, as a handler's requests (an idle timeout, a hibernation,
     *     a continuation: {@code enter_loop}'s last argument), or null for nothing
     */
    private void enter(ProcessImpl p, boolean runInit, java.util.function.Consumer<LoopControl> first) {
        ownThread = true;
        ServerStart.enter(this, p, runInit);
        if (first != null) {
            first.accept(this);
        }
        loop();
        throw new IllegalStateException("the loop of " + p + " returned"); // step() never stops without dormancy
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The loop

    /**
     * Runs the loop. Each message is handled by {@link #step}, a method of its own, so that the JIT compiles it as any
     * method rather than only on-stack inside a loop that each process enters once (see ADR 0003).
     */
    private void loop() {
        sampleMask = self.node().tuning().handlerTimeSampleMask();
        sampleShift = Integer.bitCount(sampleMask);
        if (nextWait != NONE) {
            wait = nextWait;
            nextWait = NONE;
        }
        while (step()) {
            // one message at a time
        }
    }

    /** Waits for one message and handles it; false when the process went dormant and its thread must return. */
    private boolean step() {
        if (firstTurn != null) {
            return firstTurnNow();
        }
        if (pendingContinue != null) {
            return continueNow();
        }
        long w = wait;
        long deadline = w == NONE ? (idleNanos == NONE ? Long.MAX_VALUE : self.node().nanoTime() + idleNanos)
                : self.node().nanoTime() + w;
        // hibernate_after, as gen_server's loop: only for a wait with no timeout of its own. A loop on its own thread
        // waits that long; one that may go dormant hibernates when it does (below), dormancy being the deeper sleep
        boolean hibernateWait = deadline == Long.MAX_VALUE && hibernateAfterNanos != NONE && !hibernated;
        if (hibernateWait && ownThread) {
            deadline = self.node().nanoTime() + hibernateAfterNanos;
        }
        Envelope e = self.receive(null, deadline, !ownThread);
        if (e == ProcessImpl.DORMANT) {
            if (hibernateWait) {
                hibernate();
            }
            return false;
        }
        if (e == ProcessImpl.YIELD) {
            return false;
        }
        if (e == null && hibernateWait && ownThread) {
            hibernate(); // waited hibernate_after for nothing: the next wait is untimed
            return true;
        }
        if (hibernateAfterNanos != NONE && hibernated) {
            hibernated = false; // read only with hibernate_after: a message costs the rest one final field's test
        }
        if (e != null && e.kind == Envelope.SYSTEM) {
            // sys:handle_system_msg; its return is system_continue, which keeps the pending timeout as gen_server's
            debug = sys.handle((CallEnvelope) e, this, debug);
            return true;
        }
        boolean timed = sampleMask >= 0 && (++sample & sampleMask) == 0;
        long t0 = timed ? System.nanoTime() : 0;
        wait = NONE;
        if (e == null) {
            onInfo(IdleTimeout.INSTANCE, null);
        } else {
            last = e;
            continuing = null;
            self.countIn();
            switch (e.kind) {
                case Envelope.CALL -> onCall((CallEnvelope) e);
                case Envelope.CAST -> onCast(e);
                default -> onInfo(e.message, e);
            }
        }
        if (timed) {
            self.addHandlerNanos((System.nanoTime() - t0) << sampleShift); // one in 2^shift is timed: scale it up
        }
        afterHandler();
        return true;
    }

    /** What a handler asked for with {@link io.loomotp.runtime.server.Handler}, once it has returned. */
    private void afterHandler() {
        if (stopRequested != null) {
            throw terminate(stopRequested);
        }
        if (nextWait != NONE) {
            wait = nextWait;
            nextWait = NONE;
        }
        if (hibernateRequested) {
            hibernateRequested = false;
            hibernate();
        }
    }

    /** Lets go of what the process keeps for speed while it waits; see {@code Handler.hibernate}. */
    private void hibernate() {
        self.mailbox.trim();
        hibernated = true;
    }

    /** True if the server hibernated since it last handled a message (a handler's request or hibernate_after). */
    boolean hibernated() {
        return hibernated;
    }

    /**
     * Asks, from init, that {@code turn} run once the start has been answered and before any message: a state
     * machine's first enter call and the events its init inserted, which gen_statem runs after its {@code init_ack}
     * (so a slow set-up there does not hold the starter, and its crash is a started process's, which a supervisor
     * restarts). It runs as a handler does: what it throws crashes the process, a stop it asks for stops it.
     */
    public void runFirst(java.util.concurrent.Callable<?> turn) {
        firstTurn = java.util.Objects.requireNonNull(turn, "turn");
    }

    private boolean firstTurnNow() {
        java.util.concurrent.Callable<?> turn = firstTurn;
        firstTurn = null;
        try {
            turn.call();
        } catch (Throwable t) {
            throw crashed(t);
        }
        afterHandler();
        return true;
    }

    /** Runs the pending continuation, as gen_server's loop does with {@code {continue, C}}, before any receive. */
    private boolean continueNow() {
        Object c = pendingContinue;
        pendingContinue = null;
        continuing = c;
        if (debug != null) {
            ServerEvents.continuing(debug, self, cb, c);
        }
        try {
            cb.handleContinue(state, c);
        } catch (Throwable t) {
            throw crashed(t);
        }
        if (debug != null) {
            ServerEvents.noReply(debug, self, cb, state);
        }
        afterHandler();
        return true;
    }

    private void onCall(CallEnvelope call) {
        Object request = call.request();
        if (debug != null) {
            ServerEvents.received(debug, self, cb, state, SysEvent.Kind.CALL, request, call.caller);
        }
        Object reply;
        try {
            reply = cb.handleCall(state, request, call);
        } catch (Throwable t) {
            throw crashed(t);
        }
        if (reply != ServerCallbacks.NO_REPLY) {
            if (call.answer(reply)) {
                self.countOut();
            }
            if (debug != null) {
                ServerEvents.replied(debug, self, cb, state, reply, call.caller);
            }
        } else {
            self.deferred(call);
            if (debug != null) {
                ServerEvents.noReply(debug, self, cb, state);
            }
        }
    }

    private void onCast(Envelope e) {
        Object message = e.message;
        if (debug != null) {
            ServerEvents.received(debug, self, cb, state, SysEvent.Kind.CAST, message, null);
        }
        try {
            cb.handleCast(state, message);
        } catch (Throwable t) {
            throw crashed(t);
        }
        if (debug != null) {
            ServerEvents.noReply(debug, self, cb, state);
        }
    }

    private void onInfo(Object message, Envelope e) {
        if (parent != null && message instanceof Exit exit && exit.from() == parent) {
            throw terminate(exit.reason()); // the parent's exit, while trapping: OTP stops with its reason
        }
        if (debug != null) {
            ServerEvents.received(debug, self, cb, state, e == null ? SysEvent.Kind.TIMEOUT : SysEvent.Kind.INFO,
                    message, null);
        }
        boolean handled;
        try {
            handled = cb.handleInfo(state, message);
        } catch (Throwable t) {
            throw crashed(t);
        }
        if (!handled) {
            unexpected(message);
        }
        if (debug != null) {
            ServerEvents.noReply(debug, self, cb, state);
        }
    }

    private void unexpected(Object message) {
        if (warned == null) {
            warned = new HashSet<>();
        }
        if (warned.add(message.getClass())) {
            self.node().reports().report(new UnexpectedMessageReport(self, ServerEvents.nameOf(self),
                    cb.module().getName(), ServerEvents.format(cb, message)));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stopping

    ExitUnwind crashed(Throwable t) {
        if (t instanceof ExitUnwind u) {
            if (u.alreadyDead) {
                return u;
            }
            return terminate(u.reason);
        }
        return terminate(ExitReason.crash(t));
    }

    /** Runs terminate, reports an abnormal end, and returns the throwable that ends the process. */
    private ExitUnwind terminate(ExitReason reason) {
        if (self.isExiting()) {
            return self.unwind(); // killed meanwhile: a killed process runs no terminate
        }
        ExitReason r = reason;
        try {
            cb.terminate(state, r);
        } catch (ExitUnwind u) {
            if (u.alreadyDead) {
                return u;
            }
            r = u.reason;
        } catch (Throwable t) {
            r = ExitReason.crash(t);
        }
        if (self.isExiting()) {
            return self.unwind(); // killed while terminate ran: what it threw was the kill's interrupt, not its end
        }
        if (!r.isNormal()) {
            self.reportCrash(new CrashReport(self, ServerEvents.nameOf(self), cb.behaviourName(),
                    cb.module().getName(), describeLast(), formatStatus(), r, ServerEvents.crashDetail(cb, state)));
        }
        self.crashReported = true;
        return new ExitUnwind(r, false);
    }

    private String describeLast() {
        if (continuing != null) {
            return "continue " + ServerEvents.format(cb, continuing);
        }
        Envelope e = last;
        if (e == null) {
            return null;
        }
        return switch (e.kind) {
            case Envelope.CALL -> {
                CallEnvelope c = (CallEnvelope) e;
                yield "call " + ServerEvents.format(cb, c.request()) + " from " + c.caller;
            }
            case Envelope.CAST -> "cast " + ServerEvents.format(cb, e.message);
            default -> ServerEvents.format(cb, e.message);
        };
    }

    @Override
    public void requestStop(ExitReason reason) {
        stopRequested = reason;
    }

    /** A {@code Handler.stop} that init asked for, taken: init's stop is a failed start, not one after a message. */
    ExitReason takeStopRequest() {
        ExitReason r = stopRequested;
        stopRequested = null;
        return r;
    }

    @Override
    public void requestIdleTimeout(Duration timeout) {
        // OTP's infinity (Timeouts.INFINITY or longer) is no timeout, and replaces one asked for earlier; a finite
        // timeout too long for a long of nanoseconds waits about 73 years
        nextWait = timeout.compareTo(Timeouts.INFINITY) >= 0 ? NONE
                : timeout.getSeconds() >= Long.MAX_VALUE / 4_000_000_000L ? Long.MAX_VALUE / 4
                : Math.max(0, timeout.toNanos());
    }

    @Override
    public void requestHibernate() {
        hibernateRequested = true;
    }

    @Override
    public void requestContinue(Object continuation) {
        IllegalStateException refused = cb.refuseContinue();
        if (refused != null) {
            throw refused;
        }
        pendingContinue = continuation;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The system callbacks (sys.erl's side of the loop is SystemMessages)

    @Override
    public Object systemGetState() {
        return cb.snapshot(state);
    }

    @Override
    public Object systemReplaceState(Function<Object, Object> function) {
        state = cb.replaceState(state, function);
        return cb.snapshot(state);
    }

    @Override
    public String replaceRefusal() {
        return cb.replaceRefusal();
    }

    @Override
    public Object systemInspectState(Function<Object, Object> function) {
        return function.apply(cb.exposeState(state));
    }

    @Override
    public String formatStatus() {
        return ServerEvents.formatState(cb, state);
    }

    @Override
    public Map<String, String> statusExtra() {
        return cb.statusExtra(state);
    }

    @Override
    public ExitUnwind systemTerminate(ExitReason reason) {
        // no last message, as gen_server's system_terminate/4 passes undefined: the last one handled is not the cause
        last = null;
        continuing = null;
        return terminate(reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // For behaviours built on the loop: their own debug events

    /** True if debug events would go anywhere; lets a behaviour skip formatting. Owner only. */
    public boolean debugging() {
        return debug != null;
    }

    /** The process as a behaviour's own debug events name it: its registered name, or its pid. Owner only. */
    public String debugName() {
        return ServerEvents.processName(self);
    }

    /**
     * Hands a debug event of the behaviour's own (a state machine's {@code consume … => S2}) to the process's
     * trace, log and debug functions: {@code sys:handle_debug/4}. No-op with debug off. Owner only.
     */
    public void report(SysEvent event) {
        if (debug != null) {
            debug.handle(event);
        }
    }

    /** Reports an event of the behaviour's own that has only a tag and a text ({@code postpone …}). Owner only. */
    public void report(String tag, String text) {
        if (debug != null) {
            debug.handle(new SysEvent.Other(debugName(), System.currentTimeMillis(), tag, text));
        }
    }

    /** Reports a reply sent by a behaviour's action rather than returned; no-op with debug off. Owner only. */
    public void replySent(Object reply, Pid to) {
        if (debug != null) {
            ServerEvents.replied(debug, self, cb, state, reply, to);
        }
    }
}
