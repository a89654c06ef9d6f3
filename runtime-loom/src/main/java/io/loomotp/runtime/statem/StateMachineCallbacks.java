package io.loomotp.runtime.statem;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;

/**
 * The callback module of a state machine: the part of a gen_statem that is the user's, as {@code gen_statem.erl}'s
 * header divides it. Generated code implements it for each {@code @StateMachine} class, with {@code D} the class (its
 * instance is the machine's data); the generic part ({@link GenStatem}) runs on the same server loop as a gen_server,
 * with the same sys protocol.
 *
 * <pre>
 *   GenStatem (generic)                        StateMachineCallbacks (this interface)
 *   -------------------                        --------------------------------------
 *   start      -----&gt; factory, then           init(data) -&gt; the first state
 *   call, cast -----&gt;                         handleEvent(data, state, event, from)
 *   any message, internal event, timeout -&gt;   handleInfo(data, state, message)
 *   state change (with enter calls) -----&gt;    enter(data, oldState, state)
 *   stop, crash -----&gt;                        terminate(data, state, reason)
 * </pre>
 *
 * <p>A handler returns the next state, a {@link Transition}, {@link #KEEP} (keep the state, no actions), or
 * {@link #UNHANDLED} when it has no handler for the event in this state. Every method runs on the machine's own
 * thread, one event at a time.
 *
 * @param <D> the machine's data: the user's class
 */
public interface StateMachineCallbacks<D> {

    /** A handler that returns {@code void}: keep the state, take no action. */
    Object KEEP = new Object() {
        @Override
        public String toString() {
            return "keep_state";
        }
    };

    /** No handler for this event in this state. */
    Object UNHANDLED = new Object() {
        @Override
        public String toString() {
            return "unhandled";
        }
    };

    /**
     * Runs inside the new process after the factory built the data: returns the first state, a
     * {@link Transition#next} with actions, or an {@code InitResult} to ignore or stop. Not called for a machine whose
     * start gave its first state.
     */
    Object init(D data) throws Exception;

    /** Handles an event sent through the client: a cast, or a call ({@code from} is then the caller, else null). */
    Object handleEvent(D data, Object state, Object event, From from) throws Exception;

    /** Handles any other message, an internal event, or a timeout event. Returns {@link #UNHANDLED} for none. */
    default Object handleInfo(D data, Object state, Object message) throws Exception {
        return UNHANDLED;
    }

    /** True if the machine has enter calls: then every state change, and the first state, calls {@link #enter}. */
    default boolean hasEnterCalls() {
        return false;
    }

    /** The enter call of {@code state}, entered from {@code oldState}: returns {@link #KEEP} or an {@link EnterTransition}. */
    default Object enter(D data, Object oldState, Object state) throws Exception {
        return KEEP;
    }

    /** Runs when the machine stops; see {@code ServerCallbacks.terminate} for when. */
    default void terminate(D data, Object state, ExitReason reason) throws Exception {}

    /** The user's class. */
    Class<?> module();

    /** True if an event no handler takes is logged and dropped; false (the default) if it crashes the machine. */
    default boolean logsUnhandled() {
        return false;
    }

    /** Renders a state for traces: {@code Idle}, {@code Calling[to=124]}. */
    default String formatState(Object state) {
        return String.valueOf(state);
    }

    /** Renders the data for status and crash reports. */
    default String formatData(D data) {
        return String.valueOf(data);
    }

    /** Renders an event or message for traces. */
    default String formatMessage(Object message) {
        return String.valueOf(message);
    }

    /** The data as {@code getState} shows it: taken inside the process, sharing nothing mutable. */
    default Object snapshotData(D data) {
        return data;
    }

    /** True if {@code candidate} is a state of this machine. */
    default boolean acceptsState(Object candidate) {
        return candidate != null;
    }

    /** True if {@code candidate} may replace the data. */
    default boolean acceptsData(Object candidate) {
        return candidate != null;
    }
}
