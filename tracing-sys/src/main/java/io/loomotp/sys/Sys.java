package io.loomotp.sys;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
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
 * The sys facade: OTP's {@code sys} module for the processes of one node, addressed by pid, registered name (or the
 * text of a pid, {@code "<0.42>"}), or generated client. Every request takes the facade's timeout (5 s unless
 * {@link #withTimeout} says otherwise), and trace and log lines go to its sink (slf4j unless {@link #withSink} says
 * otherwise).
 *
 * <pre>{@code
 * Sys sys = Sys.of(node).withSink(Sinks.stream(System.out));
 * sys.trace("frequency", true);
 * sys.statistics(frequency, true);
 * Statistics s = sys.statistics(frequency);
 * }</pre>
 *
 * <p>Errors are precise: {@link NoProcessException} for a target that does not exist (or a name nobody holds),
 * {@link CallTimeoutException} if the process did not answer in time, {@link ProcessSuspendedException} when it
 * could not because it is suspended, {@code StateFunctionException} when a {@code replaceState} function threw (the
 * process keeps its state and runs on), and {@link IllegalArgumentException} for a target that is no process at all.
 */
public final class Sys {
    private final Node node;
    private final Duration timeout;
    private final TraceSink sink;

    private Sys(Node node, Duration timeout, TraceSink sink) {
        this.node = Objects.requireNonNull(node, "node");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The facade for a node's processes: 5 s timeout, lines to slf4j. */
    public static Sys of(Node node) {
        return new Sys(node, Duration.ofSeconds(5), Sinks.slf4j());
    }

    public Sys withTimeout(Duration timeout) {
        return new Sys(node, timeout, sink);
    }

    /** Where {@link #trace} and {@link #logPrint} send their lines. */
    public Sys withSink(TraceSink sink) {
        return new Sys(node, timeout, sink);
    }

    public Node node() {
        return node;
    }

    /**
     * The process a target names: a {@link Pid}, a {@link ProcessRef} (any generated client), a registered name, or a
     * pid's text ({@code "<0.42>"}).
     *
     * @throws NoProcessException if no process of this node has that name or pid
     * @throws IllegalArgumentException if the target is none of those
     */
    public Pid resolve(Object target) {
        return switch (target) {
            case Pid p -> p;
            case ProcessRef r -> r.pid();
            case String s when s.strip().startsWith("<") -> {
                Pid p = node.pidOf(s);
                if (p == null) {
                    throw new NoProcessException(s, "no process of node " + node.name() + " has that pid");
                }
                yield p;
            }
            case String name -> {
                Pid p = node.whereis(name);
                if (p == null) {
                    throw new NoProcessException(name, "no process of node " + node.name() + " is registered as '"
                            + name + "'; Node.registered() lists the names");
                }
                yield p;
            }
            case null -> throw new IllegalArgumentException("no target: give a pid, a client or a registered name");
            default -> throw new IllegalArgumentException(target + " (a " + target.getClass().getName() + ") is no "
                    + "process: give a Pid, a generated client (ProcessRef), or a registered name");
        };
    }

    // --- trace, log, statistics --------------------------------------------------------------------------------

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
     * Suspends the process: it answers system messages only, until {@link #resume}.
     *
     * @throws ProcessSuspendedException if it is suspended already
     */
    public void suspend(Object target) {
        Pid pid = resolve(target);
        ProcessCounters c = node.counters(pid);
        if (c != null && c.status() == ProcessStatus.SUSPENDED) {
            throw new ProcessSuspendedException(pid, "suspend");
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

    /** Runs a request; a timeout on a suspended process says so. */
    private <T> T run(Pid pid, String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (CallTimeoutException e) {
            ProcessCounters c = node.counters(pid);
            if (c != null && c.status() == ProcessStatus.SUSPENDED) {
                ProcessSuspendedException s = new ProcessSuspendedException(pid, what);
                s.initCause(e);
                throw s;
            }
            throw e;
        }
    }
}
