package io.loomotp.sys;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessRef;
import io.loomotp.runtime.sys.DebugFunction;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.sys.TraceSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The sys facade: OTP's {@code sys} module, the one way a program looks into and traces its live processes. Each
 * function takes the process as a {@link Pid} or as its generated client (any {@code …Ref}, which is a
 * {@link ProcessRef}), waits {@link #TIMEOUT} for the answer, and sends trace lines to standard output, as
 * {@code sys:trace/2} does:
 *
 * <pre>{@code
 * Sys.trace(frequency);                 // sys:trace(frequency, true)
 * frequency.allocate();
 * Sys.trace(frequency, false);
 * Object state = Sys.getState(frequency);
 * Sys.statistics(frequency, true);
 * Statistics s = Sys.statistics(frequency);
 * }</pre>
 *
 * <p>A registered name, a pid's text ({@code "<0.42>"}), another timeout or another sink need the node: they are
 * {@link #on(Node)}'s, which takes the same functions ({@code Sys.on(node).trace("frequency")}).
 *
 * <p>Each function sends one system message that the process answers on its own thread, between its messages (see
 * {@link SysCalls}, the transport under this facade). Errors are precise: {@link NoProcessException} if the process
 * is dead, {@link CallTimeoutException} if it did not answer in time (its message names the sys function, and says
 * so when the process runs no behaviour), {@link ProcessSuspendedException} when it could not answer because it is
 * suspended, {@code StateFunctionException} when a {@code replaceState} function threw (the process keeps its state object), and
 * {@link IllegalArgumentException} for a pid that is not the runtime's.
 */
public final class Sys {
    /** How long every function here waits for the process's answer: OTP's default, 5 s. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Sys() {}

    /** The facade on one node: for registered names and pid texts, and with another timeout or sink. */
    public static NodeSys on(Node node) {
        return NodeSys.of(node);
    }

    private static NodeSys at(Pid pid) {
        return Node.isLocal(Objects.requireNonNull(pid, "pid")) ? NodeSys.of(Node.of(pid)) : NodeSys.remote();
    }

    private static Pid pid(ProcessRef ref) {
        return Objects.requireNonNull(ref, "ref").pid();
    }

    // --- trace -------------------------------------------------------------------------------------------------------

    /** Switches tracing on, its lines to standard output: {@code sys:trace(Pid, true)}. */
    public static void trace(ProcessRef ref) {
        trace(pid(ref), true);
    }

    /** Switches tracing on, its lines to standard output: {@code sys:trace(Pid, true)}. */
    public static void trace(Pid pid) {
        trace(pid, true);
    }

    /**
     * Switches tracing on (lines to standard output) or off: {@code sys:trace/2}. Switching off is answered after
     * every message that came before it, so by then every line of those has been written.
     */
    public static void trace(ProcessRef ref, boolean on) {
        trace(pid(ref), on);
    }

    /** Switches tracing on (lines to standard output) or off: {@code sys:trace/2}. */
    public static void trace(Pid pid, boolean on) {
        at(pid).trace(pid, on);
    }

    /** Switches tracing on, its lines to a sink (a list's {@code add}, a file, a logger). */
    public static void trace(ProcessRef ref, TraceSink sink) {
        trace(pid(ref), sink);
    }

    /** Switches tracing on, its lines to a sink (a list's {@code add}, a file, a logger). */
    public static void trace(Pid pid, TraceSink sink) {
        at(pid).withSink(Objects.requireNonNull(sink, "sink")).trace(pid, true);
    }

    // --- log ---------------------------------------------------------------------------------------------------------

    /** Keeps the last {@code size} events in the process (OTP's default is 10); 0 stops: {@code sys:log/2}. */
    public static void log(ProcessRef ref, int size) {
        log(pid(ref), size);
    }

    /** Keeps the last {@code size} events in the process (OTP's default is 10); 0 stops: {@code sys:log/2}. */
    public static void log(Pid pid, int size) {
        at(pid).log(pid, size);
    }

    /** The events logged, oldest first: {@code sys:log(Pid, get)}. Empty if logging is off. */
    public static List<SysEvent> logGet(ProcessRef ref) {
        return logGet(pid(ref));
    }

    /** The events logged, oldest first: {@code sys:log(Pid, get)}. Empty if logging is off. */
    public static List<SysEvent> logGet(Pid pid) {
        return at(pid).logGet(pid);
    }

    /** Prints the events logged to standard output: {@code sys:log(Pid, print)}. */
    public static void logPrint(ProcessRef ref) {
        logPrint(pid(ref));
    }

    /** Prints the events logged to standard output: {@code sys:log(Pid, print)}. */
    public static void logPrint(Pid pid) {
        at(pid).logPrint(pid);
    }

    /** Appends every event to a file as it happens, or stops that (null): {@code sys:log_to_file/2}. */
    public static void logToFile(ProcessRef ref, Path file) {
        logToFile(pid(ref), file);
    }

    /** Appends every event to a file as it happens, or stops that (null): {@code sys:log_to_file/2}. */
    public static void logToFile(Pid pid, Path file) {
        at(pid).logToFile(pid, file);
    }

    // --- statistics ----------------------------------------------------------------------------------------------

    /** Switches statistics on (counting from now) or off: {@code sys:statistics/2}. */
    public static void statistics(ProcessRef ref, boolean on) {
        statistics(pid(ref), on);
    }

    /** Switches statistics on (counting from now) or off: {@code sys:statistics/2}. */
    public static void statistics(Pid pid, boolean on) {
        at(pid).statistics(pid, on);
    }

    /** The statistics since they were switched on, or null if they are off: {@code sys:statistics(Pid, get)}. */
    public static Statistics statistics(ProcessRef ref) {
        return statistics(pid(ref));
    }

    /** The statistics since they were switched on, or null if they are off: {@code sys:statistics(Pid, get)}. */
    public static Statistics statistics(Pid pid) {
        return at(pid).statistics(pid);
    }

    // --- state and status ----------------------------------------------------------------------------------------

    /**
     * The state, as the behaviour shows it, read inside the process: {@code sys:get_state/1}. A server's is a
     * {@code StateSnapshot} of its fields, a state machine's a {@code MachineState}.
     */
    public static Object getState(ProcessRef ref) {
        return getState(pid(ref));
    }

    /** The state, as the behaviour shows it, read inside the process: {@code sys:get_state/1}. */
    public static Object getState(Pid pid) {
        return at(pid).getState(pid);
    }

    /**
     * Replaces the state with what a function of the live state returns, inside the process:
     * {@code sys:replace_state/2}. Returns the new state's snapshot. A function that throws, or returns what is no
     * state of the process, leaves the state as it was ({@code StateFunctionException}).
     */
    public static <S> Object replaceState(ProcessRef ref, UnaryOperator<S> function) {
        return replaceState(pid(ref), function);
    }

    /** Replaces the state with what a function of the live state returns: {@code sys:replace_state/2}. */
    public static <S> Object replaceState(Pid pid, UnaryOperator<S> function) {
        return at(pid).replaceState(pid, function);
    }

    /** Who the process is, what it runs, its debug options and its state: {@code sys:get_status/1}. */
    public static SysStatus getStatus(ProcessRef ref) {
        return getStatus(pid(ref));
    }

    /** Who the process is, what it runs, its debug options and its state: {@code sys:get_status/1}. */
    public static SysStatus getStatus(Pid pid) {
        return at(pid).getStatus(pid);
    }

    /**
     * Suspends the process: it answers system messages only, and calls to it time out, until {@link #resume}. One
     * suspended already stays so, without an error, as in OTP.
     */
    public static void suspend(ProcessRef ref) {
        suspend(pid(ref));
    }

    /** Suspends the process, until {@link #resume}: {@code sys:suspend/1}. */
    public static void suspend(Pid pid) {
        at(pid).suspend(pid);
    }

    /** Resumes a suspended process: {@code sys:resume/1}. */
    public static void resume(ProcessRef ref) {
        resume(pid(ref));
    }

    /** Resumes a suspended process: {@code sys:resume/1}. */
    public static void resume(Pid pid) {
        at(pid).resume(pid);
    }

    // --- debug functions ---------------------------------------------------------------------------------------------

    /** Installs a function that sees every debug event, under an id: {@code sys:install/2}. */
    public static void install(ProcessRef ref, String id, DebugFunction function) {
        install(pid(ref), id, function);
    }

    /** Installs a function that sees every debug event, under an id: {@code sys:install/2}. */
    public static void install(Pid pid, String id, DebugFunction function) {
        at(pid).install(pid, id, function);
    }

    /** Removes an installed function; false if none had that id: {@code sys:remove/2}. */
    public static boolean remove(ProcessRef ref, String id) {
        return remove(pid(ref), id);
    }

    /** Removes an installed function; false if none had that id: {@code sys:remove/2}. */
    public static boolean remove(Pid pid, String id) {
        return at(pid).remove(pid, id);
    }

    /**
     * Orders the process to terminate with {@code reason} and returns once it has: {@code sys:terminate/2}. A behaviour
     * runs its terminate, also when suspended.
     *
     * @throws io.loomotp.runtime.ProcessExitException if it ended with another reason
     */
    public static void terminate(ProcessRef ref, ExitReason reason) {
        terminate(pid(ref), reason);
    }

    /** Orders the process to terminate with {@code reason}: {@code sys:terminate/2}; see above. */
    public static void terminate(Pid pid, ExitReason reason) {
        at(pid).terminate(pid, reason);
    }

    /** Switches every debug option off (trace, log, statistics, installed functions): {@code sys:no_debug/1}. */
    public static void noDebug(ProcessRef ref) {
        noDebug(pid(ref));
    }

    /** Switches every debug option off: {@code sys:no_debug/1}. */
    public static void noDebug(Pid pid) {
        at(pid).noDebug(pid);
    }
}
