package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An event of a {@link StateMachine}, and its handler in some states: OTP's {@code gen_statem} event callback.
 *
 * <p>The first parameter is the state the handler applies to: a record of the machine's sealed state type (that state
 * only), or the sealed type itself (every state without a handler of its own for this event); for an enum state type,
 * the enum, restricted by {@link InState} or else in every state. The other parameters are the event's, the same for
 * every handler of the event, and the generated client's method takes them. A {@code ReplyTo<T>} parameter makes the
 * event synchronous: the client's method waits for the reply, of type {@code T}, which the handler gives through the
 * {@code ReplyTo} (now, later, or with {@code Transition.reply}).
 *
 * <p>The handler returns the next state, a {@code Transition} (the next state with actions: postpone, timeouts,
 * inserted events, replies, stop), or {@code void} to keep the state.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Event {}
