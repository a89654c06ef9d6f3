package io.loomotp.metrics.regulation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A regulated queue's configuration, as {@code jobs:add_queue/2} takes it: a name, its regulators (a rate, a counter,
 * or both), the longest a request may wait ({@code max_time}), the most that may wait ({@code max_size}), and the
 * feedback modifiers that dampen its limits when the system struggles ({@code {modifiers, [{Feedback, Percent}]}}).
 *
 * @param name the queue's name, which requests ask for and meters are tagged with
 * @param rate requests admitted per second at most, or 0 for no rate regulator
 * @param counter requests admitted and not yet done at most, or 0 for no counter regulator
 * @param maxTime how long a request may wait before it is rejected rather than served late, or null for no limit
 * @param maxSize how many requests may wait; one more is rejected at once
 * @param modifiers per feedback name, the percentage by which each of its levels lowers the limits
 */
public record QueueSpec(String name, double rate, int counter, Duration maxTime, int maxSize,
                        Map<String, Integer> modifiers) {

    public QueueSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a queue needs a name");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("queue " + name + ": a rate is a finite number of requests per second"
                    + " (0 for none), not " + rate);
        }
        if (counter < 0) {
            throw new IllegalArgumentException("queue " + name + ": a counter limit must not be negative: " + counter);
        }
        if (rate == 0 && counter == 0) {
            throw new IllegalArgumentException("queue " + name + " has no regulator: give it a rate, a counter, or "
                    + "both");
        }
        if (maxTime != null && maxTime.isNegative()) {
            throw new IllegalArgumentException("queue " + name + ": max time must not be negative: " + maxTime);
        }
        if (maxSize < 0) {
            throw new IllegalArgumentException("queue " + name + ": max size must not be negative: " + maxSize);
        }
        for (Map.Entry<String, Integer> m : modifiers.entrySet()) {
            if (m.getValue() < 0 || m.getValue() > 100) {
                throw new IllegalArgumentException("queue " + name + ": modifier " + m.getKey()
                        + " is a percentage per level, 0 to 100, not " + m.getValue());
            }
        }
        modifiers = Map.copyOf(modifiers);
    }

    /** Starts a queue's configuration. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds a {@link QueueSpec}. */
    public static final class Builder {
        private final String name;
        private double rate;
        private int counter;
        private Duration maxTime;
        private int maxSize = Integer.MAX_VALUE;
        private final Map<String, Integer> modifiers = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "a queue needs a name, not null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a queue needs a name");
            }
        }

        /** A rate regulator: at most {@code perSecond} requests admitted a second, evenly spaced. */
        public Builder rate(double perSecond) {
            this.rate = perSecond;
            return this;
        }

        /**
         * A counter regulator: at most {@code limit} requests admitted and not yet done.
         *
         * @throws IllegalArgumentException if {@code limit} is below 1 (a queue without a counter leaves this out)
         */
        public Builder counter(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("queue " + name + ": a counter limit is at least 1, not " + limit
                        + " (for no counter regulator, leave counter out)");
            }
            this.counter = limit;
            return this;
        }

        /** Rejects a request that has waited longer than {@code maxTime}. */
        public Builder maxTime(Duration maxTime) {
            this.maxTime = Objects.requireNonNull(maxTime, "maxTime");
            return this;
        }

        /** Rejects a request at once when {@code maxSize} are waiting. */
        public Builder maxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        /** Lowers the limits by {@code percentPerLevel}% for each level of the feedback named {@code feedback}. */
        public Builder modifier(String feedback, int percentPerLevel) {
            modifiers.put(Objects.requireNonNull(feedback, "feedback"), percentPerLevel);
            return this;
        }

        public QueueSpec build() {
            return new QueueSpec(name, rate, counter, maxTime, maxSize, modifiers);
        }
    }
}
