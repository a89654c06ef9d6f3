package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For a {@link StateMachine} whose states are enum constants: the states an {@link Event}, {@link Enter} or
 * {@link Info} handler applies to, by constant name. Without it, the handler applies in every state that has no
 * handler of its own. Each name must be a constant of the state enum.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface InState {
    /** The names of the enum constants. */
    String[] value();
}
