package io.loomotp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the harness turns runs into ratios: within a run, then the median; no timing here, only arithmetic. */
class HarnessTest {
    private static Harness.Line line(int run, String system, long value, String unit) {
        return new Harness.Line(run, system, "w", value, unit);
    }

    @Test
    void aRatioIsTakenWithinEachRun_thenTheMedianOverTheRuns() {
        List<Harness.Line> loom = List.of(line(1, "loomotp", 400, "calls/s"), line(2, "loomotp", 100, "calls/s"),
                line(3, "loomotp", 300, "calls/s"));
        List<Harness.Line> erlang = List.of(line(1, "erlang", 100, "calls/s"), line(2, "erlang", 50, "calls/s"),
                line(3, "erlang", 100, "calls/s"));
        // per run: 4, 2, 3 -> 3
        assertThat(Harness.ratio(loom, erlang)).isEqualTo(3.0);
        List<Harness.Line> noisy = List.of(line(1, "erlang", 100, "calls/s"), line(2, "erlang", 25, "calls/s"),
                line(3, "erlang", 300, "calls/s"));
        // per run: 4, 4, 1 -> 4, where dividing the medians (300 / 100) would say 3: the anchor's slow minute in
        // run 2 and Loom OTP's in run 2 were the same minute
        assertThat(Harness.ratio(loom, noisy)).isEqualTo(4.0);
        // a run the anchor lacks is left out
        assertThat(Harness.ratio(loom, List.of(line(2, "erlang", 25, "calls/s")))).isEqualTo(4.0);
        assertThat(Harness.ratio(loom, List.of(line(9, "erlang", 25, "calls/s")))).isNull();
        assertThat(Harness.ratio(loom, null)).isNull();
    }

    @Test
    void whereLessIsBetter_theRatioIsFlipped() {
        assertThat(Harness.ratio(List.of(line(1, "loomotp", 400, "bytes/process")),
                List.of(line(1, "erlang", 2800, "bytes/process")))).isEqualTo(7.0);
        // a round trip in microseconds (W13's percentiles): half Erlang's p99 is a ratio of 2
        assertThat(Harness.ratio(List.of(line(1, "loomotp", 100, "us")), List.of(line(1, "erlang", 200, "us"))))
                .isEqualTo(2.0);
    }

    @Test
    void savinaWorkloads_areTimesInMicroseconds_andTheirGeometricMeanIsTabled(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("savina.log");
        Files.writeString(log, """
                run 1 of 1
                    loomotp savina-pingpong 100 us
                    pekko savina-pingpong 400 us
                    loomotp savina-big 400 us
                    pekko savina-big 100 us
                    loomotp savina-counting 50 us
                    pekko savina-counting 200 us
                    loomotp savina-big-server 50 us
                """);
        String table = Harness.table(Harness.fromLog(log));
        // per workload 4, 0.25 and 4 (times: less is better); the geometric mean is the cube root of 4
        assertThat(table).contains("| savina-big | pekko | 1.00 | 0.25 | no |")
                .contains("| savina-pingpong | pekko | 1.00 | 4.00 | yes |")
                .contains(String.format(java.util.Locale.ROOT,
                        "| savina geometric mean, as written (plain processes) | pekko | 1.50 | %.2f | yes |",
                        Math.cbrt(4)));
        // the @Server version of big is measured against Pekko's big (100 us), and has a geometric mean of its own
        assertThat(table).contains("| savina-big-server | us | 50 | — | — | 100 | 2.00 |")
                .contains("| savina-big-server | pekko | 1.00 | 2.00 | yes |")
                .contains("| savina geometric mean, every actor a @Server | pekko | 1.50 | 2.00 | yes |");
        assertThat(Harness.pekkoName("savina-big-server")).isEqualTo("savina-big");
        assertThat(Harness.pekkoName("savina-big")).isEqualTo("savina-big");
    }

    @Test
    void aSavedLog_isReadBackRunByRun_itsProbeLinesAside(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("bench.log");
        Files.writeString(log, """
                run 1 of 2
                  loomotp: /usr/lib/jvm/java -Xmx8g -cp ...
                    loomotp call-1 400 calls/s
                    cross-core round trip: 70 ns before, 320 ns after
                  erlang: bash run.sh ...
                    erlang call-1 100 calls/s
                    cross-core round trip: 71 ns before, 69 ns after
                run 2 of 2
                    loomotp call-1 300 calls/s
                    erlang call-1 150 calls/s
                | call-1 | calls/s | 350 | 125 | 2.80 | — | — | — | — |
                """);
        Map<String, List<Harness.Line>> all = Harness.fromLog(log);
        assertThat(all).containsOnlyKeys("loomotp call-1", "erlang call-1");
        assertThat(all.get("loomotp call-1")).extracting(Harness.Line::run).containsExactly(1, 2);
        assertThat(Harness.table(all)).startsWith("Medians of 2 runs.")
                .contains("| call-1 | calls/s | 400 | 150 | 4.00 |");
    }
}
