package io.loomotp.runtime.supervisor;

import io.loomotp.AutoShutdown;
import io.loomotp.Strategy;
import java.time.Duration;
import java.util.Objects;

/**
 * A supervisor's strategy, restart intensity and automatic shutdown: it gives up, stopping all its children and
 * exiting with {@code shutdown}, when more than {@code intensity} restarts fall within {@code period}; and, unless
 * {@code autoShutdown} is {@link AutoShutdown#NEVER}, when its significant children have ended. OTP's defaults are
 * {@code ONE_FOR_ONE}, 1 restart in 5 seconds, {@code never}.
 */
public record SupervisorFlags(Strategy strategy, int intensity, Duration period, AutoShutdown autoShutdown) {

    public SupervisorFlags {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        if (intensity < 0) {
            throw new IllegalArgumentException("intensity cannot be negative: " + intensity);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /** Flags that never shut down by themselves ({@link AutoShutdown#NEVER}). */
    public SupervisorFlags(Strategy strategy, int intensity, Duration period) {
        this(strategy, intensity, period, AutoShutdown.NEVER);
    }

    /** {@code ONE_FOR_ONE}, 1 restart in 5 seconds, no automatic shutdown. */
    public static SupervisorFlags defaults() {
        return new SupervisorFlags(Strategy.ONE_FOR_ONE, 1, Duration.ofSeconds(5));
    }

    public static SupervisorFlags of(Strategy strategy) {
        return defaults().withStrategy(strategy);
    }

    public SupervisorFlags withStrategy(Strategy strategy) {
        return new SupervisorFlags(strategy, intensity, period, autoShutdown);
    }

    public SupervisorFlags withIntensity(int intensity, Duration period) {
        return new SupervisorFlags(strategy, intensity, period, autoShutdown);
    }

    /** OTP's {@code auto_shutdown}: see {@link AutoShutdown}. */
    public SupervisorFlags withAutoShutdown(AutoShutdown autoShutdown) {
        return new SupervisorFlags(strategy, intensity, period, autoShutdown);
    }
}
