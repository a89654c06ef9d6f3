package io.loomotp.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The build's test logger keeps what a capture asks for and still prints everything else. */
class LogCaptureTest {

    @Test
    void capture_keepsMatchingLines_andPrintsTheOthers() {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (LogCapture.Capture c = LogCapture.capture("test.expected")) {
            LoggerFactory.getLogger("test.expected.child").warn("kept {}", 1, new IllegalStateException("boom"));
            LoggerFactory.getLogger("test.other").warn("printed {}", 2);
            LoggerFactory.getLogger("test.expected").debug("below the threshold: neither kept nor printed");

            assertThat(c.events()).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(Level.WARN);
                assertThat(e.logger()).isEqualTo("test.expected.child");
                assertThat(e.message()).isEqualTo("kept 1");
                assertThat(e.thrown()).hasMessage("boom");
            });
        } finally {
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(
                "[" + Thread.currentThread().getName() + "] WARN test.other - printed 2" + System.lineSeparator());
    }

    @Test
    void close_letsLaterLinesPrintAgain() {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LogCapture.capture("test.closed").close();
            LoggerFactory.getLogger("test.closed").error("after the capture");
        } finally {
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("ERROR test.closed - after the capture");
    }
}
