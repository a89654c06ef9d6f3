package io.loomotp.runtime.inline;

import io.loomotp.runtime.internal.InlineMachines;
import io.loomotp.runtime.statem.StateMachineCallbacks;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The runtime's hook for synchronous behaviour tests: binds an {@link InlineProcess} to the calling thread while a
 * handler runs on it, so that {@code Process.self()}, {@code Process.send}, {@code GenServer.cast} and the
 * {@code Handler} requests reach the harness instead of failing for want of a process.
 *
 * <p>It costs a process nothing: the runtime looks for a binding only on a thread that is not a process, where it
 * would otherwise throw (or, for a send, count no sender). Exported only to the test kit (see module-info).
 */
public final class Inline {
    private static final ScopedValue<InlineProcess> CURRENT = ScopedValue.newInstance();

    private Inline() {}

    /**
     * Runs {@code body} on this thread with {@code process} standing in for the running process, and returns its
     * result; an exception of the body is thrown as it is.
     */
    public static <T> T run(InlineProcess process, Callable<T> body) throws Exception {
        Objects.requireNonNull(process, "process");
        return ScopedValue.where(CURRENT, process).call(body::call);
    }

    /**
     * The runtime's own state machine adapter over {@code callbacks} (a generated {@code <Name>_Dispatch}) and a
     * machine holding {@code data}, for a harness to run inline.
     *
     * @param initialState the first state, for a machine whose callbacks have no init; null to ask its init
     */
    public static <D> InlineMachine stateMachine(StateMachineCallbacks<D> callbacks, D data, Object initialState) {
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(data, "data");
        return InlineMachines.create(callbacks, data, initialState);
    }

    /** The stand-in bound to this thread, or null: for the runtime, on threads that are not processes. */
    public static InlineProcess current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }
}
