package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.LogCapture;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.event.Level;

/**
 * The regulator's WARN lines about call set-up's rejections ({@code io.loomotp.regulator}, at most one a second, the
 * first at once, the last when the regulator closes), as a test that provokes them keeps them with {@link LogCapture}
 * instead of printing them: each line read back into its figures, and checked to be one.
 */
record RejectionLines(List<Line> lines) {
    static final String LOGGER = "io.loomotp.regulator";
    private static final Pattern LINE = Pattern.compile("queue " + CallAdmission.QUEUE
            + " rejected (\\d+) request\\(s\\) since the last line \\(so far: (\\d+) full, (\\d+) past max time, "
            + "(\\d+) closed, (\\d+) withdrawn\\)");

    /** One line: the rejections since the line before, and the queue's totals so far, by reason. */
    record Line(long since, long full, long pastMaxTime, long closed, long withdrawn) {
        /** The queue's rejections so far, whatever their reason. */
        long total() {
            return full + pastMaxTime + closed + withdrawn;
        }
    }

    /** Opens a capture of the regulator's lines. */
    static LogCapture.Capture capture() {
        return LogCapture.capture(LOGGER);
    }

    /**
     * The lines a capture kept, each checked to be a WARN of the regulator about call set-up's queue, in the form
     * docs/reference/regulation.md gives, with totals that never go down from one line to the next.
     */
    static RejectionLines of(LogCapture.Capture capture) {
        List<Line> lines = capture.events().stream().map(e -> {
            assertThat(e.level()).as("level of %s", e).isEqualTo(Level.WARN);
            Matcher m = LINE.matcher(e.message());
            assertThat(m.matches()).as("a rejection line: %s", e.message()).isTrue();
            return new Line(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
        }).toList();
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).full()).isGreaterThanOrEqualTo(lines.get(i - 1).full());
            assertThat(lines.get(i).pastMaxTime()).isGreaterThanOrEqualTo(lines.get(i - 1).pastMaxTime());
            assertThat(lines.get(i).total()).isGreaterThanOrEqualTo(lines.get(i - 1).total());
        }
        return new RejectionLines(lines);
    }

    /** The rejections the lines told of, whatever their reason. */
    long told() {
        return lines.stream().mapToLong(Line::since).sum();
    }

    /** The last line; there must be one. */
    Line last() {
        assertThat(lines).as("rejection lines").isNotEmpty();
        return lines.getLast();
    }

    /**
     * For a test whose load may or may not meet a rejection (a set-up that waits past the maximum time on a busy
     * machine, or that a kill takes out of the queue): keeps the regulator's lines during each test, and checks
     * afterwards that each is a WARN of call set-up's queue in the documented form, written only with a rejection
     * to tell. Whether there is one is chance, so they are not counted.
     */
    static final class ByChance implements BeforeEachCallback, AfterEachCallback {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ByChance.class);

        @Override
        public void beforeEach(ExtensionContext context) {
            context.getStore(NS).put("capture", capture());
        }

        @Override
        public void afterEach(ExtensionContext context) {
            try (LogCapture.Capture c = context.getStore(NS).remove("capture", LogCapture.Capture.class)) {
                assertThat(of(c).lines()).allSatisfy(l -> assertThat(l.since()).isPositive());
            }
        }
    }
}
