package io.loomotp.runtime.statem;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.ReplyTo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a state machine's event handler decides: the next state and the actions to take, OTP's
 * {@code {next_state, S, Data, Actions}}. A handler may also return a state (go there, no actions) or nothing
 * ({@code void}: keep the state).
 *
 * <pre>{@code
 * return Transition.next(new Calling(number)).stateTimeout(Duration.ofSeconds(10), "no answer");
 * return Transition.keep().postpone();
 * return Transition.stop(ExitReason.NORMAL).reply(from, "bye");
 * }</pre>
 *
 * <p>Each factory makes a new transition and each action adds to it and returns it, so a transition is built by one
 * handler and not shared. Actions run in this order, whatever order they were added in: replies; then the state change
 * (cancelling a state timeout, queueing postponed events for retry, and the enter call); then inserted events; then
 * timeouts; then stop or hibernate.
 */
public final class Transition {
    /** What the transition does to the state. */
    enum Kind { NEXT, KEEP, REPEAT, STOP }

    final Kind kind;
    final Object next;
    final ExitReason stopReason;
    List<Object[]> replies;
    boolean postpone;
    List<Object> inserted;
    Duration stateTimeout;
    Object stateTimeoutContent;
    boolean cancelStateTimeout;
    Duration eventTimeout;
    Object eventTimeoutContent;
    List<Object[]> timeouts;
    boolean hibernate;

    private Transition(Kind kind, Object next, ExitReason stopReason) {
        this.kind = kind;
        this.next = next;
        this.stopReason = stopReason;
    }

    /** Go to {@code state}; if it equals the current state, nothing changes (no enter call: OTP's next_state). */
    public static Transition next(Object state) {
        return new Transition(Kind.NEXT, Objects.requireNonNull(state, "state"), null);
    }

    /** Keep the current state (OTP's keep_state). */
    public static Transition keep() {
        return new Transition(Kind.KEEP, null, null);
    }

    /** Keep the current state, but run its enter call again, as if it were entered (OTP's repeat_state). */
    public static Transition repeat() {
        return new Transition(Kind.REPEAT, null, null);
    }

    /** Stop the machine with a reason, after the replies of this transition are sent (OTP's stop_and_reply). */
    public static Transition stop(ExitReason reason) {
        return new Transition(Kind.STOP, null, Objects.requireNonNull(reason, "reason"));
    }

    /** Answers a sync event; sent before anything else this transition does. */
    public <T> Transition reply(ReplyTo<T> to, T value) {
        if (replies == null) {
            replies = new ArrayList<>(2);
        }
        replies.add(new Object[] {Objects.requireNonNull(to, "to"), value});
        return this;
    }

    /** Postpones the current event: it is retried after the next state change, in its original order. */
    public Transition postpone() {
        postpone = true;
        return this;
    }

    /**
     * Inserts an internal event, handled before any other queued event (OTP's {@code {next_event, internal, E}}).
     * Several, with {@link #nextCast} and {@link #nextCall}, are handled in the order given. An internal event is handled by the machine's
     * {@code @Info} handlers, chosen by its type.
     */
    public Transition nextEvent(Object event) {
        return insert(Objects.requireNonNull(event, "event"));
    }

    /**
     * Inserts a cast event, handled before any other queued event, as if a client had cast it just now (OTP's
     * {@code {next_event, cast, E}}): it goes to the handler of that event (an {@code @Event} without a
     * {@code ReplyTo}), and a machine with no handler for it in its state treats it as it treats any unhandled event.
     * Several, with {@link #nextEvent}, are handled in the order given.
     */
    public Transition nextCast(Object event) {
        return insert(new InsertedCast(Objects.requireNonNull(event, "event")));
    }

