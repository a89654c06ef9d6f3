package io.loomotp.runtime.statem;

import io.loomotp.runtime.From;
import io.loomotp.runtime.ReplyTo;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One action of a {@link Transition}: OTP's {@code gen_statem:action()}, as a record. A transition keeps its actions
 * in the order the handler added them; the state machine adapter applies them in gen_statem's order (replies, then
 * postpone, the state change, inserted events, timeouts, stop, hibernate), and timeouts of one kind in the order
 * added, so the last one set wins, as in OTP.
 *
 * <p>Built only by {@link Transition}'s methods, which check their arguments; read only by the adapter, on the
 * machine's own thread.
 */
sealed interface Action {

    /** {@code {reply, From, Reply}}. */
    record Reply(ReplyTo<?> to, Object value) implements Action {}

    /** {@code postpone}: retry the current event after the next state change. */
    record Postpone() implements Action {
        static final Postpone INSTANCE = new Postpone();
    }

    /** {@code {next_event, Type, Content}}: an event handled before any queued one. */
    record NextEvent(EventType type, Object event, From from) implements Action {
        public NextEvent {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(event, "event");
            if ((type == EventType.CALL) != (from != null)) {
                throw new IllegalArgumentException("a call event, and only one, has a caller");
            }
        }
    }

    /** The type of an inserted event: {@code internal}, {@code cast}, {@code {call, From}}. */
    enum EventType { INTERNAL, CAST, CALL }

    /** {@code {state_timeout, Time, Content}}. */
    record SetStateTimeout(Time time, Object content) implements Action {}

    /** {@code {state_timeout, cancel}}. */
    record CancelStateTimeout() implements Action {
        static final CancelStateTimeout INSTANCE = new CancelStateTimeout();
    }

    /** {@code {state_timeout, update, Content}}. */
    record UpdateStateTimeout(Object content) implements Action {}

    /** {@code {timeout, update, Content}}. */
    record UpdateEventTimeout(Object content) implements Action {}

    /** {@code {timeout, Time, Content}}: the event timeout. */
    record SetEventTimeout(Time time, Object content) implements Action {}

    /** {@code {{timeout, Name}, Time, Content}}: a generic timeout. */
    record SetTimeout(String name, Time time, Object content) implements Action {}

    /** {@code {{timeout, Name}, update, Content}}. */
    record UpdateTimeout(String name, Object content) implements Action {}

    /** {@code {{timeout, Name}, cancel}}. */
    record CancelTimeout(String name) implements Action {}

    /** {@code hibernate}. */
    record Hibernate() implements Action {
        static final Hibernate INSTANCE = new Hibernate();
    }

    /**
     * When a timeout fires: after a delay, or at a deadline (OTP's {@code {abs, true}}). A deadline is read against
     * the wall clock when the transition is applied, and from then on timed by the node's monotonic timers.
     */
    sealed interface Time {
        /** The time left from now; zero for a deadline already past, which then fires at once, as in OTP. */
        Duration delay();
    }

    /** A relative time, OTP's default {@code {abs, false}}. */
    record After(Duration delay) implements Time {}

    /** An absolute time, OTP's {@code {abs, true}}. */
    record At(Instant deadline) implements Time {
        @Override
        public Duration delay() {
            Duration left = Duration.between(Instant.now(), deadline);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }
}
