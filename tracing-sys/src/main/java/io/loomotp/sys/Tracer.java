package io.loomotp.sys;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.sys.DebugFunction;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.TraceSink;
import io.loomotp.sys.jfr.MessageHandledEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rate-limited tracing in the style of {@code recon_trace}: a trace that cannot take the node down. A session traces
 * the messages a {@link TracePattern} picks out, in the behaviour processes it picks out, those running now and those
 * started later, and switches itself off when its {@link TraceLimit} is reached, saying so in its sink.
 *
 * <ul>
 *   <li>One session per node: a new one replaces the old; {@link #clear} stops it.
 *   <li>A pattern that would trace everything needs a limit: {@code start} refuses it without one.
 *   <li>A traced process pays for its debug function only while the session lasts: off, nothing remains installed.
 * </ul>
 *
 * <p>It works through the sys protocol: each traced process gets a debug function (id {@value #ID}), which sees its
 * events inside the process; the limit is shared by all of them.
 */
public final class Tracer {
    /**
     * The start of the id of the debug function a session installs in each traced process; each session adds a number
     * of its own, so that a session's clean-up never removes its successor's function. Under
     * {@link SysCalls#TOOL_ID_PREFIX}, so {@code sys:no_debug} leaves it, as it leaves {@code recon_trace}'s traces.
     */
    public static final String ID = SysCalls.TOOL_ID_PREFIX + "tracer#";
    private static final java.util.concurrent.atomic.AtomicLong SESSION_IDS = new java.util.concurrent.atomic.AtomicLong();

    /** How long {@code start} waits, in all, for the processes running now to take the session's debug function. */
    private static final Duration INSTALL = Duration.ofSeconds(2);
    /**
     * How long a busy process's install is waited for before the session gives up on it (its request stays in its
     * mailbox: if it takes it later, its function counts it as traced from its first event).
     */
    private static final Duration LATE_INSTALL = Duration.ofMinutes(1);
    private static final Map<Node, Session> SESSIONS = new WeakHashMap<>();

    private Tracer() {}

    /**
     * Starts a session on a node, replacing the one running there.
     *
     * <p>Returns once every process the pattern picks out now has taken the session's debug function, or after 2 s
     * in all: one busy in a handler, or with mail ahead of the request, takes it when it gets to it, and is listed by
     * {@link Session#pending()} until then (the installs are asked of all of them at once, not one after another).
     *
     * @throws IllegalArgumentException if the pattern would trace everything and there is no limit
     */
    public static Session start(Node node, TracePattern pattern, TraceLimit limit, TraceSink sink) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(sink, "sink");
        if (pattern.isEverything() && limit instanceof TraceLimit.None) {
            throw new IllegalArgumentException("tracing every message of every process without a limit could take "
                    + "the node down: give a limit (TraceLimit.count(10), TraceLimit.rate(10, 1 s)) or narrow the "
                    + "pattern");
        }
        Session s = new Session(node, pattern, limit, sink);
        Session old;
        synchronized (SESSIONS) {
            old = SESSIONS.put(node, s);
        }
        if (old != null) {
            old.stop("replaced by a new trace session");
        }
        s.begin();
        return s;
    }

    /**
     * Stops the node's session, if one runs: recon_trace's {@code clear()}, which may be called whether a trace runs
     * or not. Returns the session this call stopped, empty if none was running (none started, or it had stopped by
     * itself, at its limit, already), so that an operator can be told which.
     */
    public static Optional<Session> clear(Node node) {
        Session s;
        synchronized (SESSIONS) {
            s = SESSIONS.remove(node);
        }
        return s != null && s.stop("cleared") ? Optional.of(s) : Optional.empty();
    }

    /** The node's running session. */
    public static Optional<Session> current(Node node) {
        synchronized (SESSIONS) {
            Session s = SESSIONS.get(node);
            return s == null || !s.isRunning() ? Optional.empty() : Optional.of(s);
        }
    }

    /** One trace session. */
    public static final class Session {
        private final Node node;
        private final TracePattern pattern;
        private final TraceLimit limit;
        private final TraceSink sink;
        /** Null while the session runs; set once, so that a stopped session always has its reason. */
        private final AtomicReference<String> stopReason = new AtomicReference<>();
        private final TraceBudget budget;
        private final Set<Pid> traced = ConcurrentHashMap.newKeySet();
        /** Processes picked out whose install request is on its way: in their mailboxes, not yet taken. */
        private final Set<Pid> pending = ConcurrentHashMap.newKeySet();
        private final String id = ID + SESSION_IDS.incrementAndGet();
        private AutoCloseable startHook;

        Session(Node node, TracePattern pattern, TraceLimit limit, TraceSink sink) {
            this.node = node;
            this.pattern = pattern;
            this.limit = limit;
            this.sink = sink;
            this.budget = new TraceBudget(limit);
        }

        private void begin() {
            startHook = node.onBehaviourStart(this::started);
            List<Thread> installs = new ArrayList<>();
            for (Pid p : node.processes()) {
                Thread t = consider(p);
                if (t != null) {
                    installs.add(t);
                }
            }
            long deadline = System.nanoTime() + INSTALL.toNanos();
            try {
                for (Thread t : installs) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                        break; // the rest are pending: each is traced once it takes its request
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * A process started while the session runs, told of on the thread that started it: it is asked at once, and
         * that thread waits (up to 2 s) for it to take the function, so that its first messages are traced too; one
         * busy from its start on (a long continuation) is left pending.
         */
        private void started(Pid pid) {
            Thread t = consider(pid);
            if (t != null) {
                try {
                    t.join(INSTALL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * Asks a process the pattern picks out to install the session's debug function, on a thread of its own, so
         * that a busy process delays neither the start nor the thread that told of a new process (a supervisor's).
         * Returns that thread, or null if the process is not one to trace.
         */
        private Thread consider(Pid pid) {
            if (!isRunning() || traced.contains(pid)) {
                return null;
            }
            ProcessInfo info = node.info(pid);
            if (info == null || info.behaviour() == null || !pattern.tracesProcess(info.initialCall())
                    || !pending.add(pid)) {
                return null;
            }
            return Thread.ofVirtual().name("tracer-install").start(() -> install(pid));
        }

        private void install(Pid pid) {
            try {
                SysCalls.install(pid, id, new Watcher(pid), LATE_INSTALL);
                traced.add(pid);
                if (!isRunning()) {
                    SysCalls.remove(pid, id, INSTALL); // it took it after the session stopped and cleaned up
                }
            } catch (RuntimeException goneOrBusy) {
                // it died, or did not take the request within LATE_INSTALL: see Watcher.onEvent
            } finally {
                pending.remove(pid);
            }
        }

        /** The processes traced so far: those that have taken the session's debug function. */
        public Set<Pid> traced() {
            return Set.copyOf(traced);
        }

        /**
         * The processes the pattern picked out that have not taken the session's debug function yet: busy in a
         * handler, or with mail ahead of the request. Each is traced once it gets to it.
         */
        public Set<Pid> pending() {
            return Set.copyOf(pending);
        }

        /**
         * Where the session traces, for an operator: {@code in 3 processes}, and the pending ones, {@code in 2
         * processes, 1 more once it takes the request (busy)}.
         */
        public String coverage() {
            int n = traced.size();
            int busy = pending.size();
            return "in " + n + (n == 1 ? " process" : " processes") + (busy == 0 ? ""
                    : ", " + busy + " more once " + (busy == 1 ? "it takes" : "they take") + " the request (busy)");
        }

        /** What it traces. */
        public TracePattern pattern() {
            return pattern;
        }

        /** The limit that switches it off. */
        public TraceLimit limit() {
            return limit;
        }

        /**
         * What it traced and how far it got, for an operator told it was stopped: {@code Frequency, handler allocate
         * (limit: 100 lines) in 3 processes, after 12 lines}.
         */
        public String summary() {
            int n = traced.size();
            long l = lines();
            return pattern + " (limit: " + limit + ") in " + n + (n == 1 ? " process" : " processes") + ", after " + l
                    + (l == 1 ? " line" : " lines");
        }

        /** Trace lines so far. */
        public long lines() {
            return budget.lines();
        }

        public boolean isRunning() {
            return stopReason.get() == null;
        }

        /** Why it stopped, or null while it runs. */
        public String stopReason() {
            return stopReason.get();
        }

        /** Stops the session: no more lines, and its debug functions are removed. */
        public void stop() {
            stop("stopped");
        }

        /** Stops it for {@code why}; false if it had stopped already. */
        boolean stop(String why) {
            if (!stopReason.compareAndSet(null, why)) {
                return false;
            }
            try {
                if (startHook != null) {
                    startHook.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            try {
                synchronized (this) {
                    sink.line("*TRACE* " + node.name() + ": tracing off (" + why + ") after "
                            + TraceBudget.lines(budget.lines()));
                }
            } catch (RuntimeException sinkFailed) {
                // a broken sink must not keep the session's functions installed, nor fail clear() or the next start
            }
            // each function removes itself at its next event; remove them now from processes that may see none
            Thread.ofVirtual().name("tracer-cleanup").start(() -> {
                for (Pid p : traced) {
                    try {
                        SysCalls.remove(p, id, INSTALL); // this session's function only
                    } catch (RuntimeException gone) {
                        // dead, or too busy to answer: its function goes at its next event
                    }
                }
            });
            synchronized (SESSIONS) {
                SESSIONS.remove(node, this);
            }
            return true;
        }

        /** Stops the session for its limit, from a thread of its own (not inside the traced process's event). */
        private void stopForLimit() {
            if (isRunning()) {
                Thread.ofVirtual().start(() -> stop(budget.reason()));
            }
        }

        /** The debug function in one traced process: sees its events inside it. */
        private final class Watcher implements DebugFunction {
            private final Pid pid;
            private boolean awaitingReply;
            private boolean counted;

            Watcher(Pid pid) {
                this.pid = pid;
            }

            @Override
            public boolean onEvent(SysEvent event) {
                if (!isRunning()) {
                    return false;
                }
                if (!counted) { // installed later than the session waited for: it is traced all the same
                    counted = true;
                    traced.add(pid);
                }
                switch (event) {
                    case SysEvent.Received r -> {
                        awaitingReply = false;
                        if (pattern.tracesMessage(r.message(), r.text())) {
                            emit(r.process(), r.text());
                            MessageHandledEvent.emit(pid, r.process(), r.kind().name().toLowerCase(),
                                    r.text());
                            awaitingReply = pattern.replies();
                        }
                    }
                    case SysEvent.Replied r when awaitingReply -> {
                        awaitingReply = false;
                        emit(r.process(), r.text());
                    }
                    default -> { }
                }
                return isRunning();
            }

            /**
             * Writes one line if the limit admits it. The sink is called by one thread at a time (the session's
             * lock), so a sink that is not thread-safe gets whole lines; the line that reaches the limit is written
             * before the stop is started, so "tracing off" comes after it, as recon_trace's notice comes last.
             */
            private void emit(String process, String text) {
                TraceBudget.Verdict v = budget.admit();
                if (v == TraceBudget.Verdict.REFUSE) {
                    stopForLimit();
                    return;
                }
                try {
                    synchronized (Session.this) {
                        sink.line("*TRACE* " + process + " " + text);
                    }
                } catch (RuntimeException e) {
                    // the whole session ends, and says why: not this process's function alone, silently
                    Thread.ofVirtual().start(() -> stop("its sink failed: " + e));
                    return;
                }
                if (v == TraceBudget.Verdict.ADMIT_LAST) {
                    stopForLimit();
                }
            }
        }

        @Override
        public String toString() {
            String why = stopReason.get();
            return "trace session on " + node.name() + ": " + pattern + ", " + limit + ", "
                    + TraceBudget.lines(budget.lines())
                    + (why == null ? "" : ", stopped (" + why + ")");
        }
    }
}
