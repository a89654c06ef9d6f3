package io.loomotp.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class (or method) as a Loom OTP test: each test gets a fresh {@link io.loomotp.runtime.Node}
 * (or one per class, by choice) and a {@link TestKit} as parameters, and at teardown fails if a process it started is
 * still alive or a crash report came that it did not expect. See {@link LoomOtpExtension}.
 *
 * <p>On a method, {@link #virtualTime()} and {@link #checkLeaks()} override the class's for that test (with a node per
 * test only); {@link #nodePerClass()} is read from the class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LoomOtpExtension.class)
public @interface LoomOtpTest {
    /** Makes the node with a {@link io.loomotp.runtime.ManualClock}: time moves only by {@link TestKit#advance}. */
    boolean virtualTime() default false;

    /**
     * Shares one node between the tests of the class, made before the first and closed after the last. Each test is
     * still checked for the processes it left and the reports it caused; processes alive before it began (started in
     * {@code @BeforeAll}) are not its own.
     */
    boolean nodePerClass() default false;

    /** Fails a test that leaves a process alive, unless {@link TestKit#allowAlive} names it. */
    boolean checkLeaks() default true;

    /** The node's name. */
    String nodeName() default "test";
}
