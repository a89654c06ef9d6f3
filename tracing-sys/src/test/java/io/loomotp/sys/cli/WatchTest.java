package io.loomotp.sys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Watch mode's drawing and stopping, without a node: frames are counted, and a stop is an interrupt. */
class WatchTest {

    @Test
    void show_onATerminal_drawsEachFrameInPlace() {
        StringWriter text = new StringWriter();
        AtomicInteger n = new AtomicInteger();
        Watch.show(new PrintWriter(text), true, "tree", Duration.ofMillis(100), 2, "Ctrl-C stops",
                () -> n.incrementAndGet() == 1 ? "a long first line\nsecond\n" : "short\n");
        String out = text.toString();
        assertThat(out).startsWith(Watch.HOME + Watch.CLEAR_SCREEN + Watch.HOME + "tree, every 100ms (Ctrl-C stops)");
        String second = out.substring(out.lastIndexOf(Watch.HOME));
        assertThat(second).startsWith(Watch.HOME + "tree, every 100ms").contains(Watch.CLEAR_LINE_END + "\nshort"
                + Watch.CLEAR_SCREEN_END + "\n").doesNotContain("second");
        assertThat(n).hasValue(2);
    }

    @Test
    void show_withNoCount_stopsWhenInterrupted_andConsumesTheInterrupt() throws Exception {
        StringWriter text = new StringWriter();
        AtomicInteger frames = new AtomicInteger();
        Thread watcher = Thread.ofVirtual().start(() -> {
            Watch.show(new PrintWriter(text), false, "top", Duration.ofMillis(100), 0, "Ctrl-C stops",
                    () -> "frame " + frames.incrementAndGet() + "\n");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
        Await.until(() -> frames.get() >= 2, "two frames");
        watcher.interrupt();
        assertThat(watcher.join(Duration.ofSeconds(10))).as("stopped").isTrue();
        assertThat(text.toString()).contains("frame 1\n\ntop, every 100ms (Ctrl-C stops)   ");
    }

    @Test
    void interval_refusesWhatIsTooOftenOrNoDuration() {
        assertThat(new Arguments.Interval().convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Watch.text(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Watch.text(Duration.ofMinutes(1))).isEqualTo("1m");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Arguments.Interval().convert("99ms"))
                .hasMessage("'99ms' is too often: expected 100ms or more, such as 2s");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Arguments.Interval().convert("fast"))
                .hasMessageStartingWith("'fast' is no duration");
    }
}
