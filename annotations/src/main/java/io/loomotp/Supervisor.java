package io.loomotp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a supervisor: OTP's supervisor, its children given as {@link Child} methods of an interface (or abstract
 * class), each returning the generated client of the child.
 *
 * <pre>{@code
 * @Supervisor(strategy = Strategy.REST_FOR_ONE, intensity = 2, period = "1h")
 * public interface Bsc {
 *     @Child FrequencyRef frequency();
 *     @Child PhonesRef phones();
 * }
 * }</pre>
 *
 * <p>The processor generates {@code <Name>Supervisor}, the supervisor's callback module: it takes one factory per child
 * (a {@code Provider} in its {@code @Inject} constructor, so that a Dagger component builds the whole tree, or a
 * {@code Supplier} in {@code of(...)} without one), and every start and restart of a child takes a fresh instance from
 * it. It also generates {@code <Name>Ref}, the client of the running supervisor: {@code start}, {@code startLink},
 * one method per child returning that child's current client, and the dynamic API.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.SOURCE)
public @interface Supervisor {
    /** How children are restarted. */
    Strategy strategy() default Strategy.ONE_FOR_ONE;

    /** How many restarts are allowed within {@link #period()}; one more and the supervisor gives up. */
    int intensity() default 1;

    /** The window of {@link #intensity()}: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, {@code 1d}. */
    String period() default "5s";

    /**
     * When the supervisor shuts itself down because its significant children ({@code @Child(significant = true)})
     * ended: OTP's {@code auto_shutdown}; never by default.
     */
    AutoShutdown autoShutdown() default AutoShutdown.NEVER;

    /** The name to register each started supervisor under, unless the start options give another; empty for none. */
    String name() default "";
}
