package io.loomotp.runtime.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor stops a child: OTP's shutdown. {@link #timeout} sends the {@code shutdown} exit signal and waits
 * that long for the child to end, then kills it; {@link #BRUTAL_KILL} kills at once; {@link #INFINITY} waits as long
 * as it takes, and is meant for children that are supervisors.
 */
public sealed interface Shutdown {
    /** Kills the child at once, with the untrappable kill signal. */
    Shutdown BRUTAL_KILL = new BrutalKill();
    /** Sends {@code shutdown} and waits for the child as long as it takes: the default for supervisors. */
    Shutdown INFINITY = new Infinity();
    /** OTP's default for a worker: 5 seconds, then kill. */
    Shutdown DEFAULT_WORKER = new Timeout(Duration.ofSeconds(5));

    /** Sends {@code shutdown}, and kills the child if it has not ended within {@code timeout}. */
    static Shutdown timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    /**
     * Parses a shutdown as {@code @Child} writes it: {@code brutal_kill}, {@code infinity}, or a duration such as
     * {@code 500ms}, {@code 5s}, {@code 1m}.
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    static Shutdown parse(String text) {
        return switch (text) {
            case "brutal_kill" -> BRUTAL_KILL;
            case "infinity" -> INFINITY;
            default -> timeout(Durations.parse(text));
        };
    }

    /** Wait for the child, then kill it. */
    record Timeout(Duration timeout) implements Shutdown {
        public Timeout {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("a shutdown timeout cannot be negative: " + timeout);
            }
        }

        @Override
        public String toString() {
            return String.valueOf(timeout.toMillis());
        }
    }

    /** Kill the child at once. */
    record BrutalKill() implements Shutdown {
        @Override
        public String toString() {
            return "brutal_kill";
        }
    }

    /** Wait for the child for as long as it takes. */
    record Infinity() implements Shutdown {
        @Override
        public String toString() {
            return "infinity";
        }
    }
}
