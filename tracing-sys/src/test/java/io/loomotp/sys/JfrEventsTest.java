package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.NodeExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A JFR recording of a node with the tools installed shows its restarts, crashes, long handlers and traced messages. */
@ExtendWith(NodeExtension.class)
class JfrEventsTest {

    @Test
    void aRecording_containsTheRestartCrashLongHandlerAndMessageEvents(Node node, @TempDir Path dir) throws Exception {
        Counter.RELEASE.set(false);
        List<Watchdog.Alarm> alarms = new CopyOnWriteArrayList<>();
        try (LogCapture.Capture _ = LogCapture.capture("io.loomotp.sys.watchdog"); // the long handler, on purpose
                Recording recording = new Recording();
                TracingSys tools = TracingSys.install(node, Duration.ofMillis(100), 1_000)) {
            tools.watchdog().onAlarm(alarms::add);
            for (String e : List.of("io.loomotp.Restart", "io.loomotp.Crash", "io.loomotp.LongHandler",
                    "io.loomotp.MessageHandled")) {
                recording.enable(e);
            }
            recording.start();

            Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.of(Strategy.ONE_FOR_ONE),
                    ChildSpec.worker("counter", () -> CounterRef.startLink(Counter::new).pid())));
            CounterRef first = CounterRef.of(Supervisor.whereis(sup, "counter"));
            Tracer.start(node, TracePattern.of(Counter.class).handler("get"), TraceLimit.count(10), line -> { });
            first.get();
            first.crash();
            CounterRef second = CounterRef.of(Await.until(() -> {
                Pid p = Supervisor.whereis(sup, "counter");
                return p != null && !p.equals(first.pid()) ? p : null;
            }, "the restart"));
            second.spin();
            Await.until(() -> !alarms.isEmpty(), "the long-handler alarm");
            Counter.RELEASE.set(true);
            second.get();
            recording.stop();
            Path file = dir.resolve("node.jfr");
            recording.dump(file);

            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            List<String> names = events.stream().map(e -> e.getEventType().getName()).toList();
            assertThat(names).contains("io.loomotp.Restart", "io.loomotp.Crash", "io.loomotp.LongHandler",
                    "io.loomotp.MessageHandled");
            RecordedEvent restart = events.stream().filter(e -> e.getEventType().getName()
                    .equals("io.loomotp.Restart")).findFirst().orElseThrow();
            assertThat(restart.getString("child")).isEqualTo("counter");
            assertThat(restart.getString("reason")).contains("counter crashed on purpose");
            RecordedEvent longHandler = events.stream().filter(e -> e.getEventType().getName()
                    .equals("io.loomotp.LongHandler")).findFirst().orElseThrow();
            assertThat(longHandler.getString("frame")).contains("Counter.spin");
        } finally {
            Counter.RELEASE.set(true);
            Tracer.clear(node);
        }
    }
}
