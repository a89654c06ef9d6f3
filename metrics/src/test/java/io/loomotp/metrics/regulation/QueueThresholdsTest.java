package io.loomotp.metrics.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.metrics.ManualClock;
import io.loomotp.metrics.NodeSampler;
import io.loomotp.metrics.Threshold;
import io.loomotp.metrics.ThresholdAlarms;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.NodeExtension;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The alarm of a queue that turns requests away, raised and cleared under one manual clock for sampler and queue. */
@ExtendWith(NodeExtension.class)
class QueueThresholdsTest {
    private static final Threshold.AlarmId ID = new Threshold.AlarmId(QueueThresholds.REJECTING, "q");
    private final ManualClock clock = new ManualClock();
    private final Regulator regulator = Regulator.create(clock);
    private final LogCapture.Capture log = LogCapture.capture("io.loomotp.regulator"); // rejections are logged
    private NodeSampler sampler;

    @BeforeEach
    void setUp(Node node) {
        Alarms.start(node);
        sampler = NodeSampler.create(node, clock, () -> new MemoryUsage(0, 1, 10, 10));
        // one admitted a second, one may wait: every further request is rejected at once (full)
        regulator.addQueue(QueueSpec.named("q").rate(1).maxSize(1).build());
    }

    @AfterEach
    void tearDown() {
        sampler.close();
        regulator.close();
        log.close();
    }

    private static List<Object> alarmIds(Node node) {
        return Alarms.get(node).stream().map(Alarm::id).toList();
    }

    /**
     * {@code n} requests (each granted one ended at once, so that the queue only counts; a waiting one stays, as its
     * asker waits), then the clock moves and both tick.
     */
    private void askThenTickAfter(int n, Duration d) {
        for (int i = 0; i < n; i++) {
            Ticket t = regulator.ask("q");
            if (t.state() == Ticket.State.GRANTED) {
                t.done();
            }
        }
        clock.advance(d);
        regulator.tick();
        sampler.tick();
    }

    @Test
    void rejecting_raisesAfterRejectingAboveTheRateForTheDuration_andClearsAfterAQuietDuration(Node node) {
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler,
                QueueThresholds.rejecting(regulator, "q", 10, 0, Duration.ofSeconds(1)));
        sampler.tick(); // the first sample: no interval yet, 0 a second
        // 20 requests each half second: about 36 rejected a second, above 10, but not yet for a second
        askThenTickAfter(20, Duration.ofMillis(500));
        askThenTickAfter(20, Duration.ofMillis(500));
        assertThat(alarmIds(node)).isEmpty();
        // one quiet interval: not above 10, so the raise's wait starts again
        askThenTickAfter(0, Duration.ofMillis(500));
        askThenTickAfter(20, Duration.ofMillis(500));
        askThenTickAfter(20, Duration.ofMillis(500));
        assertThat(alarmIds(node)).isEmpty();
        // a full second above 10 a second: raised, with what the queue counted
        askThenTickAfter(20, Duration.ofMillis(500));
        assertThat(alarms.raised()).containsExactly(ID);
        assertThat(Alarms.get(node)).singleElement().satisfies(a -> assertThat(a.description().toString())
                .contains("rejections by queue q is", "a second", "rejected full", "rate limit now 1/s",
                        "(above 10 for 1000 ms;"));
        // quiet, but not for a second: stays raised; a second of quiet: cleared
        askThenTickAfter(0, Duration.ofMillis(500));
        askThenTickAfter(0, Duration.ofMillis(500));
        assertThat(alarmIds(node)).containsExactly(ID);
        askThenTickAfter(0, Duration.ofMillis(500));
        assertThat(alarms.raised()).isEmpty();
        assertThat(alarmIds(node)).isEmpty();
        alarms.close();
    }

    @Test
    void rejecting_fewRejectionsAreInsideTheBand_andKeepARaisedAlarmRaised(Node node) {
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler,
                QueueThresholds.rejecting(regulator, "q", 10, 0, Duration.ofSeconds(1)));
        sampler.tick();
        askThenTickAfter(20, Duration.ofMillis(500));
        askThenTickAfter(20, Duration.ofMillis(500));
        askThenTickAfter(20, Duration.ofMillis(500));
        assertThat(alarms.raised()).containsExactly(ID);
        // 4 requests each second: 2 or 3 rejected a second, at or below 10 but above 0, for long: stays raised
        for (int i = 0; i < 10; i++) {
            askThenTickAfter(4, Duration.ofSeconds(1));
        }
        assertThat(alarmIds(node)).containsExactly(ID);
        // none rejected for a second: cleared
        askThenTickAfter(0, Duration.ofSeconds(1));
        askThenTickAfter(0, Duration.ofSeconds(1));
        assertThat(alarmIds(node)).isEmpty();
        alarms.close();
    }

    @Test
    void rejecting_detail_ofACounterOnlyQueue_saysItHasNoRateLimit() {
        regulator.addQueue(QueueSpec.named("c").counter(1).build());
        assertThat(QueueThresholds.detail(regulator, "c")).endsWith("0 waiting, no rate limit");
        assertThat(QueueThresholds.detail(regulator, "q")).endsWith("0 waiting, rate limit now 1/s");
    }

    @Test
    void rejecting_badArguments_areRefusedAtOnce() {
        assertThatThrownBy(() -> QueueThresholds.rejecting(regulator, "nope", 10, 0, Duration.ofSeconds(1)))
                .isInstanceOf(UnknownQueueException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> QueueThresholds.rejecting(regulator, "q", -1, -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not negative");
        assertThatThrownBy(() -> QueueThresholds.rejecting(regulator, "q", 1, 5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most the raising level");
    }
}
