package io.loomotp.metrics.regulation;

import io.loomotp.metrics.NodeSample;
import io.loomotp.metrics.Threshold;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Threshold alarms on a regulated queue: the edge of a system telling its operator that it is turning work away, as
 * elarm would raise an alarm from a {@code jobs} queue's counters. The rules are plain {@link Threshold}s, installed
 * with {@code ThresholdAlarms.install} beside the others, and evaluated on the same sampler's ticks.
 */
public final class QueueThresholds {
    /** The alarms' kind: {@code {queue_rejecting, <queue>}}. */
    public static final String REJECTING = "queue_rejecting";

    private QueueThresholds() {}

    /**
     * The queue rejects more than {@code perSecondAbove} requests a second (for either reason: full, or maximum time
     * run out) for at least {@code forAtLeast}; clears when it rejects {@code clearAtOrBelow} a second or fewer for as
     * long. Id {@code {queue_rejecting, queue}}. The rate is measured between two ticks of the sampler that evaluates
     * it (the rejections counted in between, over the sampler's time in between), so the minimum duration should span
     * several ticks: one quiet tick between two waves of rejections restarts the wait, it does not clear.
     *
     * <p>The rule keeps the last tick's count: install it in one {@code ThresholdAlarms} only.
     *
     * @throws UnknownQueueException if the regulator has no such queue
     * @throws IllegalArgumentException if the levels are negative, or the clearing one is above the raising one
     */
    public static Threshold rejecting(Regulator regulator, String queue, double perSecondAbove,
                                      double clearAtOrBelow, Duration forAtLeast) {
        Objects.requireNonNull(regulator, "regulator");
        regulator.stats(queue); // an unknown queue fails here, not at the first tick
        if (perSecondAbove < 0 || clearAtOrBelow < 0) {
            throw new IllegalArgumentException("rejections a second are not negative: raise above " + perSecondAbove
                    + ", clear at or below " + clearAtOrBelow);
        }
        return new Threshold(new Threshold.AlarmId(REJECTING, queue), "rejections by queue " + queue,
                "a second", new RejectionRate(regulator, queue), perSecondAbove, clearAtOrBelow,
                Objects.requireNonNull(forAtLeast, "forAtLeast"), forAtLeast, s -> detail(regulator, queue));
    }

    static String detail(Regulator regulator, String queue) {
        QueueStats q = regulator.stats(queue);
        return q.rejectedFull() + " rejected full and " + q.rejectedMaxTime() + " after the maximum time since the"
                + " queue began, " + q.waiting() + " waiting, "
                + (regulator.queue(queue).spec().rate() > 0 ? "rate limit now " + Math.round(q.rateLimit()) + "/s"
                        : "no rate limit");
    }

    /** Rejections a second between two samples; 0 at the first sample (no interval yet). */
    private static final class RejectionRate implements ToDoubleFunction<NodeSample> {
        private final Regulator regulator;
        private final String queue;
        private long lastTime;
        private long lastRejected = -1;
        private double rate;

        RejectionRate(Regulator regulator, String queue) {
            this.regulator = regulator;
            this.queue = queue;
        }

        @Override
        public synchronized double applyAsDouble(NodeSample s) {
            QueueStats q = regulator.stats(queue);
            long rejected = q.rejectedFull() + q.rejectedMaxTime();
            if (lastRejected < 0) {
                rate = 0;
            } else if (s.time() > lastTime) { // two samples at one instant: keep the last interval's rate
                rate = (rejected - lastRejected) * 1e9 / (s.time() - lastTime);
            }
            if (lastRejected < 0 || s.time() > lastTime) {
                lastTime = s.time();
                lastRejected = rejected;
            }
            return rate;
        }
    }
}
