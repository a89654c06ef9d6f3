package io.loomotp.metrics.regulation;

import io.loomotp.metrics.NodeSample;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A feedback sampler, as {@code jobs_sampler}'s: a measurement read from each {@link NodeSample} (a mailbox's length,
 * a latency, the heap) turned into a level, the number of {@code levels} it is above. A queue that names the feedback
 * in a modifier lowers its limits by that modifier's percentage per level; at level 0 nothing is dampened.
 *
 * @param name the name queues' modifiers refer to
 * @param measure reads the measurement
 * @param levels increasing thresholds: a measurement above the first is level 1, above the second level 2, ...
 */
public record Feedback(String name, ToDoubleFunction<NodeSample> measure, double... levels) {
    public Feedback {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(measure, "measure");
        levels = levels.clone();
        if (levels.length == 0) {
            throw new IllegalArgumentException("feedback " + name + " needs at least one level");
        }
        for (int i = 1; i < levels.length; i++) {
            if (!(levels[i] > levels[i - 1])) {
                throw new IllegalArgumentException("feedback " + name + ": levels must increase: "
                        + Arrays.toString(levels));
            }
        }
    }

    /** The mailbox length of the process registered as {@code process}. */
    public static Feedback mailbox(String name, String process, double... levels) {
        Objects.requireNonNull(process, "process");
        return new Feedback(name, s -> s.mailboxOf(process), levels);
    }

    /** The heap in use, as a fraction of its maximum. */
    public static Feedback heap(String name, double... levels) {
        return new Feedback(name, NodeSample::heapFraction, levels);
    }

    /** The level of a measurement: how many of the levels it is above. */
    public int level(double value) {
        int level = 0;
        while (level < levels.length && value > levels[level]) {
            level++;
        }
        return level;
    }
}
