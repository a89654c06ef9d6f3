package io.loomotp.runtime.internal;

import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.UnexpectedMessageReport;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.sys.DebugOptions;
import io.loomotp.runtime.sys.StateFunctionException;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The generic server loop: {@code gen_server.erl}'s {@code loop/7} and {@code sys.erl}'s side of it, for every
 * behaviour. Servers run it directly; state machines, supervisors and event managers run it through their own
 * {@link ServerCallbacks}, so that there is one loop and one sys protocol.
 *
 * <p>What the loop does, on the process's own thread, one message at a time:
 * <ul>
 *   <li>start: build the state with the factory, run {@code init}, then answer the starter;
 *   <li>dispatch calls, casts and other messages to the callbacks; answer calls with the returned value;
 *   <li>answer system messages (trace, log, statistics, state, status, suspend, resume, install, terminate)
 *       between user messages; while suspended, take system messages only;
 *   <li>deliver {@link IdleTimeout} when a wait runs out;
 *   <li>stop: run {@code terminate}, log a crash report for an abnormal reason, and exit with the reason.
 * </ul>
 *
 * <p>Debug is a value threaded through the loop, as in {@code sys.erl}: {@link #debug} is null unless a trace, log,
 * log file or debug function is on, so that with debug off a message costs one null check. Statistics need no event:
 * they are the process's always-on counters, read against a baseline taken when they were switched on.
 */
public final class ServerLoop<S> implements ProcessBody, BehaviourLoop, LoopControl {
    private static final long NONE = -1;
    /** The reply to a start whose init succeeded. */
    public static final Object STARTED = new Object();
    /** The reply to a start whose init returned {@code ignore}. */
    public static final Object IGNORED = new Object();

    private final ServerCallbacks<S> cb;
    private boolean initialized;
    private final StartOptions options;
    private final ProcessImpl parent;
    private Supplier<? extends S> factory;
    private CallEnvelope ack;

    private ProcessImpl self;
    private S state;
    private Debug debug;
    private Stats stats;
    private boolean suspended;
    private final long idleNanos;
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
    /** The continuation being run, for a crash report's "last message", or null while a message is handled. */
    private Object continuing;
    private Envelope last;
    private Set<Class<?>> warned;

    private record Stats(Instant start, long in, long out, long nanos) {}

    /**
     * @param parent the process that started this one linked (its exit signal stops the server when trapping exits),
     *     or null
     * @param ack the starter's slot, answered with {@link #STARTED}, {@link #IGNORED} or a failure, when init runs on
     *     the new process's own thread; null when it runs inline ({@link #startInline})
     */
    public ServerLoop(ServerCallbacks<S> callbacks, Supplier<? extends S> factory, StartOptions options,
                      ProcessImpl parent, CallEnvelope ack) {
        this.cb = callbacks;
        this.factory = factory;
        this.options = options;
        this.parent = parent;
        this.ack = ack;
        this.idleNanos = options.idleTimeout() == null ? NONE : Math.max(0, options.idleTimeout().toNanos());
    }

    /** True if a start's reply says the server started. */
    public static boolean started(Object reply) {
        return reply == STARTED;
    }

    /** The loop of the calling process, if it runs one. */
    public static ServerLoop<?> current() {
        ProcessImpl p = ProcessImpl.current();
        return p != null && p.behaviour() instanceof ServerLoop<?> l ? l : null;
    }

    @Override
    public String behaviourName() {
        return cb.behaviourName();
    }

    @Override
    public Class<?> module() {
        return cb.module();
    }

    /**
     * The body of each thread the process gets. The first runs init (unless it already ran inline) and answers the
     * starter; every one then runs the loop until the process stops, or goes dormant and the thread returns.
     */
    @Override
    public void run() {
        if (!initialized) {
            initialized = true;
            self = ProcessImpl.current();
            self.behaviour(this);
            self.beginCall(ack); // killed before it answers: the starter sees the death
            Object started;
            try {
                started = initialize();
            } catch (ExitUnwind u) {
                if (!u.alreadyDead) {
                    ack.fail(new StartFailedException(cb.module().getSimpleName(), u.reason));
                }
                throw u;
            }
            CallEnvelope a = ack;
            ack = null;
            a.reply(started);
            self.endCall(a);
            if (started == IGNORED) {
                throw new ExitUnwind(ExitReason.NORMAL, false);
            }
        }
        loop();
    }

    /**
     * Runs init inline, on the starter's thread but as the new process (its pid is {@code Process.self()}, its links
     * and flags are the ones set), so that a start makes no thread: the process gets one when its first message
     * arrives. Used when the start has no timeout, since a starter cannot give up on init running on its own thread.
     *
     * @return {@link #STARTED} or {@link #IGNORED}
     * @throws StartFailedException if the factory or init failed, or the process was killed meanwhile
     */
    public Object startInline(ProcessImpl p) {
        initialized = true;
        self = p;
        p.behaviour(this);
        p.mailbox.bindOwner(Thread.currentThread()); // a receive inside init parks this thread
        Object started;
        try {
            started = ScopedValue.where(ProcessImpl.CURRENT, p).call(this::initialize);
        } catch (ExitUnwind u) {
            Signals.exit(p, u.reason);
            throw new StartFailedException(cb.module().getSimpleName(), p.exitReason() != null ? p.exitReason()
                    : u.reason);
        }
        if (p.isExiting()) {
            throw new StartFailedException(cb.module().getSimpleName(), p.exitReason());
        }
        if (started == IGNORED) {
            Signals.exit(p, ExitReason.NORMAL);
            return IGNORED;
        }
        p.settleAfterInlineInit(nextWait != NONE || idleNanos != NONE || pendingContinue != null);
        return STARTED;
    }

    /**
     * Builds the state and runs init, as the new process. Returns {@link #STARTED} or {@link #IGNORED}; a failure
     * throws the {@link ExitUnwind} that ends the process (after a crash report if abnormal; init's failure never
     * runs terminate, and never takes a linked starter down).
     */
    private Object initialize() {
        InitResult result;
        try {
            S s = factory.get();
            factory = null;
            if (s == null) {
                throw new NullPointerException("the factory of " + cb.module().getName() + " returned null");
            }
            state = s;
            applyDebugOptions(options.debug());
            result = cb.init(s);
            if (result == null) {
                throw new NullPointerException("init of " + cb.module().getName() + " returned null; return "
                        + "InitResult.ok()");
            }
        } catch (ExitUnwind u) {
            if (u.alreadyDead) {
                throw u;
            }
            throw failStart(u.reason);
        } catch (Throwable t) {
            throw failStart(ExitReason.crash(t));
        }
        return switch (result) {
            case InitResult.Ok ok -> {
                if (ok.timeout() != null) {
                    nextWait = Math.max(0, ok.timeout().toNanos());
                }
                yield STARTED;
            }
            case InitResult.Ignore ignore -> {
                unlinkParent();
                yield IGNORED;
            }
            case InitResult.Stop stop -> throw failStart(stop.reason());
        };
    }

    private ExitUnwind failStart(ExitReason reason) {
        unlinkParent(); // a failed start never takes its starter down (OTP 26 proc_lib semantics)
        if (!reason.isNormal()) {
            self.node().reports().report(new CrashReport(self, self.registeredName(), cb.behaviourName(),
                    cb.module().getName(), null, state == null ? "undefined (init did not complete)"
                            : safeFormatState(), reason, "** init failed"));
        }
        self.crashReported = true;
        return new ExitUnwind(reason, false);
    }

    private void unlinkParent() {
        if (parent != null) {
            Signals.unlink(self, parent);
        }
    }

    private void applyDebugOptions(DebugOptions d) throws IOException {
        if (d.isNone()) {
            return;
        }
        Debug dbg = new Debug();
        if (d.trace()) {
            dbg.trace(d.traceSink());
        }
        dbg.log(d.logSize());
        dbg.logToFile(d.logFile());
        debug = dbg.active() ? dbg : null;
        if (d.statistics()) {
            stats = new Stats(Instant.now(), self.messagesIn(), self.messagesOut(), self.handlerNanos());
        }
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
        if (pendingContinue != null) {
            return continueNow();
        }
        Envelope e;
        if (suspended) {
            e = self.receive(ServerLoop::isSystem, Long.MAX_VALUE);
        } else {
            long w = wait;
            long deadline = w == NONE ? (idleNanos == NONE ? Long.MAX_VALUE : self.node().nanoTime() + idleNanos)
                    : self.node().nanoTime() + w;
            e = self.receive(null, deadline, true);
            if (e == ProcessImpl.DORMANT) {
                return false;
            }
        }
        if (e != null && e.kind == Envelope.SYSTEM) {
            onSystem((CallEnvelope) e);
            return true; // a system message keeps the pending timeout, as gen_server's system_continue does
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
            self.mailbox.trim();
        }
    }

    /** Runs the pending continuation, as gen_server's loop does with {@code {continue, C}}, before any receive. */
    private boolean continueNow() {
        Object c = pendingContinue;
        pendingContinue = null;
        continuing = c;
        if (debug != null) {
            debug.handle(new SysEvent.Other(processName(), System.currentTimeMillis(), "continue",
                    "continue " + safeFormat(c)));
        }
        try {
            cb.handleContinue(state, c);
        } catch (Throwable t) {
            throw crashed(t);
        }
        if (debug != null) {
            noReply();
        }
        afterHandler();
        return true;
    }

    private static boolean isSystem(Envelope e) {
        return e.kind == Envelope.SYSTEM;
    }

    private void onCall(CallEnvelope call) {
        Object request = call.request();
        if (debug != null) {
            received(SysEvent.Kind.CALL, request, call.caller);
        }
        Object reply;
        try {
            reply = cb.handleCall(state, request, call);
        } catch (Throwable t) {
            throw crashed(t);
        }
        if (reply != ServerCallbacks.NO_REPLY) {
            if (call.reply(reply)) {
                self.countOut();
            }
            if (debug != null) {
                replied(reply, call.caller);
            }
        } else {
            self.deferred(call);
            if (debug != null) {
                noReply();
            }
        }
    }

    private void onCast(Envelope e) {
        Object message = e.message;
        if (debug != null) {
            received(SysEvent.Kind.CAST, message, null);
        }
        try {
            cb.handleCast(state, message);
        } catch (Throwable t) {
            throw crashed(t);
        }
        if (debug != null) {
            noReply();
        }
    }

    private void onInfo(Object message, Envelope e) {
        if (parent != null && message instanceof Exit exit && exit.from() == parent) {
            throw terminate(exit.reason()); // the parent's exit, while trapping: OTP stops with its reason
        }
        if (debug != null) {
            received(e == null ? SysEvent.Kind.TIMEOUT : SysEvent.Kind.INFO, message, null);
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
            noReply();
        }
    }

    private void unexpected(Object message) {
        if (warned == null) {
            warned = new HashSet<>();
        }
        if (warned.add(message.getClass())) {
            self.node().reports().report(new UnexpectedMessageReport(self, self.registeredName(),
                    cb.module().getName(), safeFormat(message)));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stopping

    private ExitUnwind crashed(Throwable t) {
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
        if (!r.isNormal()) {
            self.node().reports().report(new CrashReport(self, self.registeredName(), cb.behaviourName(),
                    cb.module().getName(), describeLast(), safeFormatState(), r, safeCrashDetail()));
        }
        self.crashReported = true;
        return new ExitUnwind(r, false);
    }

    private String describeLast() {
        if (continuing != null) {
            return "continue " + safeFormat(continuing);
        }
        Envelope e = last;
        if (e == null) {
            return null;
        }
        return switch (e.kind) {
            case Envelope.CALL -> {
                CallEnvelope c = (CallEnvelope) e;
                yield "call " + safeFormat(c.request()) + " from " + c.caller;
            }
            case Envelope.CAST -> "cast " + safeFormat(e.message);
            default -> safeFormat(e.message);
        };
    }

    @Override
    public void requestStop(ExitReason reason) {
        stopRequested = reason;
    }

    @Override
    public void requestIdleTimeout(Duration timeout) {
        nextWait = Math.max(0, timeout.toNanos());
    }

    @Override
    public void requestHibernate() {
        hibernateRequested = true;
    }

    @Override
    public void requestContinue(Object continuation) {
        if (!cb.behaviourName().equals("gen_server")) {
            throw new IllegalStateException("Handler.continueWith is gen_server's {continue, C}; a "
                    + cb.behaviourName() + " has no handleContinue" + (cb.behaviourName().equals("gen_statem")
                    ? ": insert an event with Transition.nextEvent" : ""));
        }
        pendingContinue = continuation;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The sys protocol

    private void onSystem(CallEnvelope call) {
        SysRequest request = (SysRequest) call.request();
        switch (request) {
            case SysRequest.GetState g -> answerWith(call, () -> cb.snapshot(state));
            case SysRequest.ReplaceState r -> replaceState(call, r);
            case SysRequest.InspectState i -> {
                try {
                    call.reply(i.function().apply(cb.exposeState(state)));
                } catch (RuntimeException e) {
                    call.fail(new StateFunctionException(self, e));
                }
            }
            case SysRequest.GetStatus g -> answerWith(call, this::status);
            case SysRequest.Suspend s -> {
                suspended = true;
                self.setStatus(ProcessImpl.SUSPENDED);
                call.reply(Boolean.TRUE);
            }
            case SysRequest.Resume r -> {
                suspended = false;
                self.setStatus(ProcessImpl.RUNNING);
                call.reply(Boolean.TRUE);
            }
            case SysRequest.Trace t -> {
                debug().trace(t.on() ? t.sink() : null);
                settleDebug();
                call.reply(Boolean.TRUE);
            }
            case SysRequest.Log l -> {
                debug().log(l.size());
                settleDebug();
                call.reply(Boolean.TRUE);
            }
            case SysRequest.LogGet g -> call.reply(debug == null ? java.util.List.of() : debug.logged());
            case SysRequest.LogPrint p -> {
                if (debug != null) {
                    for (SysEvent e : debug.logged()) {
                        p.sink().line(e.line());
                    }
                }
                call.reply(Boolean.TRUE);
            }
            case SysRequest.LogToFile f -> {
                try {
                    debug().logToFile(f.path());
                    settleDebug();
                    call.reply(Boolean.TRUE);
                } catch (IOException e) {
                    settleDebug();
                    call.fail(new UncheckedIOException("log_to_file " + f.path() + ": " + e.getMessage(), e));
                }
            }
            case SysRequest.Statistics s -> {
                stats = s.on() ? new Stats(Instant.now(), self.messagesIn(), self.messagesOut(), self.handlerNanos())
                        : null;
                call.reply(Boolean.TRUE);
            }
            case SysRequest.StatisticsGet g -> call.reply(stats == null ? null
                    : new Statistics(stats.start(), Instant.now(), self.messagesIn() - stats.in(),
                            self.messagesOut() - stats.out(), Duration.ofNanos(self.handlerNanos() - stats.nanos())));
            case SysRequest.Install i -> {
                debug().install(i.id(), i.function());
                settleDebug();
                call.reply(Boolean.TRUE);
            }
            case SysRequest.Remove r -> {
                boolean removed = debug != null && debug.remove(r.id());
                settleDebug();
                call.reply(removed);
            }
            case SysRequest.NoDebug n -> {
                if (debug != null) {
                    debug.clear();
                }
                debug = null;
                stats = null;
                call.reply(Boolean.TRUE);
            }
            case SysRequest.Terminate t -> {
                self.beginCall(call); // left unanswered: the exit fails it with the final reason, which stop checks
                throw terminate(t.reason());
            }
        }
    }

    private void replaceState(CallEnvelope call, SysRequest.ReplaceState r) {
        S replacement;
        try {
            replacement = cb.adoptState(state, r.function().apply(cb.exposeState(state)));
        } catch (RuntimeException e) {
            call.fail(new StateFunctionException(self, e));
            return;
        }
        state = replacement;
        answerWith(call, () -> cb.snapshot(state));
    }

    private void answerWith(CallEnvelope call, Supplier<Object> answer) {
        try {
            call.reply(answer.get());
        } catch (RuntimeException e) {
            call.fail(new StateFunctionException(self, e));
        }
    }

    private SysStatus status() {
        return new SysStatus(self, self.registeredName(), cb.behaviourName(), cb.module().getName(),
                suspended ? "suspended" : "running", parent != null ? parent : self,
                describeDebug(), safeFormatState(), cb.statusExtra(state));
    }

    private java.util.List<String> describeDebug() {
        java.util.List<String> d = new java.util.ArrayList<>(debug == null ? java.util.List.of() : debug.describe());
        if (stats != null) {
            d.add("statistics");
        }
        return d;
    }

    private Debug debug() {
        if (debug == null) {
            debug = new Debug();
        }
        return debug;
    }

    private void settleDebug() {
        if (debug != null && !debug.active()) {
            debug = null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Debug events; only reached when debug != null

    private String processName() {
        String n = self.registeredName();
        return n != null ? n : self.toString();
    }

    private void received(SysEvent.Kind kind, Object message, Pid from) {
        String inState = cb.stateName(state);
        String m = safeFormat(message);
        String text;
        if (inState == null) {
            text = switch (kind) {
                case CALL -> "got call " + m + " from " + from;
                case CAST -> "got cast " + m;
                case TIMEOUT -> "got timeout";
                case INFO -> "got " + m;
            };
        } else {
            String what = cb.eventKind(kind, message);
            text = "receive " + what + (m.isEmpty() ? "" : " " + m) + (from != null ? " from " + from : "")
                    + " in state " + inState;
        }
        debug.handle(new SysEvent.Received(processName(), System.currentTimeMillis(), kind, message, from, text,
                inState));
    }

    private void replied(Object reply, Pid to) {
        String r = safeFormatReply(reply);
        if (cb.stateName(state) != null) {
            debug.handle(new SysEvent.Replied(processName(), System.currentTimeMillis(), reply, to, null,
                    "sent " + r + " to " + to));
            return;
        }
        String s = safeFormatState();
        debug.handle(new SysEvent.Replied(processName(), System.currentTimeMillis(), reply, to, s,
                "sent " + r + " to " + to + ", new state " + s));
    }

    private void noReply() {
        if (cb.stateName(state) != null) {
            return; // a state machine reports its own transitions
        }
        String s = safeFormatState();
        debug.handle(new SysEvent.NoReply(processName(), System.currentTimeMillis(), s, "new state " + s));
    }

    /**
     * Reports an event of the behaviour's own (a state machine's {@code switched to state …}, {@code postpone …});
     * no-op with debug off. Owner only.
     */
    public void event(String tag, String text) {
        if (debug != null) {
            debug.handle(tag.equals("switch")
                    ? new SysEvent.StateChanged(processName(), System.currentTimeMillis(), text, "switched to state "
                            + text)
                    : new SysEvent.Other(processName(), System.currentTimeMillis(), tag, text));
        }
    }

    /** True if debug events would go anywhere; lets a behaviour skip formatting. Owner only. */
    public boolean debugging() {
        return debug != null;
    }

    /** Reports a reply sent by a behaviour's action rather than returned; no-op with debug off. Owner only. */
    public void replySent(Object reply, Pid to) {
        if (debug != null) {
            replied(reply, to);
        }
    }

    private String safeFormat(Object message) {
        try {
            return cb.formatMessage(message);
        } catch (RuntimeException e) {
            return String.valueOf(message) + " (formatter failed: " + e + ")";
        }
    }

    private String safeFormatReply(Object reply) {
        try {
            return cb.formatReply(reply);
        } catch (RuntimeException e) {
            return String.valueOf(reply) + " (formatter failed: " + e + ")";
        }
    }

    private String safeCrashDetail() {
        try {
            return state == null ? "" : cb.crashDetail(state);
        } catch (RuntimeException e) {
            return "(crash detail failed: " + e + ")";
        }
    }

    private String safeFormatState() {
        try {
            return cb.formatState(state);
        } catch (RuntimeException e) {
            return "(state formatter failed: " + e + ")";
        }
    }
}
