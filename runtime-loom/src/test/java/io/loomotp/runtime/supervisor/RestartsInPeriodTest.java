package io.loomotp.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A supervisor's {@code restarts_in_period} in {@code sys:get_status}: the restarts within its period now, so that a
 * tool (the sample's chaos monkey) can tell whether one more restart stays within the intensity. On a clock the test
 * moves, as {@link RestartIntensityProperties} runs.
 */
class RestartsInPeriodTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void restartsInPeriod_countsTheRestartsWithinThePeriod_andForgetsThoseThatLeftIt() {
        AtomicLong clock = new AtomicLong(Duration.ofHours(1).toNanos());
        try (Node node = Node.create("restarts")) {
            node.logReports(false);
            Kids kids = new Kids();
            Probe probe = Probe.spawnTrapping(node);
            Pid sup = probe.exec(() -> Supervisor.startLink(() -> SupervisorSpec.of(
                            new SupervisorFlags(Strategy.ONE_FOR_ONE, 5, Duration.ofSeconds(10)),
                            ChildSpec.worker("child", kids.plain("child"))),
                    StartOptions.defaults(), clock::get));
            assertThat(restarts(sup)).isEqualTo("0");

            crashAndAwaitRestart(sup);
            clock.addAndGet(Duration.ofSeconds(6).toNanos());
            crashAndAwaitRestart(sup);
            assertThat(restarts(sup)).isEqualTo("2");

            // the first restart leaves the 10 s period; no restart since has pruned it, and it is not counted
            clock.addAndGet(Duration.ofSeconds(5).toNanos());
            assertThat(restarts(sup)).isEqualTo("1");
            clock.addAndGet(Duration.ofSeconds(6).toNanos());
            assertThat(restarts(sup)).isEqualTo("0");
        }
    }

    private static String restarts(Pid sup) {
        return SysCalls.getStatus(sup, T).extra().get("restarts_in_period");
    }

    private static void crashAndAwaitRestart(Pid sup) {
        Pid child = Supervisor.whereis(sup, "child");
        Process.send(child, "crash");
        Await.until(() -> {
            Pid now = Supervisor.whereis(sup, "child");
            return now != null && !now.equals(child);
        }, "the restart");
    }
}
