package io.loomotp.runtime.supervisor;

import io.loomotp.Strategy;
import java.time.Duration;
import java.util.Objects;

/**
 * A supervisor's strategy and restart intensity: it gives up, stopping all its children and exiting with
 * {@code shutdown}, when more than {@code intensity} restarts fall within {@code period}. OTP's defaults are
 * {@code ONE_FOR_ONE}, 1 restart in 5 seconds.
 */
public record SupervisorFlags(Strategy strategy, int intensity, Duration period) {

    public SupervisorFlags {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(period, "period");
        if (intensity < 0) {
            throw new IllegalArgumentException("intensity cannot be negative: " + intensity);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /** {@code ONE_FOR_ONE}, 1 restart in 5 seconds. */
    public static SupervisorFlags defaults() {
        return new SupervisorFlags(Strategy.ONE_FOR_ONE, 1, Duration.ofSeconds(5));
    }

    public static SupervisorFlags of(Strategy strategy) {
        return defaults().withStrategy(strategy);
    }

    public SupervisorFlags withStrategy(Strategy strategy) {
        return new SupervisorFlags(strategy, intensity, period);
    }

    public SupervisorFlags withIntensity(int intensity, Duration period) {
        return new SupervisorFlags(strategy, intensity, period);
    }
}
