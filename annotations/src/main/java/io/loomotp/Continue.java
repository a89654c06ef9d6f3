package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a continuation: OTP's {@code handle_continue}. A handler or {@code @Init} asks for one with
 * {@code Handler.continueWith(continuation)}; the server runs the {@code @Continue} method for it as soon as that
 * handler returns, before it takes any message. From {@code @Init}, this lets the start return at once while slow
 * setup runs on the server's own thread, and nothing a client sends can come first; from a handler, it splits long
 * work into steps.
 *
 * <p>The method takes exactly one parameter, the continuation, and is chosen by that parameter's type, as an
 * {@code @Info} method is: the most specific type wins, and two methods for the same type are an error. It returns
 * {@code void}, and may itself ask for the next continuation. A continuation no {@code @Continue} method takes
 * crashes the server, as a gen_server without {@code handle_continue} does.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Continue {}
