package io.loomotp.runtime.server;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.Terms;
import java.util.Map;

/**
 * The callback module of a generic server: the part of a gen_server that is the user's, as {@code gen_server.erl}'s
 * header divides it.
 *
 * <pre>
 *   GenServer (generic loop)                     ServerCallbacks (this interface)
 *   ------------------------                     --------------------------------
 *   start/startLink  -----&gt; factory, then      init(state)
 *   call             -----&gt;                    handleCall(state, request, from)
 *   cast             -----&gt;                    handleCast(state, message)
 *   any message      -----&gt;                    handleInfo(state, message)
 *   Handler.continueWith(c)  -----&gt;            handleContinue(state, c)
 *   stop, crash      -----&gt;                    terminate(state, reason)
 *   sys trace/log    -----&gt;                    formatMessage / formatReply / formatState
 *   sys get_state    -----&gt;                    snapshot(state)
 * </pre>
 *
 * <p>The generic loop owns the state {@code S}, runs every callback on the server's own thread, one message at a time,
 * and handles the system messages of the sys protocol between them. Generated code implements this interface for each
 * {@code @Server} class, with {@code S} the user's class; it is also the low-level API for hand-written servers.
 * Callbacks steer the loop through {@link Handler}: stop after this message, an idle timeout, hibernation.
 *
 * <p>An exception that escapes a callback crashes the server: {@link #terminate} runs with reason
 * {@link ExitReason.Crash}, a crash report is logged, and the process exits. Checked exceptions are allowed and
 * treated the same way.
 *
 * @param <S> the server's state
 */
public interface ServerCallbacks<S> {

    /** Returned by {@link #handleCall} when the reply is deferred: the handler kept the {@link From} to answer later. */
    Object NO_REPLY = new Object() {
        @Override
        public String toString() {
            return "noreply";
        }
    };

    /**
     * Runs inside the new process, after the factory has built the state, before {@code start} returns. An exception
     * fails the start with {@code StartFailedException}; {@link #terminate} is not called.
     */
    default InitResult init(S state) throws Exception {
        return InitResult.ok();
    }

    /**
     * Handles a call and returns the reply, or {@link #NO_REPLY} if it will answer later through {@code from}.
     * {@code null} is a valid reply. The default crashes, as a gen_server without a matching {@code handle_call}
     * clause does.
     */
    default Object handleCall(S state, Object request, From from) throws Exception {
        throw new IllegalArgumentException("unexpected call: " + request);
    }

    /**
     * The exception with which a generated dispatch crashes its server when sent a call or cast that is none of the
     * records generated for its {@code @Call} or {@code @Cast} methods (a string where OTP's code sent an atom, say):
     * it says what was sent and what to send instead. The server crashes with it, as a gen_server does on a request
     * no {@code handle_call} clause matches. Not for hand-written callbacks.
     *
     * @param dispatch the generated {@code <Name>_Dispatch}, whose name gives the client's and the records'
     * @param kind {@code "call"} or {@code "cast"}
     */
    static IllegalArgumentException notAMessage(ServerCallbacks<?> dispatch, String kind, Object message) {
        String generated = dispatch.getClass().getSimpleName();
        String flat = generated.endsWith("_Dispatch") ? generated.substring(0, generated.length() - 9) : generated;
        String annotation = kind.equals("call") ? "@Call" : "@Cast";
        return new IllegalArgumentException(dispatch.module().getSimpleName() + " was sent the " + kind + " "
                + Terms.show(message)
                + (message == null ? "" : ", a " + message.getClass().getSimpleName())
                + ", which is none of its " + annotation + " messages: a " + kind + " to a @Server is the record "
                + "generated for one of its " + annotation + " methods; make it through the generated client "
                + flat + "Ref, or send a record such as new " + generated + ".Name(args)");
    }

    /** Handles a cast. The default crashes, as a gen_server without a matching {@code handle_cast} clause does. */
    default void handleCast(S state, Object message) throws Exception {
        throw new IllegalArgumentException("unexpected cast: " + message);
    }

    /**
     * Runs a continuation a handler (or init) asked for with {@link Handler#continueWith}, as soon as that handler
     * returns and before any message: OTP's {@code handle_continue}. The default crashes, as a gen_server without
     * {@code handle_continue} does ({@code undef}).
     */
    default void handleContinue(S state, Object continuation) throws Exception {
        throw new IllegalStateException(module().getName() + " asked to continue with " + continuation
                + " but has no handleContinue (a @Continue method taking it)");
    }

