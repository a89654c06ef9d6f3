package io.loomotp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** W13's floor tool: its options, and that a short pair of JVMs answers every call in each shape (no timing). */
class TcpFloorTest {
    private static final Pattern ROUND = Pattern.compile(
            "floor round (\\d+).* p50 (\\d+) p90 (\\d+) p99 (\\d+) p99\\.9 (\\d+) max (\\d+) us");

    @Test
    void options_parseAndTravelToTheServerUnchanged() {
        TcpFloor.Shape s = TcpFloor.Shape.parse(List.of("--threads", "2", "--poll", "50", "--spin", "5", "--virtual",
                "--rounds", "3"));
        assertThat(s).isEqualTo(new TcpFloor.Shape(2, 50_000, 5_000, true));
        assertThat(TcpFloor.Shape.parse(s.options())).isEqualTo(s);
        assertThat(TcpFloor.Shape.parse(List.of())).isEqualTo(new TcpFloor.Shape(1, 0, 0, false));
    }

    @Test
    void badOptions_areRefusedByName() {
        assertThatThrownBy(() -> TcpFloor.Shape.parse(List.of("--threads", "3")))
                .hasMessage("--threads is 1 or 2, not 3");
        assertThatThrownBy(() -> TcpFloor.Shape.parse(List.of("--poll")))
                .hasMessage("--poll needs a value");
        assertThatThrownBy(() -> TcpFloor.Shape.parse(List.of("--fast")))
                .hasMessageStartingWith("unknown option --fast; options:");
    }

    @Test
    void percentiles_areTakenAsW13TakesThem() {
        assertThat(TcpFloor.rank(20_000, 500)).isEqualTo(9_999);
        assertThat(TcpFloor.rank(20_000, 990)).isEqualTo(19_799);
        assertThat(TcpFloor.rank(1, 990)).isZero();
    }

    @Test
    @Timeout(120)
    void eachShape_runsItsRoundsAgainstASecondJvm_andStopsIt() throws Exception {
        for (TcpFloor.Shape shape : List.of(new TcpFloor.Shape(1, 0, 0, false), new TcpFloor.Shape(1, 20_000, 0, false),
                new TcpFloor.Shape(2, 20_000, 0, false), new TcpFloor.Shape(2, 0, 2_000, true))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            long before = ProcessHandle.current().children().count();
            TcpFloor.pair(shape, 2, 500, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(out).startsWith("floor: " + shape);
            Matcher m = ROUND.matcher(out);
            int rounds = 0;
            while (m.find()) {
                assertThat(Integer.parseInt(m.group(1))).isEqualTo(rounds++);
                long p50 = Long.parseLong(m.group(2));
                long p99 = Long.parseLong(m.group(4));
                long max = Long.parseLong(m.group(6));
                assertThat(p50).isLessThanOrEqualTo(p99);
                assertThat(p99).isLessThanOrEqualTo(max).isPositive(); // a zero would be a call never answered
            }
            assertThat(rounds).as(out).isEqualTo(2);
            assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
                    .as("the server JVM is stopped").isLessThanOrEqualTo(before);
        }
    }
}
