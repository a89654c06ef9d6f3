package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A state enter call of a {@link StateMachine}: runs each time the machine enters the state its first parameter names
 * (after a state change, on {@code Transition.repeat()}, and for the first state). An optional second parameter, of
 * the state type, is the state it came from. It returns {@code void} or an {@code EnterTransition}: it may set
 * timeouts, reply, stop or hibernate, but not change the state, postpone or insert events, as in OTP.
 *
 * <p>The first parameter is a record of the machine's sealed state type (that state only), or the sealed type itself
 * (every state without an {@code @Enter} of its own); for an enum state type, the enum, restricted by {@link InState}
 * or else in every state without an {@code @Enter} of its own. Entering a state runs one enter call, as in OTP: the
 * state's own if it has one, else the one for the state type, never both (as {@code handle_event(enter, ...)} clauses
 * for one state written before a clause for any state). Work for every state that a state with its own
 * {@code @Enter} needs as well is a method its own enter call calls. Two {@code @Enter} for one state, neither more
 * specific (the same record, {@code @InState} sets that share a state, or two for the state type), do not compile.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Enter {}
