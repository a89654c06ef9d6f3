package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs inside the new process after the instance is built, before {@code start} returns: OTP's {@code init}. At
 * most one per class, with no parameters. It returns {@code void} (started) or an
 * {@code io.loomotp.runtime.server.InitResult}: {@code InitResult.ok()}, {@code InitResult.ok(timeout)}, {@code InitResult.ignore()} or
 * {@code InitResult.stop(reason)}.
 *
 * <p>An exception here fails the start with {@code StartFailedException}, and {@link Terminate} is not called.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Init {}
