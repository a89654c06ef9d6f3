package io.loomotp.it.gate;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * The callbacks of the gate behaviour: what a callback module writes, as an Erlang module that declares
 * {@code -behaviour(gate)} writes the functions that {@code gate}'s {@code -callback} attributes list. The generic
 * part ({@link Gate}) owns the process, the queue of clients, the sys protocol and the trace; a callback module owns
 * only the policy: who may enter, and what entering and leaving do to its state.
 *
 * <p>Every callback runs on the gate's own process, one at a time.
 *
 * @param <S> the callback module's state; immutable values make replaceState and trace lines simple
 */
public interface GateCallbacks<S> {

    /** The first state; an exception fails the gate's start. */
    S init() throws Exception;

    /** True if one more client may enter now; while false, clients wait in the gate's mailbox, in order. */
    boolean admits(S state);

    /** A client has entered. */
    S entered(S state, Pid client);

    /** A client has left, or has died: a client that is not inside leaves the state as it is. */
    S left(S state, Pid client);

    /** Cleans up when the gate stops; the default does nothing. */
    default void terminate(ExitReason reason, S state) {}

    /** Renders the state for status and trace; {@code toString} by default. */
    default String formatState(S state) {
        return String.valueOf(state);
    }
}
