package io.loomotp.sys;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.ProcessRef;
import io.loomotp.runtime.ProcessStatus;
import io.loomotp.runtime.sys.DebugFunction;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.sys.TraceSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The sys facade bound to one node: what {@link Sys} does, for targets that need a node to be found (a registered
 * name, or the text of a pid, {@code "<0.42>"}), and with another timeout or sink than {@link Sys}'s defaults (5 s,
 * standard output). Get one with {@link Sys#on(Node)}; it is immutable and may be shared between threads.
 *
 * <pre>{@code
 * NodeSys sys = Sys.on(node).withTimeout(Duration.ofSeconds(1)).withSink(Sinks.slf4j());
 * sys.trace("frequency");                 // on
 * sys.statistics("frequency", true);
 * Statistics s = sys.statistics("frequency");
 * }</pre>
 *
 * <p>A target is a {@link Pid}, a {@link ProcessRef} (any generated {@code …Ref}), a registered name, or a pid's
 * text. Errors are precise: {@link NoProcessException} for a target that does not exist (its message names the name
 * and the node), {@link CallTimeoutException} if the process did not answer in time (its message names the sys
 * function and the target), {@link ProcessSuspendedException} when it could not because it is suspended,
 * {@code StateFunctionException} when a {@code replaceState} function threw (the process keeps its state and runs
 * on), and {@link IllegalArgumentException} for a target that is no process at all.
 */
public final class NodeSys {
    private final Node node;
    private final Duration timeout;
    private final TraceSink sink;

    private NodeSys(Node node, Duration timeout, TraceSink sink) {
        this.node = node; // null only for Sys's facade on a pid of another node, which resolves no names
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** {@link Sys#on(Node)}: {@link Sys#TIMEOUT}, lines to standard output. */
    static NodeSys of(Node node) {
        return new NodeSys(Objects.requireNonNull(node, "node"), Sys.TIMEOUT, Sinks.stdout());
    }

    /** {@link Sys}'s facade for a pid of another node: sys requests go to it by message; no names are resolved. */
    static NodeSys remote() {
        return new NodeSys(null, Sys.TIMEOUT, Sinks.stdout());
    }

    /** The same facade with another timeout for every request. */
    public NodeSys withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a sys timeout must not be negative: " + timeout);
        }
        return new NodeSys(node, timeout, sink);
    }

    /** The same facade with another place for the lines of {@link #trace} and {@link #logPrint}. */
    public NodeSys withSink(TraceSink sink) {
        return new NodeSys(node, timeout, sink);
    }

    /** The node whose names this facade resolves (null for the facade {@link Sys} uses on a remote pid). */
    public Node node() {
        return node;
    }

    /**
     * The process a target names: a {@link Pid}, a {@link ProcessRef} (any generated client), a registered name, or a
     * pid's text ({@code "<0.42>"}).
     *
     * @throws NoProcessException if no process of this node has that name or pid; the message names both
     * @throws IllegalArgumentException if the target is none of those, or a text that is no pid
     */
    public Pid resolve(Object target) {
        return switch (target) {
            case Pid p -> p;
            case ProcessRef r -> r.pid();
            case String s when node == null -> throw new IllegalArgumentException("no node to find '" + s + "' on: use "
                    + "Sys.on(node) for names and pid texts");
            case String s when s.strip().startsWith("<") -> {
                Pid p = node.pidOf(s);
                if (p == null) {
                    throw new NoProcessException(s.strip(), "node " + node.name() + " has no live process with that "
                            + "pid");
                }
                yield p;
            }
            case String name -> {
                Pid p = node.whereis(name);
                if (p == null) {
                    throw new NoProcessException(name, "node " + node.name() + " has no process registered as '"
                            + name + "'");
                }
                yield p;
            }
            case null -> throw new IllegalArgumentException("no target: give a pid, a client or a registered name");
            default -> throw new IllegalArgumentException(target + " (a " + target.getClass().getName() + ") is no "
                    + "process: give a Pid, a generated client (ProcessRef), or a registered name");
        };
    }

    // --- trace, log, statistics --------------------------------------------------------------------------------

    /** Switches tracing on, its lines to this facade's sink: {@code sys:trace(Name, true)}. */
    public void trace(Object target) {
        trace(target, true);
    }

    /** Switches tracing on (lines to this facade's sink) or off: {@code sys:trace/2}. */
    public void trace(Object target, boolean on) {
        Pid pid = resolve(target);
        run(pid, "trace", () -> {
            SysCalls.trace(pid, on, on ? sink : null, timeout);
            return null;
        });
    }

    /** Keeps the last {@code size} events in the process, for {@link #logGet} and {@link #logPrint}; 0 switches off. */
    public void log(Object target, int size) {
        Pid pid = resolve(target);
        run(pid, "log", () -> {
            SysCalls.log(pid, size, timeout);
            return null;
        });
    }

    /** The events logged, oldest first: {@code sys:log(Pid, get)}. */
    public List<SysEvent> logGet(Object target) {
        Pid pid = resolve(target);
        return run(pid, "logGet", () -> SysCalls.logGet(pid, timeout));
    }

    /** Sends the events logged to this facade's sink: {@code sys:log(Pid, print)}. */
    public void logPrint(Object target) {
        Pid pid = resolve(target);
        run(pid, "logPrint", () -> {
            SysCalls.logPrint(pid, sink, timeout);
            return null;
        });
    }

    /** Writes every event to a file as it happens, or stops that (null): {@code sys:log_to_file/2}. */
    public void logToFile(Object target, Path file) {
        Pid pid = resolve(target);
        run(pid, "logToFile", () -> {
            SysCalls.logToFile(pid, file, timeout);
            return null;
        });
    }

    /** Switches statistics on or off: {@code sys:statistics/2}. */
    public void statistics(Object target, boolean on) {
        Pid pid = resolve(target);
        run(pid, "statistics", () -> {
            SysCalls.statistics(pid, on, timeout);
            return null;
        });
    }

    /** The statistics since they were switched on: {@code sys:statistics(Pid, get)}. */
    public Statistics statistics(Object target) {
        Pid pid = resolve(target);
        return run(pid, "statistics", () -> SysCalls.statisticsGet(pid, timeout));
    }

    // --- state and status ----------------------------------------------------------------------------------------

    /** The state, as the behaviour shows it (a snapshot taken inside the process): {@code sys:get_state}. */
    public Object getState(Object target) {
        Pid pid = resolve(target);
        return run(pid, "getState", () -> SysCalls.getState(pid, timeout));
    }

    /**
     * Replaces the state with what a function of it returns, inside the process: {@code sys:replace_state}. A function
     * that throws leaves the state as it was ({@code StateFunctionException}).
     */
    public <S> Object replaceState(Object target, UnaryOperator<S> function) {
        Pid pid = resolve(target);
        return run(pid, "replaceState", () -> SysCalls.replaceState(pid, function, timeout));
    }

    public SysStatus getStatus(Object target) {
        Pid pid = resolve(target);
        return run(pid, "getStatus", () -> SysCalls.getStatus(pid, timeout));
    }

    /**
     * Suspends the process: it answers system messages only, until {@link #resume}. A process suspended already stays
     * so, and this returns normally, as {@code sys:suspend/1} answers {@code ok}; suspends are not counted: one
     * {@code resume} resumes it.
     */
    public void suspend(Object target) {
        Pid pid = resolve(target);
        ProcessCounters c = counters(pid);
        if (c != null && c.status() == ProcessStatus.SUSPENDED) {
            return;
        }
        run(pid, "suspend", () -> {
            SysCalls.suspend(pid, timeout);
            return null;
        });
    }

    public void resume(Object target) {
        Pid pid = resolve(target);
        run(pid, "resume", () -> {
            SysCalls.resume(pid, timeout);
            return null;
        });
    }

    /**
     * Orders the process to terminate with {@code reason}, and returns once it has: {@code sys:terminate/2}. A
     * behaviour runs its terminate (a suspended one too); a special process its {@code systemTerminate}.
     *
     * @throws io.loomotp.runtime.ProcessExitException if it ended with another reason
     */
    public void terminate(Object target, ExitReason reason) {
        Pid pid = resolve(target);
        run(pid, "terminate", () -> {
            SysCalls.terminate(pid, reason, timeout);
            return null;
        });
    }

    // --- debug functions -------------------------------------------------------------------------------------------

    /** Installs a function that sees every debug event, under an id: {@code sys:install/2}. */
    public void install(Object target, String id, DebugFunction function) {
        Pid pid = resolve(target);
        run(pid, "install", () -> {
            SysCalls.install(pid, id, function, timeout);
            return null;
        });
    }

    /** Removes an installed function; false if none had that id: {@code sys:remove/2}. */
    public boolean remove(Object target, String id) {
        Pid pid = resolve(target);
        return run(pid, "remove", () -> SysCalls.remove(pid, id, timeout));
    }

    /** Switches every debug option off: trace, log, statistics, installed functions: {@code sys:no_debug/1}. */
    public void noDebug(Object target) {
        Pid pid = resolve(target);
        run(pid, "noDebug", () -> {
            SysCalls.noDebug(pid, timeout);
            return null;
        });
    }

    /** The behaviours whose loops are the runtime's own, and answer system messages between any two messages. */
    private static final java.util.Set<String> STANDARD_LOOPS =
            java.util.Set.of("gen_server", "gen_statem", "supervisor", "gen_event");

    /**
     * Runs a request. A timeout says which sys function went unanswered, by whom, and why if that is known: the process
     * is suspended (which only some requests mind), a plain process that answers no system messages, or a special
     * process whose loop does not hand them to sys.
     */
    private <T> T run(Pid pid, String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (CallTimeoutException e) {
            ProcessCounters c = counters(pid);
            if (c != null && c.status() == ProcessStatus.SUSPENDED) {
                ProcessSuspendedException s = new ProcessSuspendedException(pid, what);
                s.initCause(e);
                throw s;
            }
            ProcessInfo info = c == null ? null : node.info(pid);
            String name = c == null || c.registeredName() == null ? "" : " (" + c.registeredName() + ")";
            String why = info == null ? (pid.nodeId() == node.id() ? "" : "; a process of another node: busy, "
                    + "stuck, suspended, or a plain process that answers no system messages (its node's info says "
                    + "which)")
                    : info.behaviour() == null
                    ? "; it runs no behaviour, and a plain process answers sys only if it handles system messages itself"
                    : !STANDARD_LOOPS.contains(info.behaviour())
                    ? "; it is a special process (" + info.behaviour() + "), which answers sys only when its own loop "
                            + "hands each SystemMessage to SysDebug.handleSystemMessage: busy, or its receive leaves "
                            + "them in its mailbox (" + info.mailboxLength() + " waiting)"
                    : "; it is busy or stuck: the request stays in its mailbox, and is carried out when the "
                            + "process gets to it (as sys's)";
            CallTimeoutException t = new CallTimeoutException(pid, "sys " + what + " of " + pid + name + why,
                    e.timeout());
            t.initCause(e);
            throw t;
        }
    }

    /**
     * The counters of a local process, or null if it is dead or of another node. A remote process is only asked by
     * message: suspending it twice is not refused here (the process answers the second suspend, as OTP's does), and a
     * timeout does not say whether it was suspended.
     */
    private ProcessCounters counters(Pid pid) {
        return node != null && Node.isLocal(pid) ? node.counters(pid) : null;
    }
}
