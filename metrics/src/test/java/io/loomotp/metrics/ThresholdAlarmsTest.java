package io.loomotp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.event.EventManager;
import io.loomotp.runtime.testing.NodeExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Threshold alarms raised and cleared through the node's alarm handler, with hysteresis and minimum durations, under a
 * manual clock: every tick happens at a time the test chose.
 */
@ExtendWith(NodeExtension.class)
class ThresholdAlarmsTest {
    private final ManualClock clock = new ManualClock();
    private final Fixtures.Heap heap = new Fixtures.Heap();
    private NodeSampler sampler;

    @BeforeEach
    void setUp(Node node) {
        Alarms.start(node);
        sampler = NodeSampler.create(node, clock, heap);
    }

    @AfterEach
    void tearDown() {
        sampler.close();
    }

    private static List<Object> alarmIds(Node node) {
        return Alarms.get(node).stream().map(Alarm::id).toList();
    }

    private void tickAfter(Duration d) {
        clock.advance(d);
        sampler.tick();
    }

    @Test
    void mailbox_raisesOnlyAfterTheMinimumDurationAndClearsBelowTheLowerLevel(Node node) {
        Fixtures.Sink sink = new Fixtures.Sink(node, "sink");
        Threshold.AlarmId id = new Threshold.AlarmId("long_mailbox", "sink");
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler,
                Threshold.mailbox("sink", 10, 3, Duration.ofSeconds(5)));
        // above 10 at t=0 and t=4 s: not yet
        sink.fill(11);
        tickAfter(Duration.ZERO);
        tickAfter(Duration.ofSeconds(4));
        assertThat(alarms.raised()).isEmpty();
        assertThat(alarmIds(node)).isEmpty();
        // still above at t=5 s: raised, through the alarm handler
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarms.raised()).containsExactly(id);
        assertThat(Alarms.get(node)).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(id);
            assertThat(a.description().toString()).contains("mailbox of sink is 11 messages", "above 10");
        });
        // in the hysteresis band (at or below 10, above 3), for long: stays raised
        sink.drainTo(5);
        tickAfter(Duration.ofSeconds(1));
        tickAfter(Duration.ofMinutes(10));
        assertThat(alarmIds(node)).containsExactly(id);
        // at or below 3, but not for 5 s: stays raised
        sink.drainTo(3);
        tickAfter(Duration.ofSeconds(1));
        tickAfter(Duration.ofSeconds(4));
        assertThat(alarmIds(node)).containsExactly(id);
        // for 5 s: cleared
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarms.raised()).isEmpty();
        assertThat(alarmIds(node)).isEmpty();
    }

    @Test
    void mailbox_aSpikeShorterThanTheDurationNeverRaises(Node node) {
        Fixtures.Sink sink = new Fixtures.Sink(node, "sink");
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler,
                Threshold.mailbox("sink", 10, 3, Duration.ofSeconds(5)));
        sink.fill(20);
        tickAfter(Duration.ZERO);
        tickAfter(Duration.ofSeconds(4));
        sink.drainTo(8); // back under 10 before 5 s: the wait starts again
        tickAfter(Duration.ofSeconds(1));
        sink.fill(10);
        tickAfter(Duration.ofSeconds(1));
        tickAfter(Duration.ofSeconds(4));
        assertThat(alarms.raised()).isEmpty();
        tickAfter(Duration.ofSeconds(1)); // 5 s above since the spike came back
        assertThat(alarms.raised()).hasSize(1);
    }

    @Test
    void longestMailbox_namesTheProcessThatHoldsIt(Node node) {
        Fixtures.Sink sink = new Fixtures.Sink(node, "sink");
        ThresholdAlarms.install(sampler, Threshold.longestMailbox(10, 3, Duration.ZERO));
        sink.fill(20);
        tickAfter(Duration.ofSeconds(1));
        assertThat(Alarms.get(node)).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(new Threshold.AlarmId("long_mailbox", "any"));
            // "at <current function>" follows only if the holder has a stack to show: an idle process may have no
            // thread (ObservabilityTest), so the name is what is certain
            assertThat(a.description().toString())
                    .contains("longest mailbox is 20 messages, held by " + sink.pid + " (sink)");
        });
    }

    @Test
    void restartsPerMinute_raisesOverTheLimitAndClearsAsTheMinutePasses(Node node) {
        Fixtures.supervisor(node, "top");
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler, Threshold.restartsPerMinute(2, 0));
        Threshold.AlarmId id = new Threshold.AlarmId("restarts_per_minute", "node");
        // two restarts at t=0: not over 2
        Fixtures.crashWorker(node);
        Fixtures.crashWorker(node);
        tickAfter(Duration.ZERO);
        assertThat(alarms.raised()).isEmpty();
        // a third at t=30 s: 3 in the last minute, raised
        clock.advance(Duration.ofSeconds(30));
        Fixtures.crashWorker(node);
        tickAfter(Duration.ZERO);
        assertThat(sampler.latest().restartsLastMinute()).isEqualTo(3);
        assertThat(alarmIds(node)).containsExactly(id);
        // at t=61 s the first two have left the minute: 1 left, above 0, still raised (hysteresis)
        tickAfter(Duration.ofSeconds(31));
        assertThat(sampler.latest().restartsLastMinute()).isEqualTo(1);
        assertThat(alarmIds(node)).containsExactly(id);
        // at t=91 s none is left: cleared
        tickAfter(Duration.ofSeconds(30));
        assertThat(sampler.latest().restartsLastMinute()).isZero();
        assertThat(alarmIds(node)).isEmpty();
        assertThat(sampler.latest().restarts()).isEqualTo(3);
    }

    @Test
    void heap_raisesAboveTheFractionAndClearsAtTheLowerOne(Node node) {
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler, Threshold.heap(0.9, 0.75, Duration.ofSeconds(30)));
        Threshold.AlarmId id = new Threshold.AlarmId("high_heap", "jvm");
        heap.set(95, 100);
        tickAfter(Duration.ZERO);
        tickAfter(Duration.ofSeconds(29));
        assertThat(alarms.raised()).isEmpty();
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarmIds(node)).containsExactly(id);
        heap.set(80, 100); // under 0.9 but above 0.75: stays
        tickAfter(Duration.ofMinutes(5));
        tickAfter(Duration.ofMinutes(5));
        assertThat(alarmIds(node)).containsExactly(id);
        heap.set(70, 100);
        tickAfter(Duration.ofSeconds(1));
        tickAfter(Duration.ofSeconds(30));
        assertThat(alarmIds(node)).isEmpty();
    }

    @Test
    void bindTo_showsEachAlarmAsAGauge(Node node) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler, Threshold.heap(0.9, 0.75, Duration.ZERO),
                Threshold.restartsPerMinute(5, 0));
        alarms.bindTo(registry);
        heap.set(99, 100);
        tickAfter(Duration.ofSeconds(1));
        assertThat(registry.get("loomotp.alarms.raised").tag("alarm", "{high_heap, jvm}").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("loomotp.alarms.raised").tag("alarm", "{restarts_per_minute, node}").gauge()
                .value()).isZero();
    }

    @Test
    void close_clearsTheAlarmsItRaised(Node node) {
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler, Threshold.heap(0.9, 0.75, Duration.ZERO));
        heap.set(99, 100);
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarmIds(node)).hasSize(1);
        alarms.close();
        assertThat(alarmIds(node)).isEmpty();
        tickAfter(Duration.ofSeconds(1)); // no longer evaluated
        assertThat(alarmIds(node)).isEmpty();
    }

    @Test
    void threshold_refusesAClearingLevelAboveTheRaisingOne() {
        assertThatThrownBy(() -> Threshold.mailbox("x", 10, 20, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most the raising level");
        assertThatThrownBy(() -> Threshold.heap(90, 80, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fraction");
        assertThatThrownBy(() -> Threshold.heap(0.9, -0.5, Duration.ZERO)) // would never clear
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never clear");
    }

    /** An alarm manager that starts after the raise, or is restarted (its list lost), is told at the next sample. */
    @Test
    void raised_beforeTheAlarmManagerRan_orAcrossItsRestart_isSetWithItAtTheNextSample(Node node) {
        EventManager.stop(node.whereis(Alarms.NAME)); // none runs
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler, Threshold.heap(0.9, 0.75, Duration.ZERO));
        heap.set(99, 100);
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarms.raised()).hasSize(1);

        Alarms.start(node);
        assertThat(alarmIds(node)).isEmpty(); // until the next sample
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarmIds(node)).containsExactly(new Threshold.AlarmId("high_heap", "jvm"));
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarmIds(node)).hasSize(1); // set once with each manager

        EventManager.stop(node.whereis(Alarms.NAME));
        Alarms.start(node);
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarmIds(node)).containsExactly(new Threshold.AlarmId("high_heap", "jvm"));
        heap.set(10, 100);
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarmIds(node)).isEmpty();
    }

    @Test
    void install_refusesTwoThresholdsForOneAlarm() {
        assertThatThrownBy(() -> ThresholdAlarms.install(sampler, Threshold.heap(0.9, 0.8, Duration.ZERO),
                Threshold.heap(0.95, 0.8, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{high_heap, jvm}");
    }

    /** A rule whose measurement throws skips the sample; the rules after it still raise (a new user's finding). */
    @Test
    void aFailingMeasure_doesNotSilenceTheRulesAfterIt(Node node) {
        Threshold broken = new Threshold(new Threshold.AlarmId("broken", "x"), "broken", "units", s -> {
            throw new IllegalStateException("cannot measure");
        }, 1, 0, Duration.ZERO, Duration.ZERO, null);
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler, broken, Threshold.heap(0.9, 0.8, Duration.ZERO));
        heap.set(95, 100);
        tickAfter(Duration.ZERO);
        tickAfter(Duration.ofSeconds(1));
        assertThat(alarms.raised()).containsExactly(new Threshold.AlarmId("high_heap", "jvm"));
        alarms.close();
    }

    /** Two installs raising one alarm, or bound to one registry, would set it twice and share a gauge: refused. */
    @Test
    void aSecondInstallOfTheSameAlarm_andAClosedOnesUses_areRefused(Node node) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ThresholdAlarms first = ThresholdAlarms.install(sampler, Threshold.heap(0.9, 0.8, Duration.ZERO));
        assertThatThrownBy(() -> ThresholdAlarms.install(sampler, Threshold.heap(0.95, 0.8, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold alarm {high_heap, jvm} is raised by other threshold alarms");
        first.bindTo(registry);
        first.close();
        first.close(); // twice is harmless
        assertThatThrownBy(() -> first.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        ThresholdAlarms again = ThresholdAlarms.install(sampler, Threshold.heap(0.95, 0.8, Duration.ZERO));
        again.bindTo(registry); // the first's gauge went with it
        NodeSampler other = NodeSampler.create(node, clock, heap);
        ThresholdAlarms elsewhere = ThresholdAlarms.install(other, Threshold.heap(0.95, 0.8, Duration.ZERO));
        assertThatThrownBy(() -> elsewhere.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds a gauge loomotp.alarms.raised for alarm {high_heap, jvm}");
        elsewhere.close();
        other.close();
        assertThatThrownBy(other::tick).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed: no sample was taken");
        assertThatThrownBy(() -> ThresholdAlarms.install(other, Threshold.heap(0.9, 0.8, Duration.ZERO)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> Threshold.mailbox("q", 5, 1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("forAtLeast");
        again.close();
    }
}
