package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A child of a {@link Supervisor}: an abstract method that returns the child's generated client (the {@code …Ref} of a
 * {@code @Server}, {@code @StateMachine} or {@code @Supervisor}), or {@code Pid} for a child the supervisor starts
 * with a start function of yours (an event manager, a plain process). Children start in declaration order.
 *
 * <p>In a {@code SIMPLE_ONE_FOR_ONE} supervisor, the one child's parameters are what {@code startChild} passes: the
 * generated client's method of the same name starts a child with them.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Child {
    /** The child's id; the method's name by default. */
    String id() default "";

    /** When it is restarted. */
    Restart restart() default Restart.PERMANENT;

    /**
     * How it is stopped: {@code brutal_kill}, {@code infinity}, or a time after which it is killed ({@code 500ms},
     * {@code 5s}); by default 5 s for a worker and infinity for a supervisor, as in OTP.
     */
    String shutdown() default "";

    /** Worker or supervisor; a child whose client is a supervisor's is a supervisor whatever this says. */
    ChildType type() default ChildType.WORKER;

    /**
     * Whether its end counts toward the supervisor's {@link Supervisor#autoShutdown()}: OTP's {@code significant}.
     * Only a {@code TRANSIENT} or {@code TEMPORARY} child of a supervisor whose auto shutdown is not {@code NEVER} may
     * be; the processor says so otherwise.
     */
    boolean significant() default false;
}
