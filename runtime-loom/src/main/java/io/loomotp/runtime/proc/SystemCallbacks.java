package io.loomotp.runtime.proc;

import io.loomotp.runtime.ExitReason;
import java.util.Map;
import java.util.function.Function;

/**
 * What a special process tells sys about itself: the callbacks OTP's {@code sys:handle_system_msg/6} makes into the
 * module of a special process. {@link SysDebug#handleSystemMessage} calls them, on the process's own thread, while it
 * answers a system message. {@code system_continue/3} has no callback: {@code handleSystemMessage} returns the state
 * to go on with, and the process's own loop continues.
 *
 * <pre>
 *   sys (the runtime)                              SystemCallbacks (this interface)
 *   -----------------                              --------------------------------
 *   get_state        -----&gt;                         systemGetState(state)
 *   replace_state    -----&gt;                         systemReplaceState(function, state)
 *   get_status       -----&gt;                         formatState(state), statusExtra(state)
 *   terminate, parent's exit while suspended  --&gt;   systemTerminate(reason, state), then the process exits
 * </pre>
 *
 * <p>Every method has a default, so an empty implementation (often the process's own class) is a complete one.
 *
 * @param <S> the process's loop data: OTP's {@code Misc}
 */
public interface SystemCallbacks<S> {

    /** What {@link #behaviourName} answers unless a hand-written behaviour names itself. */
    String SPECIAL = "special";

    /**
     * Cleans up before the process ends with {@code reason}: {@code system_terminate/4}. Called on
     * {@code sys:terminate}, and when the parent's exit signal arrives while the process is suspended and traps exits.
     * The process then exits with {@code reason}; an exception here replaces it. The default does nothing.
     */
    default void systemTerminate(ExitReason reason, S state) throws Exception {}

    /** What {@code sys:get_state} answers: {@code system_get_state/1}. The default is the state itself. */
    default Object systemGetState(S state) {
        return state;
    }

    /**
     * The state that replaces {@code state}, from what {@code function} makes of it: {@code system_replace_state/2}.
     * The default applies the function and accepts a result of the same class as the current state.
     *
     * @throws RuntimeException if the replacement is refused; the caller of {@code replaceState} gets it, and the
     *     process goes on with its state unchanged
     */
    @SuppressWarnings("unchecked")
    default S systemReplaceState(Function<Object, Object> function, S state) {
        Object next = function.apply(state);
        if (next == null || state != null && next.getClass() != state.getClass()) {
            throw new ClassCastException("replaceState returned " + (next == null ? "null"
                    : "a " + next.getClass().getName()) + ", which is not a state of " + module().getName()
                    + "; override SystemCallbacks.systemReplaceState to accept it");
        }
        return (S) next;
    }

    /** The state, as {@code sys:get_status} shows it: {@code format_status/2}. */
    default String formatState(S state) {
        return String.valueOf(state);
    }

    /** What else {@code sys:get_status} shows; empty by default. */
    default Map<String, String> statusExtra(S state) {
        return Map.of();
    }

    /** The process's module, for status and process info: the implementing class by default. */
    default Class<?> module() {
        return getClass();
    }

    /**
     * The behaviour's name, for status, reports and process info: {@value #SPECIAL} for a plain special process; a
     * hand-written behaviour names itself ({@code mutex}), as its generic module does in OTP.
     */
    default String behaviourName() {
        return SPECIAL;
    }
}
