package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.metrics.Threshold;
import io.loomotp.metrics.regulation.QueueStats;
import io.loomotp.metrics.regulation.QueueThresholds;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.event.EventHandler;
import io.loomotp.runtime.event.EventManager;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.sys.TracingSys;
import io.loomotp.testkit.LoomOtpTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Call set-up under an overload far above what the controller can serve (the {@code bin/bsc --rate} overload run of
 * docs/telecom.md, smaller): the set-up queue admits what it can serve in time and turns the rest away as busy,
 * counted, and nothing leaks; the overload alarm {@code {queue_rejecting, call_setup}} of bin/bsc's metrics is raised
 * while it lasts (the console's {@code alarms} shows it) and cleared once it is over. On the test kit: no error report
 * comes that the test does not expect, and after the node's stop nothing the test started is alive.
 */
@LoomOtpTest
class BscOverloadTest {
    private static final Duration MAX_TIME = Duration.ofMillis(50);
    private static final Map<String, String> OVERLOAD = Map.of("phones", "2000", "calls_per_second", "50000",
            "frequencies", "10-29", "talk_time", "200ms", "answer_timeout", "2s", "setup_rate", "300",
            "setup_max_time", MAX_TIME.toMillis() + "ms");

    private static final Threshold.AlarmId REJECTING = new Threshold.AlarmId(QueueThresholds.REJECTING,
            CallAdmission.QUEUE);

    /** Tells the test when an alarm of one id is set and cleared: the events themselves, not a poll. */
    private static final class AlarmWatch implements EventHandler {
        final CompletableFuture<Alarm> set = new CompletableFuture<>();
        final CompletableFuture<Void> cleared = new CompletableFuture<>();
        private final Object id;

        AlarmWatch(Object id) {
            this.id = id;
        }

        @Override
        public void handleEvent(Object event) {
            switch (event) {
                case Alarm.Set s when s.alarm().id().equals(id) -> set.complete(s.alarm());
                case Alarm.Clear c when c.id().equals(id) && set.isDone() -> cleared.complete(null);
                default -> { }
            }
        }
    }

    @Test
    void overload_admitsWithinMaxTime_rejectsAsBusy_raisesAndClearsItsAlarm_leaksNothing(Node node,
            @TempDir Path dir) throws Exception {
        try (LogCapture.Capture log = RejectionLines.capture()) {
            overload(node, dir, log);
        }
    }

    private static void overload(Node node, Path dir, LogCapture.Capture log) throws Exception {
        // given: bsc with its set-up queue, and no phone yet
        Map<String, String> settings = new HashMap<>(OVERLOAD);
        settings.put("overload_log", dir.resolve("overload.log").toString());
        BscApplication app = new BscApplication(settings);
        node.start(app, Restart.PERMANENT);
        CallAdmission admission = app.component().admission();
        assertThat(admission.regulated()).isTrue();
        // bin/bsc's metrics and their threshold alarms, and its console
        MetricsEndpoint metrics = MetricsEndpoint.start(node, app.sampler(), admission, 0);
        AlarmWatch watch = new AlarmWatch(REJECTING);
        EventManager.addHandler(node.whereis(Alarms.NAME), watch);
        TracingSys tools = TracingSys.install(node);
        ByteArrayOutputStream typed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(typed, true, StandardCharsets.UTF_8);
        int treeOnly = node.processCount();

        // when: 2,000 phones try 50,000 calls a second between them
        Load load = Load.start(node, app.component().config(), app.component().hlr());
        Bscs.Running bsc = new Bscs.Running(app, null, load);
        Stats s = load.stats();
        Bscs.waitFor(() -> s.busyOverload.get() >= 2_000 && s.setUp.get() >= 50, Duration.ofSeconds(90),
                "2,000 attempts turned away and 50 calls set up");
        // then: the overload alarm is raised while it lasts, and the console's alarms shows it
        Alarm raised = watch.set.get(30, TimeUnit.SECONDS);
        assertThat(raised.description().toString()).contains("rejections by queue call_setup is", "a second");
        Console console = new Console(node, tools.control(), new Figures(node, load, admission, out, null),
                Chaos.on(node), out);
        assertThat(console.execute("alarms")).isZero();
        assertThat(typed.toString(StandardCharsets.UTF_8)).contains(REJECTING.toString(),
                "rejections by queue call_setup");
        Bscs.stopLoad(bsc);
        // and cleared once the phones are gone: the alarms command no longer shows it
        watch.cleared.get(30, TimeUnit.SECONDS);
        typed.reset();
        assertThat(console.execute("alarms")).isZero();
        assertThat(typed.toString(StandardCharsets.UTF_8)).doesNotContain(REJECTING.toString());
        console.close();

        // then: every admitted set-up waited its turn for at most the maximum time (the regulator's invariant),
        // and set-up as the phones saw it stayed within a generous bound (an invariant, not a speed claim)
        assertThat(admission.longestWait()).as("longest wait of an admitted set-up").isLessThanOrEqualTo(MAX_TIME);
        assertThat(s.setUpLatency.max()).as("dialling to connected").isLessThan(Duration.ofSeconds(10));
        // every rejection is counted, and is exactly one busy a phone heard
        QueueStats q = admission.stats();
        assertThat(q.rejectedFull() + q.rejectedMaxTime()).as("rejections counted by the queue")
                .isEqualTo(admission.rejected()).isEqualTo(s.busyOverload.get());
        assertThat(q.admitted()).as("admitted set-ups").isPositive();
        assertThat(q.waiting()).as("still waiting").isZero();
        // no frequency, controller state, HLR entry or attempt outcome leaked
        Bscs.assertInvariants(node, bsc);
        // no process: the phones are gone, one idle controller a phone remains
        Bscs.waitFor(() -> node.processCount() == treeOnly + bsc.config().phones(), Duration.ofSeconds(10),
                "only the tree and one controller a phone");
        tools.close();
        metrics.close();

        // and stopping bsc stops its regulator's thread
        node.stop();
        Bscs.waitFor(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("loomotp-regulator") && t.isAlive()), Duration.ofSeconds(10),
                "the regulator's thread to end");

        // and the rejections were logged as warnings, the first at once, then at most one line a second, the last
        // (when the regulator closed) with the queue's totals by reason; the lines tell of every rejection the queue
        // counted (a set-up withdrawn by a phone stopped while it waited, too)
        Await.until(() -> {
            RejectionLines told = RejectionLines.of(log);
            return !told.lines().isEmpty() && told.last().full() == q.rejectedFull()
                    && told.last().pastMaxTime() == q.rejectedMaxTime();
        }, "the regulator's line with the queue's totals (its last, written when it closes)");
        RejectionLines lines = RejectionLines.of(log);
        assertThat(lines.lines().getFirst().since()).as("the first rejection, told at once").isEqualTo(1);
        assertThat(lines.told()).isGreaterThanOrEqualTo(q.rejectedFull() + q.rejectedMaxTime())
                .as("the lines' counts add up to the queue's totals of every reason").isEqualTo(lines.last().total());
    }
}
