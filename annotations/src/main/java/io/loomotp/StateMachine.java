package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a plain class a state machine: OTP's {@code gen_statem}. The instance is the machine's data; its states are
 * the records of a sealed interface (data may also live in a state record) or the constants of an enum.
 *
 * <pre>{@code
 * @StateMachine
 * final class Door {
 *     sealed interface State permits Locked, Open {}
 *     record Locked() implements State {}
 *     record Open() implements State {}
 *
 *     @Init State init() { return new Locked(); }
 *     @Event State unlock(Locked state, String code) { return code.equals(this.code) ? new Open() : state; }
 *     @Event Transition push(State state) { return Transition.keep().postpone(); }  // in every state
 * }
 * }</pre>
 *
 * <p>The processor generates {@code <Name>Ref}, with one method per event (a cast, or a blocking call for an event
 * whose handlers take a {@code ReplyTo}), and {@code <Name>_Dispatch}, which chooses the handler by the pair (state,
 * event): a handler whose first parameter is a state record applies in that state, one whose first parameter is the
 * sealed interface applies in every state that has no handler of its own for the event. An {@link Enter} likewise:
 * entering a state runs its own enter call if it has one, else the one for the sealed interface, never both.
 *
 * <p>Every event the client can send must have a handler in every state, or the class does not compile, unless
 * {@link #unhandled()} is {@link Unhandled#LOG}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.SOURCE)
public @interface StateMachine {

    /**
     * The state type: a sealed interface whose permitted subclasses are records, or an enum. Optional when
     * {@link Init} returns it.
     */
    Class<?> states() default void.class;

    /** What happens to an event that has no handler in the current state. */
    Unhandled unhandled() default Unhandled.CRASH;

    /** The name to register each started machine under, unless the start options give another; empty for none. */
    String name() default "";

    /** A bound on the mailbox, or 0 (the default) for an unbounded one; see {@link Server#mailboxCapacity()}. */
    int mailboxCapacity() default 0;

    /** What a bounded mailbox does when full. */
    Overflow overflow() default Overflow.BLOCK;

    /** What a state machine does with an event it has no handler for in its current state. */
    enum Unhandled {
        /**
         * Every event must have a handler in every state, checked at compile time; an event that still arrives
         * unhandled (a message sent by hand) crashes the machine, as gen_statem does.
         */
        CRASH,
        /**
         * Events need not be handled in every state: one that is not is reported once (per event type and state) and
         * dropped, and the caller of a sync event gets {@code UnhandledEventException}.
         */
        LOG
    }
}
