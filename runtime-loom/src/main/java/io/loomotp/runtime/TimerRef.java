package io.loomotp.runtime;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timer started by {@link Node#sendAfter} or {@link Node#sendInterval}: Erlang's timer reference.
 */
public final class TimerRef {
    private final ScheduledFuture<?> future;

    TimerRef(ScheduledFuture<?> future) {
        this.future = future;
    }

    /**
     * Cancels the timer. A one-shot timer that has already fired is not undone: its message may be in the mailbox.
     *
     * @return true if the timer was still pending and will not fire (again); false if it had already fired or
     *     been cancelled
     */
    public boolean cancel() {
        return future.cancel(false);
    }

    /** The time left before the timer fires; zero if it has fired or been cancelled. */
    public Duration remaining() {
        if (future.isDone()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, future.getDelay(TimeUnit.NANOSECONDS)));
    }

    /** True once a one-shot timer has fired, or any timer has been cancelled. */
    public boolean isDone() {
        return future.isDone();
    }
}