    /**
     * Inserts a call event, handled before any other queued event, as if the caller behind {@code from} had made it
     * just now (OTP's {@code {next_event, {call, From}, E}}): it goes to the handler of that event, which gets
     * {@code from} as its {@code ReplyTo}, and whatever answers it answers that caller. {@code from} is one the runtime
     * gave this machine, most often the current event's: a call handled as another event, or a cast turned into the
     * call a waiting client made. Several, with {@link #nextEvent} and {@link #nextCast}, are handled in the order
     * given.
     *
     * @throws IllegalArgumentException if {@code from} is not one the runtime supplied
     */
    public Transition nextCall(Object event, ReplyTo<?> from) {
        if (!(Objects.requireNonNull(from, "from") instanceof From caller)) {
            throw new IllegalArgumentException("nextCall takes a ReplyTo the runtime gave this machine (a sync "
                    + "event's), not " + from.getClass().getName());
        }
        return insert(new InsertedCall(Objects.requireNonNull(event, "event"), caller));
    }

    /** An event {@link #nextCast} inserted; any other inserted event is internal. */
    record InsertedCast(Object event) {}

    /** An event {@link #nextCall} inserted, with the caller who gets the answer. */
    record InsertedCall(Object event, From from) {}

    private Transition insert(Object event) {
        if (inserted == null) {
            inserted = new ArrayList<>(2);
        }
        inserted.add(event);
        return this;
    }

    /**
     * Delivers {@link StateTimeout} with {@code content} if the machine is still in the state it is in after this
     * transition when {@code timeout} has passed. Any state change cancels it; setting it again restarts it.
     */
    public Transition stateTimeout(Duration timeout, Object content) {
        stateTimeout = checked(timeout);
        stateTimeoutContent = content;
        cancelStateTimeout = false;
        return this;
    }

    /** Cancels a pending state timeout. */
    public Transition cancelStateTimeout() {
        stateTimeout = null;
        cancelStateTimeout = true;
        return this;
    }

    /** Delivers {@link EventTimeout} with {@code content} if no event arrives within {@code timeout}. Any event cancels it. */
    public Transition eventTimeout(Duration timeout, Object content) {
        eventTimeout = checked(timeout);
        eventTimeoutContent = content;
        return this;
    }

    /**
     * Sets, or updates, the generic timeout {@code name}: delivers {@link GenericTimeout} with {@code content} after
     * {@code timeout}. Neither state changes nor events cancel it; setting the same name again restarts it.
     */
    public Transition timeout(String name, Duration timeout, Object content) {
        if (timeouts == null) {
            timeouts = new ArrayList<>(2);
        }
        timeouts.add(new Object[] {Objects.requireNonNull(name, "name"), checked(timeout), content});
        return this;
    }

    /**
     * Updates the content of the generic timeout {@code name} without restarting it (OTP's
     * {@code {{timeout, Name}, update, Content}}). If it is not pending, its event is inserted as if it had just
     * expired, as in OTP.
     */
    public Transition updateTimeout(String name, Object content) {
        if (timeouts == null) {
            timeouts = new ArrayList<>(2);
        }
        timeouts.add(new Object[] {Objects.requireNonNull(name, "name"), UPDATE, content});
        return this;
    }

    /** Marks a generic timeout entry as an update of its content. */
    static final Object UPDATE = new Object();

    /** Cancels the generic timeout {@code name}, if it is pending. */
    public Transition cancelTimeout(String name) {
        if (timeouts == null) {
            timeouts = new ArrayList<>(2);
        }
        timeouts.add(new Object[] {Objects.requireNonNull(name, "name"), null, null});
        return this;
    }

    /** Hibernates once the transition is done: the process drops what it keeps for speed until the next event. */
    public Transition hibernate() {
        hibernate = true;
        return this;
    }

    private static Duration checked(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        return timeout;
    }

    /** Actions an enter call may not use (OTP: postpone and next_event), named, or null if it uses none. */
    String forbiddenInEnter() {
        if (kind == Kind.NEXT) {
            return "a change of state";
        }
        if (postpone) {
            return "postpone";
        }
        if (inserted != null) {
            return "nextEvent";
        }
        return null;
    }

    @Override
    public String toString() {
        return "Transition[" + kind + (next != null ? " " + next : "") + (stopReason != null ? " " + stopReason : "")
                + "]";
    }
}
