package io.loomotp.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Strategy;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Restart intensity, on a clock the test moves: a supervisor allowed {@code n} restarts in {@code t} gives up at the
 * first crash that makes more than {@code n} restarts fall within a window of {@code t} (its ends included, as OTP's
 * {@code add_restart} counts), and never before. Nothing sleeps: the crashes happen at the times the test sets.
 */
class RestartIntensityProperties {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Property(tries = 60)
    void givesUp_ifAndOnlyIf_moreThanNRestartsFallWithinT(
            @ForAll @IntRange(min = 0, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 10) int t,
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 6) Integer> gaps) {
        int expected = firstCrashThatGivesUp(n, t, gaps);
        AtomicLong clock = new AtomicLong(1_000 * SECOND);
        try (Node node = Node.create("intensity")) {
            node.logReports(false);
            Kids kids = new Kids();
            Probe probe = Probe.spawnTrapping(node);
            Pid sup = probe.exec(() -> Supervisor.startLink(() -> SupervisorSpec.of(
                            new SupervisorFlags(Strategy.ONE_FOR_ONE, n, Duration.ofSeconds(t)),
                            ChildSpec.worker("child", kids.plain("child"))),
                    StartOptions.defaults(), clock::get));
            for (int i = 0; i < gaps.size(); i++) {
                clock.addAndGet(gaps.get(i) * SECOND);
                Pid child = Supervisor.whereis(sup, "child");
                Process.send(child, "crash");
                if (i == expected) {
                    assertThat(probe.next(Exit.class)).isEqualTo(new Exit(sup, ExitReason.SHUTDOWN));
                    return;
                }
                Await.until(() -> {
                    Pid now = Supervisor.whereis(sup, "child");
                    return now != null && !now.equals(child);
                }, "restart " + (i + 1));
            }
            assertThat(expected).isEqualTo(-1);
            assertThat(node.isAlive(sup)).isTrue();
        }
    }

    /** The model: the index of the crash at which more than n crash times lie within [now - t, now], or -1. */
    private static int firstCrashThatGivesUp(int n, int t, List<Integer> gaps) {
        List<Long> times = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < gaps.size(); i++) {
            now += gaps.get(i);
            times.add(now);
            long from = now - t;
            long within = times.stream().filter(x -> x >= from).count();
            if (within > n) {
                return i;
            }
        }
        return -1;
    }
}
