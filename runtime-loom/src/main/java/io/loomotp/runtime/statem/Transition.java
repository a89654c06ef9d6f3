package io.loomotp.runtime.statem;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.Timeouts;
import java.time.Duration;
import java.time.Instant;
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
 * timeouts; then stop or hibernate. Timeouts of one kind are applied in the order added: the last one set wins.
 *
 * <p>A timeout is set after a {@link Duration}, or at an {@link Instant} (OTP's {@code {abs, true}}). OTP's absolute
 * times are on {@code erlang:monotonic_time}; Java has no shared monotonic epoch, so a deadline here is wall-clock time,
 * turned into a delay when the transition is applied and from then on timed by the node's monotonic timers: a clock
 * change after that does not move it. A timeout of {@link Timeouts#INFINITY} (or longer) is OTP's {@code infinity}: it
 * starts no timer, and cancels the one of its kind (or name) that is running.
 *
 * <p>A stopping transition ({@link #stop}) takes replies only, as gen_statem's {@code stop_and_reply}: any other
 * action throws {@link IllegalStateException} where it is added.
 */
public final class Transition {
    /** What the transition does to the state. */
    enum Kind { NEXT, KEEP, REPEAT, STOP }

    final Kind kind;
    final Object next;
    final ExitReason stopReason;
    /** The actions in the order added; null for none, the common case, which then costs no list. */
    List<Action> actions;

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

    private Transition add(Action action) {
        if (kind == Kind.STOP && !(action instanceof Action.Reply)) {
            // gen_statem: {stop, R, Data} takes no actions and {stop_and_reply, R, Replies, Data} replies only; OTP
            // refuses anything else (bad_action_from_state_function), and nothing is handled once a handler stops
            throw new IllegalStateException("a stopping transition takes replies only (gen_statem's stop_and_reply), "
                    + "not " + named(action) + ": once the machine stops nothing else is handled, no timeout fires and "
                    + "nothing postponed is retried");
        }
        if (actions == null) {
            actions = new ArrayList<>(2);
        }
        actions.add(action);
        return this;
    }

    /** Answers a sync event; sent before anything else this transition does. */
    public <T> Transition reply(ReplyTo<T> to, T value) {
        return add(new Action.Reply(Objects.requireNonNull(to, "reply needs the ReplyTo of the call it answers, "
                + "which its handler was given; got null"), value));
    }

    /** Postpones the current event: it is retried after the next state change, in its original order. */
    public Transition postpone() {
        return add(Action.Postpone.INSTANCE);
    }

    /**
     * Inserts an internal event, handled before any other queued event (OTP's {@code {next_event, internal, E}}).
     * Several, with {@link #nextCast} and {@link #nextCall}, are handled in the order given. An internal event is handled by the machine's
     * {@code @Info} handlers, chosen by its type.
     */
    public Transition nextEvent(Object event) {
        return add(new Action.NextEvent(Action.EventType.INTERNAL, Objects.requireNonNull(event, "event"), null));
    }

    /**
     * Inserts a cast event, handled before any other queued event, as if a client had cast it just now (OTP's
     * {@code {next_event, cast, E}}): it goes to the handler of that event (an {@code @Event} without a
     * {@code ReplyTo}), and a machine with no handler for it in its state treats it as it treats any unhandled event.
     * Several, with {@link #nextEvent}, are handled in the order given.
     */
    public Transition nextCast(Object event) {
        return add(new Action.NextEvent(Action.EventType.CAST, Objects.requireNonNull(event, "event"), null));
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
        return add(new Action.NextEvent(Action.EventType.CALL, Objects.requireNonNull(event, "event"), caller));
    }

    /**
     * Delivers {@link StateTimeout} with {@code content} if the machine is still in the state it is in after this
     * transition when {@code timeout} has passed. Any state change cancels it; setting it again restarts it. A zero
     * timeout starts no timer, as in OTP: its event is handled after the events this transition queued, and before
     * any message not yet received.
     */
    public Transition stateTimeout(Duration timeout, Object content) {
        return infinite(timeout) ? cancelStateTimeout() : add(new Action.SetStateTimeout(
                after(timeout, "stateTimeout(" + timeout + ", " + content + ")", "cancelStateTimeout()"), content));
    }

    /**
     * As {@link #stateTimeout(Duration, Object)}, at a deadline rather than after a time (OTP's {@code {abs, true}}).
     * A deadline already past fires at once, as in OTP: the event is sent now, and handled after the messages
     * already in the mailbox.
     */
    public Transition stateTimeout(Instant deadline, Object content) {
        return add(new Action.SetStateTimeout(at(deadline), content));
    }

    /**
     * Updates the content of the pending state timeout without restarting it (OTP's
     * {@code {state_timeout, update, Content}}). If none is pending, its event is inserted as if it had just expired,
     * as in OTP: as a zero {@link #stateTimeout(Duration, Object)}.
     */
    public Transition updateStateTimeout(Object content) {
        return add(new Action.UpdateStateTimeout(content));
    }

    /** Cancels a pending state timeout. */
    public Transition cancelStateTimeout() {
        return add(Action.CancelStateTimeout.INSTANCE);
    }

    /**
     * Delivers {@link EventTimeout} with {@code content} if no event arrives within {@code timeout}. Any event cancels
     * it. A zero timeout starts no timer, as in OTP: its event is handled next, before any message not yet received,
     * unless this transition queued events (inserted or postponed ones being retried), which cancel it.
     */
    public Transition eventTimeout(Duration timeout, Object content) {
        return infinite(timeout) ? cancelEventTimeout() : add(new Action.SetEventTimeout(
                after(timeout, "eventTimeout(" + timeout + ", " + content + ")", "cancelEventTimeout()"), content));
    }

    /**
     * Updates the content of the event timeout this transition set, without restarting it (OTP's
     * {@code {timeout, update, Content}}). If this transition set none (the next event cancels any earlier one), its
     * event is inserted as if it had just expired, as in OTP: as a zero {@link #eventTimeout(Duration, Object)}.
     */
    public Transition updateEventTimeout(Object content) {
        return add(new Action.UpdateEventTimeout(content));
    }

    /** Cancels the event timeout this or an earlier transition set (OTP's {@code {timeout, cancel}}). */
    public Transition cancelEventTimeout() {
        return add(new Action.SetEventTimeout(null, null));
    }

    /**
     * As {@link #eventTimeout(Duration, Object)}, at a deadline (OTP's {@code {abs, true}}). A deadline already past
     * fires at once, as in OTP: its event is sent now, and any event that comes first, a message in the mailbox
     * included, cancels it.
     */
    public Transition eventTimeout(Instant deadline, Object content) {
        return add(new Action.SetEventTimeout(at(deadline), content));
    }

    /**
     * Sets, or updates, the generic timeout {@code name}: delivers {@link GenericTimeout} with {@code content} after
     * {@code timeout}. Neither state changes nor events cancel it; setting the same name again restarts it. A zero
     * timeout starts no timer, as in OTP: its event is handled after the events this transition queued, and before
     * any message not yet received.
     */
    public Transition timeout(String name, Duration timeout, Object content) {
        return infinite(timeout) ? cancelTimeout(name)
                : add(new Action.SetTimeout(Objects.requireNonNull(name, "name"),
                        after(timeout, "timeout(\"" + name + "\", " + timeout + ", " + content + ")",
                                "cancelTimeout(\"" + name + "\")"), content));
    }

    /**
     * As {@link #timeout(String, Duration, Object)}, at a deadline (OTP's {@code {abs, true}}). A deadline already
     * past fires at once, as in OTP: the event is sent now, and handled after the messages already in the mailbox.
     */
    public Transition timeout(String name, Instant deadline, Object content) {
        return add(new Action.SetTimeout(Objects.requireNonNull(name, "name"), at(deadline), content));
    }

    /**
     * Updates the content of the generic timeout {@code name} without restarting it (OTP's
     * {@code {{timeout, Name}, update, Content}}). If it is not pending, its event is inserted as if it had just
     * expired, as in OTP.
     */
    public Transition updateTimeout(String name, Object content) {
        return add(new Action.UpdateTimeout(Objects.requireNonNull(name, "name"), content));
    }

    /** Cancels the generic timeout {@code name}, if it is pending. */
    public Transition cancelTimeout(String name) {
        return add(new Action.CancelTimeout(Objects.requireNonNull(name, "name")));
    }

    /** Hibernates once the transition is done: the process drops what it keeps for speed until the next event. */
    public Transition hibernate() {
        return add(Action.Hibernate.INSTANCE);
    }

    private static String named(Action action) {
        return switch (action) {
            case Action.Postpone p -> "postpone()";
            case Action.NextEvent e -> "an inserted event (" + e.event() + ")";
            case Action.Hibernate h -> "hibernate()";
            default -> "a timeout action (" + action + ")";
        };
    }

    /** {@link Timeouts#INFINITY} or longer: OTP's {@code infinity}, which starts no timer and cancels a running one. */
    private static boolean infinite(Duration timeout) {
        return Objects.requireNonNull(timeout, "timeout").compareTo(Timeouts.INFINITY) >= 0;
    }

    /** The time of a relative timeout; a negative one is refused naming the action and the fix. */
    private static Action.Time after(Duration timeout, String action, String cancel) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(action + ": a timeout must not be negative (gen_statem's "
                    + "bad_action_from_state_function): give Duration.ZERO to time out at once, or " + cancel
                    + " to cancel it");
        }
        return new Action.After(timeout);
    }

    private static Action.Time at(Instant deadline) {
        return new Action.At(Objects.requireNonNull(deadline, "deadline"));
    }

    /** True if the transition has an action of this type. */
    boolean has(Class<? extends Action> type) {
        if (actions != null) {
            for (Action a : actions) {
                if (type.isInstance(a)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Actions an enter call may not use (OTP: postpone and next_event), named, or null if it uses none. */
    String forbiddenInEnter() {
        if (kind == Kind.NEXT) {
            return "a change of state";
        }
        if (has(Action.Postpone.class)) {
            return "postpone";
        }
        if (has(Action.NextEvent.class)) {
            return "nextEvent";
        }
        return null;
    }

    @Override
    public String toString() {
        return "Transition[" + kind + (next != null ? " " + next : "") + (stopReason != null ? " " + stopReason : "")
                + (actions != null ? " " + actions : "") + "]";
    }
}
