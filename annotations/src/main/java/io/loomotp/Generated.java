package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code the Loom OTP processor wrote. It is the project's own rather than {@code javax.annotation.processing
 * .Generated} so that generated code compiles in a named module that does not read {@code java.compiler}; its class
 * retention lets coverage tools (JaCoCo ignores classes annotated {@code *Generated}) leave generated code out.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Generated {
    /** The generator: {@code io.loomotp.processor.LoomOtpProcessor}. */
    String value();
}
