package io.loomotp.runtime.testing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.event.Level;

/**
 * The build's test logger: an slf4j back-end that prints as slf4j-simple does, except the lines a test said it
 * expects, which it keeps for the test to assert on. A test that provokes a warning on purpose (a failing trace sink,
 * a report flood) opens a capture on the logger names it expects; everything else still reaches the build log, so an
 * unexpected warning or stack trace stays visible.
 *
 * <p>Chosen with {@code -Dslf4j.provider=io.loomotp.runtime.testing.CapturingLogProvider} in a module's surefire
 * configuration. Thread-safe: processes log from their own threads while a capture is open.
 *
 * <pre>{@code
 * try (LogCapture.Capture c = LogCapture.capture("io.loomotp.runtime.internal.Debug")) {
 *     ... provoke it ...
 *     assertThat(c.await(1).getFirst().message()).contains("trace switched off");
 * }
 * }</pre>
 */
public final class LogCapture {
    /** One logged line: its level, logger, formatted message and throwable (or null). */
    public record Event(Level level, String logger, String message, Throwable thrown) {}

    /** Lines under some logger names, kept while it is open. Close it to let later lines print again. */
    public static final class Capture implements AutoCloseable {
        private final Predicate<Event> match;
        private final List<Event> events = new CopyOnWriteArrayList<>();

        private Capture(Predicate<Event> match) {
            this.match = match;
        }

        /** The lines kept so far, in order. */
        public List<Event> events() {
            return List.copyOf(events);
        }

        /** Waits, with a bound, until {@code n} lines have been kept; returns them. */
        public List<Event> await(int n) {
            Await.until(() -> events.size() >= n, n + " log line(s) matching the capture");
            return events().subList(0, n);
        }

        @Override
        public void close() {
            CAPTURES.remove(this);
        }
    }

    private static final List<Capture> CAPTURES = new CopyOnWriteArrayList<>();

    private LogCapture() {}

    /** Keeps, until closed, every line logged under a logger whose name starts with one of {@code prefixes}. */
    public static Capture capture(String... prefixes) {
        List<String> names = List.of(prefixes);
        return capture(e -> names.stream().anyMatch(e.logger()::startsWith));
    }

    /** Keeps, until closed, every line that {@code match} accepts. */
    public static Capture capture(Predicate<Event> match) {
        Capture c = new Capture(match);
        CAPTURES.add(c);
        return c;
    }

    /** Called by the loggers: keeps the line in every open capture that wants it, or prints it if none does. */
    static void log(Event e) {
        boolean kept = false;
        for (Capture c : CAPTURES) {
            if (c.match.test(e)) {
                c.events.add(e);
                kept = true;
            }
        }
        if (!kept) {
            print(e, System.err);
        }
    }

    private static void print(Event e, PrintStream out) {
        // slf4j-simple's default layout, so that the build log reads the same as before
        List<String> lines = new ArrayList<>();
        lines.add("[" + Thread.currentThread().getName() + "] " + e.level() + " " + e.logger() + " - " + e.message());
        synchronized (out) {
            lines.forEach(out::println);
            if (e.thrown() != null) {
                e.thrown().printStackTrace(out);
            }
            out.flush();
        }
    }
}
