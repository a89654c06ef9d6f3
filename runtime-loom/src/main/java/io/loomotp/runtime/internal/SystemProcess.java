package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import java.util.Map;
import java.util.function.Function;

/**
 * What the sys part ({@link SystemMessages}) needs from a process that answers system messages: the callbacks OTP's
 * {@code sys:handle_system_msg/6} makes into the module of a special process ({@code system_get_state/1},
 * {@code system_replace_state/2}, {@code system_terminate/4}, {@code format_status/2}).
 *
 * <p>Two kinds of process implement it: the one behaviour loop ({@link ServerLoop}, for servers, state machines,
 * supervisors and event managers), and a special process written by hand ({@code io.loomotp.runtime.proc}), whose
 * callbacks the user writes. {@code system_continue/3} has no callback here: {@link SystemMessages#handle} returns,
 * and the caller goes on with its own loop.
 *
 * <p>Owner only: every method runs on the process's own thread, inside {@link SystemMessages#handle}.
 */
public interface SystemProcess extends BehaviourInfo {

    /**
     * What {@code sys:get_state} answers: {@code system_get_state/1}. Must not share mutable parts of the state.
     *
     * @throws RuntimeException if it cannot be taken; the caller gets a {@code StateFunctionException}
     */
    Object systemGetState();

    /**
     * Replaces the state with what {@code function} makes of it and answers the new state, as
     * {@code sys:get_state} would: {@code system_replace_state/2}.
     *
     * @throws RuntimeException if the function threw or its result cannot be the state; the state object is kept
     */
    Object systemReplaceState(Function<Object, Object> function);

    /**
     * Why this process refuses every {@code replace_state}, checked before the function runs (a supervisor, whose
     * children are processes); null if it takes replacements.
     */
    default String replaceRefusal() {
        return null;
    }

    /**
     * Applies {@code function} to the live state and answers its result; the state is not replaced.
     *
     * @throws RuntimeException if the function threw
     */
    Object systemInspectState(Function<Object, Object> function);

    /** The state, rendered for {@code sys:get_status}; never throws (a failing formatter is rendered as such). */
    String formatStatus();

    /** What else {@code sys:get_status} shows, such as a state machine's pending timeouts; never null. */
    Map<String, String> statusExtra();

    /**
     * Ends the process on {@code sys:terminate} or on its parent's exit while suspended: {@code system_terminate/4}.
     * Runs the process's own clean-up and returns the throwable that unwinds it; never returns normally otherwise.
     */
    ExitUnwind systemTerminate(ExitReason reason);
}
