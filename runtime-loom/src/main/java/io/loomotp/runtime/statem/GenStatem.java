package io.loomotp.runtime.statem;

import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.RequestIds;
import io.loomotp.runtime.Response;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The generic state machine: OTP's {@code gen_statem} client API. Starts machines over a
 * {@link StateMachineCallbacks}, sends them events ({@link #call}, {@link #cast}: {@code gen_statem:call/3} and
 * {@code cast/2}) and stops them ({@link #stop}: {@code gen_statem:stop/3}). A machine runs on the one server loop, so
 * these share the server's call protocol; the sys protocol is the same as a server's.
 *
 * <p>Generated {@code …Ref} clients are built on these methods. Every method may be called from any thread unless it
 * says otherwise.
 */
public final class GenStatem {
    private GenStatem() {}

    /**
     * Starts an unlinked machine and waits until its init has run in the new process.
     *
     * @param factory builds the machine's data inside the new process; called once per start
     * @return the machine's pid, or null if init returned {@code InitResult.ignore()}
     * @throws StartFailedException if the factory or init threw, init returned {@code InitResult.stop}, or the start
     *     timed out
     * @throws AlreadyStartedException if {@code options.name()} is held by a live process
     */
    public static <D> Pid start(Node node, StateMachineCallbacks<D> callbacks, Supplier<? extends D> factory,
                                StartOptions options) {
        return GenServer.start(node, adapter(callbacks, null), machines(factory), options);
    }

    /** Starts an unlinked machine in {@code initialState}, for a machine whose callbacks have no init. */
    public static <D> Pid start(Node node, StateMachineCallbacks<D> callbacks, Supplier<? extends D> factory,
                                Object initialState, StartOptions options) {
        return GenServer.start(node, adapter(callbacks, Objects.requireNonNull(initialState, "initialState")),
                machines(factory), options);
    }

    /** Starts a machine linked to the calling process, as a supervisor does; see {@code GenServer.startLink}. */
    public static <D> Pid startLink(StateMachineCallbacks<D> callbacks, Supplier<? extends D> factory,
                                    StartOptions options) {
        return GenServer.startLink(adapter(callbacks, null), machines(factory), options);
    }

    /** Starts a linked machine in {@code initialState}, for a machine whose callbacks have no init. */
    public static <D> Pid startLink(StateMachineCallbacks<D> callbacks, Supplier<? extends D> factory,
                                    Object initialState, StartOptions options) {
        return GenServer.startLink(adapter(callbacks, Objects.requireNonNull(initialState, "initialState")),
                machines(factory), options);
    }

    /**
     * Starts an unlinked machine on the caller's node that the caller monitors from before its init runs:
     * {@code gen_statem:start_monitor/3,4}. A start that fails or is ignored leaves no monitor and no {@code Down}
     * behind; see {@code GenServer.startMonitor}.
     *
     * @return the machine's pid and the monitor on it, or null if init returned {@code InitResult.ignore()}
     * @throws StartFailedException if the factory or init threw, init returned {@code InitResult.stop}, or the start
     *     timed out
     * @throws IllegalStateException if the caller is not a process
     */
    public static <D> io.loomotp.runtime.Process.Spawned startMonitor(StateMachineCallbacks<D> callbacks,
                                                                       Supplier<? extends D> factory,
                                                                       StartOptions options) {
        return GenServer.startMonitor(adapter(callbacks, null), machines(factory), options);
    }

    /** Starts a monitored machine in {@code initialState}, for a machine whose callbacks have no init. */
    public static <D> io.loomotp.runtime.Process.Spawned startMonitor(StateMachineCallbacks<D> callbacks,
                                                                       Supplier<? extends D> factory,
                                                                       Object initialState, StartOptions options) {
        return GenServer.startMonitor(adapter(callbacks, Objects.requireNonNull(initialState, "initialState")),
                machines(factory), options);
    }

    /**
     * Makes the calling process a state machine in {@code state} with {@code data}, without init:
     * {@code gen_statem:enter_loop/4,5}. The state's enter call runs (with the state as its own old state) if the
     * machine has enter calls, as OTP's does; then the machine runs on the process's own thread until it stops. Never
     * returns. The rules on the caller are {@code GenServer.enterLoop}'s.
     *
     * <p>{@code state} may be a {@link Transition} to a state with actions ({@code enter_loop/5}'s {@code Actions}):
     * {@code Transition.next("idle").stateTimeout(d, c)}, or an event inserted before any other with
     * {@code nextCast}; they act as the same transition returned by init would.
     *
     * @throws IllegalStateException as {@code GenServer.enterLoop}
     */
    public static <D> void enterLoop(StateMachineCallbacks<D> callbacks, D data, Object state, StartOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(state, "state");
        io.loomotp.runtime.internal.ServerLoop.enterCurrent(adapter(callbacks, state), machines(() -> data), options,
                true, null, "GenStatem.enterLoop");
    }

    /**
     * Sends a sync event and waits up to {@code timeout} for the reply: {@code gen_statem:call/3}. The machine answers
     * with a {@code ReplyTo} or a reply action, in this state or a later one (a postponed event waits with the caller).
     *
     * @throws NoProcessException if the machine is dead
     * @throws CallTimeoutException if no reply came in time; a reply that comes later is discarded
     * @throws ProcessExitException if the machine ended before it replied
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static Object call(Pid machine, Object event, Duration timeout) {
        return GenServer.call(machine, event, timeout);
    }

    /**
     * Sends a sync event and returns at once: {@code gen_statem:send_request/2}. The machine sees an ordinary call;
     * its reply comes to this process's mailbox as a {@link Response}. Take it with {@link #receiveResponse},
     * {@link #waitResponse} or {@link #checkResponse}; see {@link GenServer#sendRequest(Pid, Object)}.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public static RequestId sendRequest(Pid machine, Object event) {
        return GenServer.sendRequest(machine, event);
    }

    /** {@code gen_statem:receive_response/2}; see {@link GenServer#receiveResponse}. */
    public static Object receiveResponse(RequestId id, Duration timeout) {
        return GenServer.receiveResponse(id, timeout);
    }

    /** {@code gen_statem:wait_response/2}; see {@link GenServer#waitResponse}. */
    public static Object waitResponse(RequestId id, Duration timeout) {
        return GenServer.waitResponse(id, timeout);
    }

    /** {@code gen_statem:check_response/2}; see {@link GenServer#checkResponse}. */
    public static Response checkResponse(Object message, RequestId id) {
        return GenServer.checkResponse(message, id);
    }

    /** {@code gen_statem:send_request/4}; see {@link GenServer#sendRequest(Pid, Object, Object, RequestIds)}. */
    public static <L> RequestIds<L> sendRequest(Pid machine, Object event, L label, RequestIds<L> ids) {
        return GenServer.sendRequest(machine, event, label, ids);
    }

    /** {@code gen_statem:receive_response/3}; see {@link GenServer#receiveResponse(RequestIds, Duration, boolean)}. */
    public static <L> RequestIds.Labelled<L> receiveResponse(RequestIds<L> ids, Duration timeout, boolean delete) {
        return GenServer.receiveResponse(ids, timeout, delete);
    }

    /** {@code gen_statem:wait_response/3}; see {@link GenServer#waitResponse(RequestIds, Duration, boolean)}. */
    public static <L> RequestIds.Labelled<L> waitResponse(RequestIds<L> ids, Duration timeout, boolean delete) {
        return GenServer.waitResponse(ids, timeout, delete);
    }

    /** {@code gen_statem:check_response/3}; see {@link GenServer#checkResponse(Object, RequestIds, boolean)}. */
    public static <L> RequestIds.Labelled<L> checkResponse(Object message, RequestIds<L> ids, boolean delete) {
        return GenServer.checkResponse(message, ids, delete);
    }

    /** Sends an event and returns at once: {@code gen_statem:cast/2}. An event to a dead machine is dropped. */
    public static void cast(Pid machine, Object event) {
        GenServer.cast(machine, event);
    }

    /** Stops a machine with reason {@code normal}, waiting as long as its terminate takes. */
    public static void stop(Pid machine) {
        GenServer.stop(machine);
    }

    /**
     * Stops a machine: {@code gen_statem:stop/3}. It runs its terminate with {@code reason} and exits; this returns
     * once it has.
     *
     * @throws NoProcessException if the machine is dead
     * @throws CallTimeoutException if it did not stop in time
     * @throws ProcessExitException if it exited with another reason
     */
    public static void stop(Pid machine, ExitReason reason, Duration timeout) {
        GenServer.stop(machine, reason, timeout);
    }

    private static <D> ServerCallbacks<StateMachineBehaviour.Machine> adapter(StateMachineCallbacks<D> callbacks,
                                                                          Object initialState) {
        return new StateMachineBehaviour<>(Objects.requireNonNull(callbacks, "callbacks"), initialState);
    }

    private static Supplier<StateMachineBehaviour.Machine> machines(Supplier<?> factory) {
        Objects.requireNonNull(factory, "factory");
        return () -> {
            Object data = factory.get();
            return data == null ? null : StateMachineBehaviour.machine(data);
        };
    }
}
