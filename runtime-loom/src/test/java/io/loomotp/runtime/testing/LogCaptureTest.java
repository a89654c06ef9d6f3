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

    @Test
    void threshold_aLoggersOwnLevelOrItsNearestParents_asSlf4jSimpleReadsThem() {
        // given: slf4j-simple's per-logger settings, as a module's surefire configuration gives them
        System.setProperty("org.slf4j.simpleLogger.log.test.levels", "error");
        System.setProperty("org.slf4j.simpleLogger.log.test.levels.off", "off");
        System.setProperty("org.slf4j.simpleLogger.log.test.levels.debug", "debug");
        try (LogCapture.Capture c = LogCapture.capture("test.levels")) {
            // when
            LoggerFactory.getLogger("test.levels.child").warn("below its parent's error: dropped");
            LoggerFactory.getLogger("test.levels.child").error("kept: error");
            LoggerFactory.getLogger("test.levels.off.child").error("switched off: dropped");
            LoggerFactory.getLogger("test.levels.debug").debug("kept: debug");
            LoggerFactory.getLogger("test.levelsX").debug("not under test.levels: the default, warn, drops it");

            // then
            assertThat(c.events()).extracting(LogCapture.Event::message).containsExactly("kept: error", "kept: debug");
        } finally {
            System.clearProperty("org.slf4j.simpleLogger.log.test.levels");
            System.clearProperty("org.slf4j.simpleLogger.log.test.levels.off");
            System.clearProperty("org.slf4j.simpleLogger.log.test.levels.debug");
        }
    }
}
