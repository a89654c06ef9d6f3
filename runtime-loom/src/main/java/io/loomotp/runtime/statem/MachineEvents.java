package io.loomotp.runtime.statem;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.sys.SysEvent;

/**
 * A state machine's words in debug events: {@code gen_statem.erl}'s {@code print_event/3} for the events the one
 * loop leaves to the behaviour ({@code receive call … in state S}, {@code consume … in state S => S2}), and its refusal of
 * gen_server's continuations. The loop ({@code ServerLoop}) knows none of these words: it asks the behaviour through
 * {@code ServerCallbacks.receivedEvent}, {@code tracesNewState} and {@code refuseContinue}.
 *
 * <p>Called on the machine's own thread, only while it is traced or logged (except {@link #noContinue}).
 */
final class MachineEvents {
    private MachineEvents() {}

    /**
     * A message about to be handled: {@code receive cast outbound(124) in state Idle}.
     *
     * @param what how the event arrived, in gen_statem's words: {@code call}, {@code state_timeout}, …
     * @param formatted the event, formatted; empty for a timeout without content
     */
    static SysEvent received(String process, long timestamp, SysEvent.Kind kind, Object message, String what,
                             String formatted, Pid from, String inState) {
        String text = "receive " + what + (formatted.isEmpty() ? "" : " " + formatted)
                + (from != null ? " from " + from : "") + " in state " + inState;
        return new SysEvent.Received(process, timestamp, kind, message, from, text, inState);
    }

    /**
     * An event handled that changed the state, in gen_statem's words: {@code consume cast dial(124) in state Idle =>
     * Calling[to=124]} (or {@code postpone ...}).
     */
    static SysEvent changed(String process, String state, String text) {
        return new SysEvent.StateChanged(process, System.currentTimeMillis(), state, text);
    }

    /** Why a state machine's handler cannot use {@code Handler.continueWith}, and what it has instead. */
    static IllegalStateException noContinue() {
        return new IllegalStateException("Handler.continueWith is gen_server's {continue, C}; a gen_statem has no "
                + "handleContinue: insert an event with Transition.nextEvent");
    }
}
