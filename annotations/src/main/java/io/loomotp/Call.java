package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A synchronous request: OTP's {@code handle_call}. The generated {@code Ref} gets a blocking method of the same name
 * and parameters (less any {@code From} or {@code ReplyTo}), which waits up to 5 s, and an overload with a trailing
 * {@code Duration timeout}.
 *
 * <p>The return value is the reply. To answer later (a deferred reply), declare a {@code ReplyTo<T>} parameter and
 * return {@code void}: keep the {@code ReplyTo} and call {@code reply(value)} when the answer is known, from this
 * process or any other. A non-void method may also declare {@code From} to learn the caller's pid.
 *
 * <p>An exception thrown here crashes the server (let it crash); the caller gets {@code ProcessExitException}.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Call {}
