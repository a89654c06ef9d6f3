package io.loomotp.sys.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Watch mode, as {@code observer_cli} and Unix {@code watch} have it: a command's answer shown again every interval.
 * This class owns the options ({@code --watch}, {@code --interval}, {@code --frames}, a picocli mixin of {@code top}
 * and {@code tree}) and the drawing: on a terminal each frame is drawn in place (cursor home, each line cleared to its
 * end, the rest of the screen cleared), elsewhere (a pipe, a file, a test) frames follow each other, separated by a
 * blank line. Where it runs decides what stops it (see {@link Shell#watch}); {@code --frames N} stops it after N
 * frames, which is also how a script or a test takes a bounded number.
 */
public final class Watch {
    static final String HOME = "\033[H";
    static final String CLEAR_SCREEN = "\033[2J";
    static final String CLEAR_LINE_END = "\033[K";
    static final String CLEAR_SCREEN_END = "\033[J";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The options of a command that can be watched. */
    public static final class Options {
        @Option(names = "--watch", description = "show it again every interval, in place, until stopped (Ctrl-C; "
                + "Enter at a console)")
        boolean on;

        @Option(names = "--interval", paramLabel = "DURATION", converter = Arguments.Interval.class,
                description = "with --watch: how often (default: 2s; 100ms at least)")
        Duration interval;

        @Option(names = "--frames", paramLabel = "N", converter = Arguments.Count.class,
                description = "with --watch: stop after N frames (default: when stopped)")
        Long frames;

        /** Whether to watch; a mistake if {@code --interval} or {@code --frames} comes without {@code --watch}. */
        boolean watching(Commands.Cmd command) {
            if (!on && (interval != null || frames != null)) {
                throw command.wrong((interval != null ? "--interval" : "--frames") + " goes with --watch");
            }
            return on;
        }

        Duration interval() {
            return interval == null ? Duration.ofSeconds(2) : interval;
        }

        long frames() {
            return frames == null ? 0 : frames;
        }
    }

    private Watch() {}

    /**
     * Shows {@code frame} every {@code interval} until {@code frames} have been shown (0: no limit) or this thread is
     * interrupted (how a Ctrl-C or the next command stops it; the interrupt is consumed). A frame that fails ends the
     * watch with its exception.
     */
    public static void show(PrintWriter out, boolean inPlace, String title, Duration interval, long frames,
                            String stopHint, Supplier<String> frame) {
        if (inPlace) {
            out.print(HOME + CLEAR_SCREEN);
        }
        for (long n = 1; ; n++) {
            String text = frame.get();
            String header = title + ", every " + text(interval) + " (" + stopHint + ")   "
                    + LocalTime.now().format(CLOCK);
            if (inPlace) {
                String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                // each line cleared to its end, and the last one to the screen's end: a shorter frame leaves nothing
                out.print(HOME + header + CLEAR_LINE_END + "\n"
                        + body.replace("\n", CLEAR_LINE_END + "\n") + CLEAR_SCREEN_END + "\n");
            } else {
                out.print((n > 1 ? "\n" : "") + header + "\n" + (text.endsWith("\n") ? text : text + "\n"));
            }
            out.flush();
            if (n == frames || !pause(interval)) {
                return;
            }
        }
    }

    /**
     * Waits the interval between two frames; false if interrupted first (Ctrl-C, the next line typed). A sleep is
     * what is meant here: the operator asked to redraw every interval; there is no event to wait for.
     */
    private static boolean pause(Duration interval) {
        try {
            Thread.sleep(interval);
            return !Thread.interrupted();
        } catch (InterruptedException stop) {
            return false;
        }
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m}: as it is typed. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
