package io.loomotp.runtime.statem;

import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The generic state machine: OTP's {@code gen_statem} client API. Starts machines over a
 * {@link StateMachineCallbacks}. Its events are sent with {@code GenServer.call} (sync events) and
 * {@code GenServer.cast}; it is stopped with {@code GenServer.stop}; the sys protocol is the same as a server's.
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
