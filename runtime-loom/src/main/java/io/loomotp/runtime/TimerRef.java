package io.loomotp.runtime;

import io.loomotp.runtime.internal.ProcessTimer;
import java.time.Duration;

/**
 * A timer started by {@link Node#sendAfter} or {@link Node#sendInterval}: Erlang's timer reference.
 *
 * <p>As {@code erlang:cancel_timer/1}: {@link #cancel()} answers true only if the message will never come, and false
 * once it is on its way (in the mailbox, or about to be). A timer to a pid is cancelled when that process dies, as
 * {@code erlang:send_after/3}'s is, and its {@code cancel} then answers false.
 */
public final class TimerRef {
    private final ProcessTimer timer;

    TimerRef(ProcessTimer timer) {
        this.timer = timer;
    }

    /**
     * Cancels the timer. A one-shot timer that has already fired is not undone: its message is in the mailbox, or
     * about to be.
     *
     * @return true if the timer was still armed and will now never fire (again); false if it had already fired, been
     *     cancelled, or been cancelled by its target's death
     */
    public boolean cancel() {
        return timer.cancel();
    }

    /** The time left before the timer fires; zero if it has fired, been cancelled, or lost its target. */
    public Duration remaining() {
        return Duration.ofNanos(timer.remainingNanos());
    }

    /** True once a one-shot timer has fired, or any timer has been cancelled or has lost its target. */
    public boolean isDone() {
        return timer.isDone();
    }

    @Override
    public String toString() {
        return "#TimerRef<" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
