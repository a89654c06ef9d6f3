package io.loomotp.sys.cli;

import io.loomotp.sys.jmx.NodeMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * The remote shell: {@code bin/loomotp PID} with no command, an interactive session with a running node, the JVM's
 * answer to Erlang's {@code erl -remsh}. It owns the session's loop: it reads command lines, runs each with the one
 * command language ({@link Language#console}, the parser the console and the one-shot CLI use), and prints the
 * session's trace lines as they come, above the line being typed. A mistake is one line and the session goes on.
 *
 * <p>On a terminal, JLine edits the line: history (kept in {@code ~/.loomotp_history}), Tab completion of command
 * names, options and the node's names and pids (asked of the node's bean as Tab is pressed), Ctrl-C to interrupt a
 * running command (a watch) or clear the line, Ctrl-D or {@code quit} to leave. {@code exit} stays the operator
 * command that sends a process an exit signal: it does not leave the shell. When standard input is not a terminal (a
 * pipe, a script, a test), commands are read one a line, with no prompt, until end of input.
 *
 * <p>When the shell ends, however it ends, its session ends: the traces it switched on are switched off, by the CLI's
 * {@code closeSession} or, if the JVM dies first, by the session's lease running out on the node.
 */
final class RemoteShell implements Shell {
    private final LoomOtpCli cli;
    private final PrintWriter out;
    private final CommandLine commands;
    private volatile boolean open = true;
    private volatile Thread running; // the thread running a command: what a Ctrl-C interrupts
    private volatile LineReader reader;
    private volatile PrintWriter above; // on a terminal: prints above the line being typed

    /** A shell whose answers go to {@code out} when not on a terminal. */
    RemoteShell(LoomOtpCli cli, PrintWriter out) {
        this.cli = cli;
        this.out = out;
        this.commands = Language.console(this, List.of());
    }

    @Override
    public NodeMXBean node() {
        return cli.node();
    }

    @Override
    public PrintWriter out() {
        PrintWriter a = above;
        return a == null ? out : a;
    }

    @Override
    public long session() {
        return cli.session();
    }

    /** Runs the session: on this terminal, or reading {@code in} a line at a time. Returns the exit status, 0. */
    int run(boolean terminal, InputStream in) throws IOException {
        String node = node().getNodeName(); // attaches first: a wrong pid ends here, with one line
        session();
        String hello = "connected to node " + node + " (JVM " + cli.jvm + "), " + io.loomotp.sys.Version.text()
                + ": help lists the commands, quit or Ctrl-D leaves";
        Thread pump = Thread.ofPlatform().daemon().name("loomotp-shell-lines").start(this::pump);
        // killed (Ctrl-C on a pipe, a closed terminal's SIGHUP): close the session now rather than when its lease ends
        Thread hook = new Thread(() -> {
            try {
                node().closeSession(session());
            } catch (RuntimeException gone) {
                // the node or the connection is gone: the lease switches the traces off
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (terminal) {
                onTerminal(node, hello);
            } else {
                answer(hello);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; open && (line = lines.readLine()) != null; ) {
                    if (!execute(line)) {
                        break;
                    }
                }
            }
        } finally {
            open = false;
            LockSupport.unpark(pump);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        try {
            drain(); // the last lines before the session closes
        } catch (RuntimeException lost) {
            // the node is gone: nothing more to print
        }
        return 0;
    }

    private void onTerminal(String node, String hello) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            reader = LineReaderBuilder.builder().terminal(terminal).appName("loomotp")
                    .completer(new Completion(this, commands))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".loomotp_history"))
                    .variable(LineReader.HISTORY_SIZE, 1000)
                    .build();
            above = new PrintWriter(new Above(reader));
            // Ctrl-C while a command runs interrupts that command; while a line is typed, JLine clears the line
            terminal.handle(Terminal.Signal.INT, signal -> {
                Thread t = running;
                if (t != null) {
                    t.interrupt();
                }
            });
            answer(hello);
            while (open) {
                String line;
                try {
                    line = reader.readLine(node + "> ");
                } catch (UserInterruptException cleared) {
                    continue;
                } catch (EndOfFileException ctrlD) {
                    break;
                }
                if (!execute(line)) {
                    break;
                }
            }
            reader.getHistory().save();
        }
    }

    /** Runs one line; false if it asks to leave. */
    boolean execute(String line) {
        String command = line.strip();
        if (command.isEmpty()) {
            return true;
        }
        if (command.equals("quit") || command.equals("q")) {
            return false;
        }
        String verb = command.split("\\s+")[0];
        if (verb.equals("quit") || verb.equals("q")) {
            answer("error: " + verb + " takes nothing more: type " + verb + " alone to leave");
            return true;
        }
        if (command.equals("exit")) {
            answer("error: exit sends a process an exit signal (exit NAME REASON); quit or Ctrl-D leaves the shell");
            return true;
        }
        String[] words;
        try {
            words = Language.words(command);
        } catch (IllegalArgumentException e) {
            answer("error: " + e.getMessage());
            return true;
        }
        running = Thread.currentThread();
        try {
            commands.execute(words);
        } finally {
            running = null;
            if (Thread.interrupted() && reader != null) { // a Ctrl-C stopped it: the prompt goes on a line of its own
                out().println();
                out().flush();
            }
        }
        return true;
    }

    @Override
    public synchronized void answer(String text) {
        drain();
        Shell.super.answer(text);
    }

    /** The session's lines are printed as they come; a limit switches the trace off, and says so, once it passed. */
    @Override
    public void follow(Duration limit, Predicate<String> isLast, Supplier<String> end) {
        if (limit == null) {
            return;
        }
        Thread.ofVirtual().name("loomotp-shell-limit").start(() -> {
            long until = System.nanoTime() + limit.toNanos();
            for (long left; open && (left = until - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            if (open) {
                try {
                    answer(end.get());
                } catch (RuntimeException failed) {
                    answer("error: " + Language.failure(failed));
                }
            }
        });
    }

    /** Watches in this thread, in place on a terminal, until its frames are shown or a Ctrl-C interrupts it. */
    @Override
    public void watch(String title, Duration interval, long frames, Supplier<String> frame) {
        Watch.show(out(), reader != null, title, interval, frames, "Ctrl-C stops", frame);
    }

    /** Prints the session's lines as they come, until the shell ends. */
    private void pump() {
        while (open) {
            try {
                drain();
            } catch (RuntimeException lost) {
                if (open) {
                    Shell.super.answer("error: " + Language.failure(lost) + " (quit leaves)");
                }
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private synchronized void drain() {
        String[] lines = node().poll(session());
        if (lines.length > 0) {
            PrintWriter w = out();
            for (String line : lines) {
                w.println(line);
            }
            w.flush();
        }
    }
}
