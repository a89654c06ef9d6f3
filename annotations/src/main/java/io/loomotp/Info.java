package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles any other message: OTP's {@code handle_info}. The method takes exactly one parameter, and is chosen by that
 * parameter's type: {@code Down} for a monitor, {@code Exit} for a trapped exit, {@code IdleTimeout} for the idle
 * timeout, or any type of yours sent with {@code Process.send}. The most specific type wins; two handlers for the same
 * type are an error.
 *
 * <p>A message no handler takes is logged at WARN, once per message type, and dropped: it does not crash the server.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Info {}
