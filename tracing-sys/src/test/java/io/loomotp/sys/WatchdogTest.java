package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The watch dogs: a handler that holds its carrier too long, and a mailbox that grows too large. */
@ExtendWith(NodeExtension.class)
class WatchdogTest {

    @Test
    void aHandlerBusyLongerThanTheThreshold_raisesTheLongHandlerAlarm(Node node) {
        List<Watchdog.Alarm> alarms = new CopyOnWriteArrayList<>();
        Counter.RELEASE.set(false);
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.sys.watchdog");
                Watchdog _ = Watchdog.start(node, Duration.ofMillis(100), 1_000_000).onAlarm(alarms::add)) {
            CounterRef c = CounterRef.start(node, Counter::new);
            c.inc();
            c.get(); // an ordinary handler: nothing to say
            c.spin();
            Watchdog.Alarm.LongHandler a = Await.until(() -> alarms.stream()
                    .filter(x -> x instanceof Watchdog.Alarm.LongHandler).map(x -> (Watchdog.Alarm.LongHandler) x)
                    .findFirst().orElse(null), "the long-handler alarm");
            assertThat(a.pid()).isEqualTo(c.pid());
            assertThat(a.runningFor()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            assertThat(a.frame()).contains("Counter.spin");
            Counter.RELEASE.set(true);
            c.get();
            assertThat(alarms.stream().filter(x -> x instanceof Watchdog.Alarm.LongHandler)).hasSize(1);
            // the operator sees it in the log too, as one line
            assertThat(log.await(1).getFirst().message()).startsWith("long_handler " + c.pid() + " running for ");
        } finally {
            Counter.RELEASE.set(true);
        }
    }

    @Test
    void aMailboxPastTheThreshold_raisesTheLargeMailboxAlarm_once(Node node) {
        List<Watchdog.Alarm> alarms = new CopyOnWriteArrayList<>();
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.sys.watchdog");
                Watchdog _ = Watchdog.start(node, Duration.ofSeconds(10), 100).onAlarm(alarms::add)) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Pid drowning = node.spawn(release::await); // busy elsewhere: never looks at its mailbox
            for (int i = 0; i < 150; i++) {
                Process.send(drowning, i);
            }
            Watchdog.Alarm a = Await.until(() -> alarms.stream().findFirst().orElse(null), "the alarm");
            assertThat(a).isInstanceOf(Watchdog.Alarm.LargeMailbox.class);
            assertThat(a.pid()).isEqualTo(drowning);
            assertThat(((Watchdog.Alarm.LargeMailbox) a).length()).isGreaterThanOrEqualTo(100);
            assertThat(a.toString()).startsWith("large_mailbox " + drowning + " has ");
            assertThat(log.await(1).getFirst().message()).isEqualTo(a.toString());
            release.countDown();
        }
        assertThat(alarms).hasSize(1);
    }
}
