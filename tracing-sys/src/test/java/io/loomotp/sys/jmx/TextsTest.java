package io.loomotp.sys.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.sys.Statistics;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bean's figures for people: a duration in the unit that fits, statistics as a table. */
class TextsTest {

    @Test
    void duration_picksTheUnitThatFits() {
        assertThat(Texts.duration(Duration.ofNanos(850_400))).isEqualTo("850 µs");
        assertThat(Texts.duration(Duration.ofNanos(3_140_000))).isEqualTo("3.1 ms");
        assertThat(Texts.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Texts.duration(Duration.ofMillis(12_440))).isEqualTo("12.4 s");
        assertThat(Texts.duration(Duration.ofSeconds(303))).isEqualTo("5 min 3 s");
        assertThat(Texts.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    }

    @Test
    void statistics_isATable() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        String table = Texts.statistics("frequency (<0.4>)", new Statistics(start, start.plusMillis(710), 19, 10,
                Duration.ofNanos(3_100_000)));
        assertThat(table.lines().toList()).hasSize(4).first().asString()
                .startsWith("frequency (<0.4>): statistics since ").endsWith(" (710 ms)");
        assertThat(table.lines().skip(1).toList()).containsExactly("  messages in        19",
                "  messages out       10", "  handler time       3.1 ms");
    }
}
