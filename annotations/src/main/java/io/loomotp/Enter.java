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
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Enter {}
