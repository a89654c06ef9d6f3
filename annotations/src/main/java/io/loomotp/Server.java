package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a plain class a generic server: OTP's {@code gen_server}.
 *
 * <p>The annotation processor generates, next to the class:
 * <ul>
 *   <li>{@code <Name>Ref}, the typed client: {@code start}/{@code startLink} from a {@code Supplier} of fresh
 *       instances, a blocking method per {@link Call} (plus an overload with a timeout), a method per {@link Cast},
 *       {@code pid()}, {@code stop()} and {@code stop(reason, timeout)};
 *   <li>{@code <Name>_Dispatch}, the glue: a sealed protocol of message records, and one pattern {@code switch} that
 *       calls your methods, with no reflection;
 *   <li>the sys hooks: a formatter for each message and reply, a snapshot of the fields for {@code getState}, and
 *       {@code replaceState} applied inside the process.
 * </ul>
 *
 * <p>Rules, each checked at compile time with an error on the element that breaks it:
 * <ul>
 *   <li>the class is a top-level or static nested class, not abstract, not private, not generic;
 *   <li>handlers ({@link Call}, {@link Cast}, {@link Info}, {@link Init}, {@link Terminate}) are neither private nor
 *       static, and their names do not clash with the {@code Ref}'s own ({@code pid}, {@code stop}, {@code start},
 *       {@code startLink});
 *   <li>a parameter of type {@code From} or {@code ReplyTo<T>} is supplied by the runtime and is not part of the
 *       message.
 * </ul>
 *
 * <p>Every instance is used by one process only, on that process's thread: the class needs no synchronization. Each
 * start (and each restart by a supervisor) takes a fresh instance from the {@code Supplier}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.SOURCE)
public @interface Server {

    /**
     * The name to register each started server under, unless the start options give another; empty for none. A
     * second start with the same name, while the first lives, fails with {@code AlreadyStartedException}.
     */
    String name() default "";

    /**
     * A bound on the mailbox, or 0 (the default) for an unbounded, lock-free one. Start options may override it.
     * Signals and system messages are never refused: supervision and the operator always get through.
     */
    int mailboxCapacity() default 0;

    /** What a bounded mailbox does with a message that arrives when it is full. Ignored when unbounded. */
    Overflow overflow() default Overflow.BLOCK;
}
