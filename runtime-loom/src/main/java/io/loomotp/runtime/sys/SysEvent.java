package io.loomotp.runtime.sys;

import io.loomotp.runtime.Pid;

/**
 * One debug event of a behaviour, as {@code sys:handle_debug/4} sees it: what a trace prints, a log keeps, and an
 * installed debug function receives.
 *
 * <p>Events are made only when a process has a trace, a log or a debug function switched on; with debug off, no
 * event object exists. Their text is rendered when the event is made, with the behaviour's formatters, because the
 * state it shows may change afterwards.
 */
public sealed interface SysEvent {

    /** The process: its registered name, or its pid as text. */
    String process();

    /** When the event happened, in milliseconds since the epoch. */
    long timestamp();

    /** The event in OTP's words, without the process: {@code got call allocate() from <0.40>}. */
    String text();

    /** The whole trace line, as OTP prints it: {@code *DBG* frequency got call allocate() from <0.40>}. */
    default String line() {
        return "*DBG* " + process() + " " + text();
    }

    /** How a message arrived. */
    enum Kind {
        CALL, CAST, INFO, TIMEOUT;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A message arrived and is about to be handled: {@code got call …}, {@code got cast …}, {@code got …}; for a state
     * machine, {@code receive call … in state S}.
     *
     * @param message the message as sent
     * @param from the caller of a call, or null
     * @param inState the state it arrived in, for a state machine; null for a server
     */
    record Received(String process, long timestamp, Kind kind, Object message, Pid from, String text,
                    String inState) implements SysEvent {}

    /**
     * A reply was sent: {@code sent Allocation[freq=10] to <0.40>, new state …}.
     *
     * @param reply the reply as sent
     * @param to the caller
     * @param newState the state after the handler, formatted, or null when not shown
     */
    record Replied(String process, long timestamp, Object reply, Pid to, String newState, String text)
            implements SysEvent {}

    /** A message was handled without a reply: {@code new state …}. */
    record NoReply(String process, long timestamp, String newState, String text) implements SysEvent {}

    /**
     * A state machine handled an event that changed its state, in gen_statem's words: {@code consume cast dial(124)
     * in state Idle => Calling[to=124]}; {@code state} is the new one.
     */
    record StateChanged(String process, long timestamp, String state, String text) implements SysEvent {}

    /**
     * Any other event a behaviour reports: a state machine's {@code postpone}, {@code enter}, {@code consume} and
     * timeouts, or a supervisor's restarts.
     *
     * @param tag the event's kind, such as {@code postpone}
     */
    record Other(String process, long timestamp, String tag, String text) implements SysEvent {}

    /**
     * An event a special process reported itself, through {@code SysDebug.handleDebug} ({@code sys:handle_debug/4}):
     * {@code *DBG* printer wait <0.40>}.
     *
     * @param event the event as the process gave it
     * @param text the event as the process's formatter rendered it
     */
    record UserEvent(String process, long timestamp, Object event, String text) implements SysEvent {}
}
