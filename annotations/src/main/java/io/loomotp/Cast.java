package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An asynchronous request: OTP's {@code handle_cast}. The method returns {@code void}; the generated {@code Ref}
 * method of the same name returns at once. A cast to a dead server is dropped silently, as in OTP.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.SOURCE)
public @interface Cast {}
