package io.loomotp.sys;

import io.loomotp.runtime.sys.TraceSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Where trace and log lines go: the caller's console, a file, slf4j, or a session of the JMX bean (which the attach
 * CLI reads, so that a trace asked for from a terminal shows up in that terminal, not on the node's stdout).
 */
public final class Sinks {
    private Sinks() {}

    /** slf4j, logger {@code io.loomotp.sys.trace}, at INFO: the node's own log. */
    public static TraceSink slf4j() {
        return TraceSink.slf4j();
    }

    /**
     * Standard output, as {@code System.out} is when each line is written (so a program or test that redirects it
     * gets the lines): where OTP's {@code sys:trace} prints, and {@link Sys}'s default.
     */
    public static TraceSink stdout() {
        return line -> System.out.println(line);
    }

    /** A stream, such as {@code System.out} of the program that asks. */
    public static TraceSink stream(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return out::println;
    }

    /**
     * A file, appended to, one line at a time and flushed after each, so that {@code tail -f} follows it.
     *
     * @throws UncheckedIOException if the file cannot be opened
     */
    public static FileSink file(Path file) {
        return new FileSink(file);
    }

    /** A sink into a file; close it when the trace is off. */
    public static final class FileSink implements TraceSink, AutoCloseable {
        private final BufferedWriter out;
        private final Path file;

        FileSink(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            try {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + file + " for trace lines", e);
            }
        }

        @Override
        public synchronized void line(String line) {
            try {
                out.write(line);
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + file, e);
            }
        }

        @Override
        public synchronized void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "file " + file;
        }
    }
}
