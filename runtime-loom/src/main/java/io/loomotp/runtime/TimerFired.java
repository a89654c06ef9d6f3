package io.loomotp.runtime;

/**
 * The message of a timer started with {@link Node#startTimer} or {@link Process#startTimer}: Erlang's
 * {@code {timeout, TimerRef, Msg}}, which names the timer that sent it, so that a process can tell a timer it still
 * waits for from one it cancelled too late.
 *
 * @param timer the timer that sent it: the reference {@code startTimer} returned
 * @param message the message given to {@code startTimer}
 */
public record TimerFired(TimerRef timer, Object message) {
    @Override
    public String toString() {
        return "{timeout, " + timer + ", " + message + "}";
    }
}