    /**
     * Handles any other message: a plain send, an {@code Exit} or {@code Down}, or {@link IdleTimeout}.
     *
     * @return false if the message is not one this server handles; the loop then logs it at WARN, once per message
     *     type, and drops it
     */
    default boolean handleInfo(S state, Object message) throws Exception {
        return false;
    }

    /**
     * Runs when the server stops: on {@code stop}, on a crash, or on an exit signal from its parent while trapping
     * exits. Not run when it is killed, nor when init fails. An exception here replaces the reason.
     */
    default void terminate(S state, ExitReason reason) throws Exception {}

    /** OTP's name for the behaviour, for reports and status: {@code gen_server} unless overridden. */
    default String behaviourName() {
        return "gen_server";
    }

    /** The user's class, for introspection and reports. */
    default Class<?> module() {
        return getClass();
    }

    /** Renders a request or message for trace lines and reports: {@code allocate()}, {@code deallocate(10)}. */
    default String formatMessage(Object message) {
        return String.valueOf(message);
    }

    /** Renders a reply for trace lines: {@code Allocation[freq=10]}. */
    default String formatReply(Object reply) {
        return String.valueOf(reply);
    }

    /** Renders the state for trace lines, status and crash reports. */
    default String formatState(S state) {
        return String.valueOf(state);
    }

    /**
     * What {@code sys:get_state} returns. Taken inside the process; must not share mutable parts of the state with the
     * caller. The default returns the state itself, which suits an immutable state.
     */
    default Object snapshot(S state) {
        return state;
    }

    /**
     * Why this behaviour refuses {@code sys:replace_state} whatever the function returns, said to the caller before the
     * function runs (as {@code UnsupportedOperationException}); null, the default, if it takes replacements.
     */
    default String replaceRefusal() {
        return null;
    }

    /** True if {@code candidate} may replace the state; {@code replaceState} refuses anything else, state unchanged. */
    default boolean acceptsState(Object candidate) {
        return candidate != null;
    }

    /** What a {@code replaceState} function is given: the live state, by default. Runs inside the process. */
    default Object exposeState(S state) {
        return state;
    }

    /**
     * The new state from what a {@code replaceState} function returned. The default accepts what
     * {@link #acceptsState} accepts.
     *
     * @throws ClassCastException if {@code candidate} cannot be the state; the state is then unchanged
     */
    @SuppressWarnings("unchecked")
    default S adoptState(S current, Object candidate) {
        if (!acceptsState(candidate)) {
            throw new ClassCastException("replaceState returned "
                    + (candidate == null ? "null" : "a " + candidate.getClass().getName())
                    + ", which is not a state of " + module().getName());
        }
        return (S) candidate;
    }

    /**
     * {@code sys:replace_state}: the new state after {@code function}. The default gives the function
     * {@link #exposeState} and takes what it returns through {@link #adoptState}; a behaviour whose state has parts
     * replaced one by one (an event manager's handlers) applies it to each.
     *
     * @throws RuntimeException what the function threw, or {@code ClassCastException} from {@link #adoptState}; the
     *     state is then unchanged
     */
    default S replaceState(S state, java.util.function.Function<Object, Object> function) {
        return adoptState(state, function.apply(exposeState(state)));
    }

    /** Lines a crash report adds after the last message, such as a state machine's state; empty by default. */
    default String crashDetail(S state) {
        return "";
    }

    /**
     * The debug event for a message about to be handled, in this behaviour's own words; null (the default) for
     * gen_server's, {@code got call allocate() from <0.40>}. A state machine words it {@code receive call … in state
     * S}. Called only while the process is traced, logged or has a debug function, on its own thread.
     *
     * @param process the process as trace lines name it
     * @param formatted the message as {@link #formatMessage} renders it
     * @param from the caller of a call, else null
     */
    default SysEvent receivedEvent(String process, long timestamp, SysEvent.Kind kind, Object message,
                                   String formatted, Pid from, S state) {
        return null;
    }

    /**
     * True (the default) if the trace line after each handler shows the new state, as gen_server's does
     * ({@code sent … to …, new state …}); false for a behaviour that reports its own transitions, such as a state
     * machine's {@code consume … => S2}.
     */
    default boolean tracesNewState() {
        return true;
    }

    /**
     * Null (the default) if this behaviour runs {@link Handler#continueWith}, gen_server's {@code {continue, C}};
     * else the exception that refuses it, naming what the behaviour offers instead. Called when a handler asks.
     */
    default IllegalStateException refuseContinue() {
        return null;
    }

    /** What else {@code sys:get_status} shows, such as pending timeouts. */
    default Map<String, String> statusExtra(S state) {
        return Map.of();
    }
}
