package io.loomotp.runtime.sys;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.internal.Calls;
import io.loomotp.runtime.internal.Envelope;
import io.loomotp.runtime.internal.SysRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The sys transport: one function per system message of OTP's {@code sys} module, each sent to a pid as a call and
 * waited for with an explicit timeout, as {@code sys.erl}'s {@code send_system_msg/3} does through
 * {@code gen:call(Name, system, Request, Timeout)}. Each message is answered by the process's behaviour loop on its
 * own thread, between user messages; no other thread ever reads or writes the process's state.
 *
 * <p>This is the low-level layer, with nothing filled in: no names, no default timeout, no default sink. Programs and
 * operators use the facade over it, {@code io.loomotp.sys.Sys} (module {@code tracing-sys}:
 * {@code Sys.trace(frequency)}); the runtime itself and tools that must not depend on {@code tracing-sys} use this.
 *
 * <p>Every behaviour answers, and so does a special process that hands the system messages of its own receive loop
 * to {@code io.loomotp.runtime.proc.SysDebug} ({@code docs/reference/special-processes.md}). Every function throws
 * {@link NoProcessException} if the process is dead, {@link CallTimeoutException} if it did not answer in time (a
 * plain process that is no special process never answers), and {@link ProcessExitException} if it died before
 * answering. A suspended process still answers every function here.
 */
public final class SysCalls {
    /**
     * Debug functions installed under ids that start with this belong to the node's tools (the rate-limited tracer of
     * tracing-sys), not to the process's debug options: {@code noDebug} leaves them, as OTP's {@code sys:no_debug}
     * leaves {@code recon_trace}'s traces, which are not sys functions. {@code remove} with the id removes one.
     */
    public static final String TOOL_ID_PREFIX = "loomotp.tool.";

    private SysCalls() {}

    private static Object sys(Pid pid, SysRequest request, Duration timeout) {
        return Calls.call(pid, Envelope.SYSTEM, request, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * The process's state, as its behaviour's {@code snapshot} renders it: {@code sys:get_state/2}. For a generated
     * server, an immutable snapshot of its fields; for a state machine, its state and data.
     */
    public static Object getState(Pid pid, Duration timeout) {
        return sys(pid, new SysRequest.GetState(), timeout);
    }

    /**
     * Replaces the process's state with what {@code function} returns, applied inside the process:
     * {@code sys:replace_state/3}. Returns the new state's snapshot.
     *
     * @throws StateFunctionException if the function threw, or returned something that is not a state of the
     *     process's class; the process keeps its state object (see {@link StateFunctionException})
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <S> Object replaceState(Pid pid, UnaryOperator<S> function, Duration timeout) {
        Objects.requireNonNull(function, "function");
        // not wrapped in a lambda: to a remote pid the function itself crosses (a record allowed on both nodes)
        return sys(pid, new SysRequest.ReplaceState((Function) function), timeout);
    }

    /**
     * Applies a function to the live state inside the process and returns its result; the state is not changed
     * (unless the function mutates it, which it should not). For looking at what a snapshot does not show.
     *
     * @throws StateFunctionException if the function threw
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <S, R> R inspectState(Pid pid, Function<S, R> function, Duration timeout) {
        Objects.requireNonNull(function, "function");
        return (R) sys(pid, new SysRequest.InspectState((Function) function), timeout);
    }

    /** Who the process is, what it runs, its debug options and its state: {@code sys:get_status/2}. */
    public static SysStatus getStatus(Pid pid, Duration timeout) {
        return (SysStatus) sys(pid, new SysRequest.GetStatus(), timeout);
    }

    /** Suspends the process: it handles system messages only, and calls to it time out. {@code sys:suspend/2}. */
    public static void suspend(Pid pid, Duration timeout) {
        sys(pid, new SysRequest.Suspend(), timeout);
    }

    /** Resumes a suspended process: {@code sys:resume/2}. */
    public static void resume(Pid pid, Duration timeout) {
        sys(pid, new SysRequest.Resume(), timeout);
    }

    /** Switches tracing on, to a sink, or off: {@code sys:trace/3}. */
    public static void trace(Pid pid, boolean on, TraceSink sink, Duration timeout) {
        if (on) {
            Objects.requireNonNull(sink, "sink");
        }
        sys(pid, new SysRequest.Trace(on, sink), timeout);
    }

    /** Keeps the last {@code size} events ({@link DebugOptions#DEFAULT_LOG_SIZE} is OTP's), or stops with 0. */
    public static void log(Pid pid, int size, Duration timeout) {
        if (size < 0) {
            throw new IllegalArgumentException("log size must not be negative: " + size);
        }
        sys(pid, new SysRequest.Log(size), timeout);
    }

    /** The logged events, oldest first: {@code sys:log(Pid, get)}. Empty if logging is off. */
    @SuppressWarnings("unchecked")
    public static List<SysEvent> logGet(Pid pid, Duration timeout) {
        return (List<SysEvent>) sys(pid, new SysRequest.LogGet(), timeout);
    }

    /** Writes the logged events to a sink, oldest first: {@code sys:log(Pid, print)}. */
    public static void logPrint(Pid pid, TraceSink sink, Duration timeout) {
        sys(pid, new SysRequest.LogPrint(Objects.requireNonNull(sink, "sink")), timeout);
    }

    /**
     * Appends every event to a file, or stops with null: {@code sys:log_to_file/3}.
     *
     * @throws java.io.UncheckedIOException if the file cannot be opened; the process is unaffected
     */
    public static void logToFile(Pid pid, Path file, Duration timeout) {
        sys(pid, new SysRequest.LogToFile(file), timeout);
    }

    /** Switches statistics on (counting from now) or off: {@code sys:statistics/3}. */
    public static void statistics(Pid pid, boolean on, Duration timeout) {
        sys(pid, new SysRequest.Statistics(on), timeout);
    }

    /** The statistics since they were switched on, or null if they are off: {@code sys:statistics(Pid, get)}. */
    public static Statistics statisticsGet(Pid pid, Duration timeout) {
        return (Statistics) sys(pid, new SysRequest.StatisticsGet(), timeout);
    }

    /** Installs a debug function under an id, replacing any with the same id: {@code sys:install/3}. */
    public static void install(Pid pid, String id, DebugFunction function, Duration timeout) {
        sys(pid, new SysRequest.Install(Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(function, "function")), timeout);
    }

    /** Removes a debug function; returns false if none had that id: {@code sys:remove/3}. */
    public static boolean remove(Pid pid, String id, Duration timeout) {
        return (Boolean) sys(pid, new SysRequest.Remove(Objects.requireNonNull(id, "id")), timeout);
    }

    /**
     * Orders the process to terminate with {@code reason} and waits until it has: {@code sys:terminate/3}. A behaviour
     * runs its {@code terminate}; a special process its {@code SystemCallbacks.systemTerminate}. Works on a suspended
     * process too.
     *
     * @throws ProcessExitException if it exited with another reason (its clean-up threw, or it was killed)
     */
    public static void terminate(Pid pid, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        try {
            sys(pid, new SysRequest.Terminate(reason), timeout);
        } catch (ProcessExitException exited) {
            if (exited.reason().equals(reason)) {
                return;
            }
            throw exited;
        }
        throw new IllegalStateException(pid + " answered a terminate request instead of terminating");
    }

    /** Switches every debug option off: {@code sys:no_debug/2}. */
    public static void noDebug(Pid pid, Duration timeout) {
        sys(pid, new SysRequest.NoDebug(), timeout);
    }
}
