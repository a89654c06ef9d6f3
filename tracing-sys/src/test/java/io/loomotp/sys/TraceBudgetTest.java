package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.sys.TraceBudget.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceBudgetTest {

    private static List<Verdict> admit(TraceBudget b, int times) {
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.add(b.admit());
        }
        return out;
    }

    @Test
    void admit_countLimit_admitsNThenRefuses_neverCountingPastIt() {
        TraceBudget b = new TraceBudget(TraceLimit.count(3));
        assertThat(admit(b, 5)).containsExactly(Verdict.ADMIT, Verdict.ADMIT, Verdict.ADMIT_LAST, Verdict.REFUSE,
                Verdict.REFUSE);
        assertThat(b.lines()).isEqualTo(3);
        assertThat(b.reason()).isEqualTo("limit of 3 lines reached");
    }

    @Test
    void admit_rateLimit_refusesTheLineThatComesTooFast() {
        TraceBudget b = new TraceBudget(TraceLimit.rate(2, Duration.ofHours(1)));
        assertThat(admit(b, 3)).containsExactly(Verdict.ADMIT, Verdict.ADMIT, Verdict.REFUSE);
        assertThat(b.lines()).isEqualTo(2);
        assertThat(b.reason()).isEqualTo("rate of 2 lines per 3600000 ms exceeded");
    }

    @Test
    void oneLine_isSaidInTheSingular() {
        assertThat(new TraceBudget(TraceLimit.count(1)).reason()).isEqualTo("limit of 1 line reached");
        assertThat(new TraceBudget(TraceLimit.rate(1, Duration.ofSeconds(1))).reason())
                .isEqualTo("rate of 1 line per 1000 ms exceeded");
        assertThat(TraceBudget.lines(0)).isEqualTo("0 lines");
        assertThat(TraceBudget.lines(1)).isEqualTo("1 line");
    }

    @Test
    void admit_noLimit_admitsEverything() {
        TraceBudget b = new TraceBudget(TraceLimit.none());
        assertThat(admit(b, 1000)).containsOnly(Verdict.ADMIT);
        assertThat(b.lines()).isEqualTo(1000);
    }
}
