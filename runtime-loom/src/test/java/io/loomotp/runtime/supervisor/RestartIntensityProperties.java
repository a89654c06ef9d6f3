package io.loomotp.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

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
import org.junit.jupiter.api.Test;

/**
 * Restart intensity, on a clock the test moves: a supervisor allowed {@code n} restarts in {@code t} gives up at the
 * first crash that makes more than {@code n} restarts fall within a window of {@code t} (its ends included, as OTP's
 * {@code add_restart} counts), and never before. Nothing sleeps: the crashes happen at the times the test sets.
 *
 * <p>QuickTheories draws the cases from a fixed seed, so a run is repeatable; a failing case is shrunk (fewer crashes,
 * smaller gaps, smaller n and t) and reported with that seed. Run with {@code -DQT_SEED=<n>} to explore another seed.
 */
class RestartIntensityProperties {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long SEED = Long.getLong("QT_SEED", 20261201L);

    @Test
    void givesUp_ifAndOnlyIf_moreThanNRestartsFallWithinT() {
        qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(300)
                .forAll(integers().between(0, 4), integers().between(1, 10),
                        lists().of(integers().between(0, 6)).ofSizeBetween(1, 12))
                .checkAssert(RestartIntensityProperties::givesUpAtTheModelsCrash);
    }

    private static void givesUpAtTheModelsCrash(int n, int t, List<Integer> gaps) {
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
