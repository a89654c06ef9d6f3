package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs when the server stops: OTP's {@code terminate}. At most one per class; it takes no parameter or one
 * {@code ExitReason}, and returns {@code void}. It runs on {@code stop}, after a handler crashes, and when the
 * server traps exits and its parent (its supervisor) sends it an exit signal. It does not run when the server is
 * killed, nor when its init fails. An exception here replaces the reason.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Terminate {}
