package io.loomotp.sys.cli;

import io.loomotp.sys.jmx.NodeMXBean;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where the commands of {@link Commands} run: the attach CLI, which reaches a node in another JVM through JMX, or a
 * console on the node itself, which calls the node's bean in process. The commands are the same; a shell supplies the
 * node, the output, the session that receives trace lines, and what "follow the lines" means where it runs.
 */
public interface Shell {

    /**
     * The node's bean. The CLI attaches on the first call, so that a bad JVM pid is reported as the first thing wrong.
     *
     * @throws IllegalArgumentException one line, if the node cannot be reached
     */
    NodeMXBean node();

    /** Where answers go. */
    PrintWriter out();

    /**
     * Prints a command's answer. A console first prints the session lines that came before it, so that the lines a
     * {@code trace NAME off} waited for come before its answer.
     */
    default void answer(String text) {
        PrintWriter out = out();
        if (!text.isEmpty()) {
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
        out.flush();
    }

    /** The session that receives this shell's trace and log lines (opened on the first call). */
    long session();

    /**
     * Trace lines keep coming after a command's first answer. A terminal follows them here, until {@code limit} has
     * passed (null: until it is interrupted) or a line satisfies {@code isLast}, then prints what {@code end} answers.
     * A console, whose lines are printed as they come anyway, returns at once and prints what {@code end} answers once
     * {@code limit} has passed (never, if it is null).
     */
    void follow(Duration limit, Predicate<String> isLast, Supplier<String> end);

    /**
     * Watch mode ({@code top --watch}, {@code tree --watch}): shows {@code frame} every {@code interval}, {@code frames}
     * times (0: until stopped). This default blocks, prints frame after frame, and stops when the thread is interrupted;
     * a terminal draws in place and a console watches in the background until the next line is typed.
     */
    default void watch(String title, Duration interval, long frames, Supplier<String> frame) {
        Watch.show(out(), false, title, interval, frames, "Ctrl-C stops", frame);
    }
}
