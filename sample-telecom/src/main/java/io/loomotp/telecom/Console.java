package io.loomotp.telecom;

import io.loomotp.runtime.Node;
import io.loomotp.sys.cli.Arguments;
import io.loomotp.sys.cli.Language;
import io.loomotp.sys.cli.Shell;
import io.loomotp.sys.cli.Watch;
import io.loomotp.sys.jmx.NodeControl;
import io.loomotp.sys.jmx.NodeMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The operator's console, on the node itself: the command language of {@code bin/loomotp} ({@link Language}), run
 * against the node's own JMX bean in process, plus the sample's {@code figures}. Trace and log lines go to this
 * console, through its own session, and are printed as they come. Its own commands are {@code figures} and
 * {@code chaos} ({@link ChaosCommand}). A watch ({@code top --watch}, {@code tree --watch})
 * runs in the background, drawn in place on a terminal, until the next line is typed (Enter alone stops it too).
 */
final class Console implements Shell {
    static final String PROMPT = "bsc> ";
    private static final Object END_OF_INPUT = new Object();
    private static final Object NODE_STOPPED = new Object();

    private final NodeControl control;
    private final PrintWriter out;
    private final long session;
    private final CommandLine commands;
    private volatile boolean open = true;
    private volatile Thread watching;
    private final Node node;

    Console(Node node, NodeControl control, Figures figures, Chaos chaos, PrintStream out) {
        this.node = node;
        this.control = control;
        this.out = new PrintWriter(out, true);
        this.session = control.openSession();
        this.commands = Language.console(this, List.of(new FiguresCmd(figures, this), new ChaosCommand(chaos, this)));
        Thread.ofPlatform().daemon().name("bsc-console-lines").start(this::pump);
    }

    @Command(name = "figures", description = "the live figures, once a second: on or off")
    static final class FiguresCmd implements Runnable {
        private final Figures figures;
        private final Shell shell;

        @Parameters(index = "0", paramLabel = "on|off", converter = Arguments.OnOff.class, description = "on or off")
        String on;

        FiguresCmd(Figures figures, Shell shell) {
            this.figures = figures;
            this.shell = shell;
        }

        @Override
        public void run() {
            figures.printing(on.equals("on"));
            shell.answer("figures " + on);
        }
    }

    @Override
    public NodeMXBean node() {
        return control;
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public long session() {
        return session;
    }

    @Override
    public synchronized void answer(String text) {
        drain();
        Shell.super.answer(text);
    }

    /** Lines come by themselves here; a limit switches the trace off, and says so, once it has passed. */
    @Override
    public void follow(Duration limit, Predicate<String> isLast, Supplier<String> end) {
        if (limit == null) {
            return;
        }
        Thread.ofVirtual().name("bsc-console-limit").start(() -> {
            long until = System.nanoTime() + limit.toNanos();
            for (long left; open && (left = until - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            if (open) {
                try {
                    answer(end.get());
                } catch (RuntimeException gone) {
                    answer("error: " + gone.getMessage());
                }
            }
        });
    }

    /** Watches in the background: the console goes on reading, and the next line typed stops the watch. */
    @Override
    public void watch(String title, Duration interval, long frames, Supplier<String> frame) {
        stopWatching();
        java.io.Console terminal = System.console();
        boolean inPlace = terminal != null && terminal.isTerminal();
        watching = Thread.ofVirtual().name("bsc-console-watch").start(() -> {
            try {
                Watch.show(out, inPlace, title, interval, frames, "Enter stops", frame);
            } catch (RuntimeException failed) {
                answer("error: " + failed.getMessage());
            }
        });
    }

    /** Stops a watch, if one runs, and waits until it has drawn its last frame. */
    void stopWatching() {
        Thread w = watching;
        if (w != null) {
            w.interrupt();
            try {
                w.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watching = null;
        }
    }

    /** Prints the session's trace lines as they come. */
    private void pump() {
        while (open) {
            try {
                drain();
            } catch (RuntimeException closed) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private synchronized void drain() {
        for (String line : control.poll(session)) {
            out.println(line);
        }
        out.flush();
    }

    /** Set when the console's input ended (end of file, a closed pipe), not by {@code quit}. */
    private volatile boolean inputEnded;

    /** True if {@link #run} returned because its input ended. */
    boolean inputEnded() {
        return inputEnded;
    }

    /** Reads commands at a prompt until {@code quit} or end of input. Returns true on quit. */
    boolean run(BufferedReader in) throws IOException {
        return run(in, new CompletableFuture<>());
    }

    /**
     * Reads commands at a prompt until {@code quit}, end of input, or the node stops, whichever comes first: a node
     * that stops by itself (its permanent application ended) ends the console at once, not at the next line typed, as
     * a remote shell loses a node that halted. Lines are read on a daemon thread of their own, since a read from a
     * terminal cannot be interrupted. Returns true on quit.
     */
    boolean run(BufferedReader in, CompletionStage<?> nodeStopped) throws IOException {
        BlockingQueue<Object> next = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("bsc-console-input").start(() -> {
            try {
                for (String l; (l = in.readLine()) != null; ) {
                    next.add(l);
                }
                next.add(END_OF_INPUT);
            } catch (IOException e) {
                next.add(e);
            }
        });
        nodeStopped.whenComplete((r, e) -> next.add(NODE_STOPPED));
        out.println("console: type help for the commands, quit to leave");
        while (!node.isClosed()) {
            out.print(PROMPT);
            out.flush();
            Object item;
            try {
                item = next.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("the console was interrupted");
            }
            stopWatching(); // any line, Enter alone too, stops a watch
            if (item == END_OF_INPUT || item == NODE_STOPPED) {
                if (item == NODE_STOPPED) {
                    out.println();
                } else {
                    inputEnded = true;
                }
                return false;
            }
            if (item instanceof IOException e) {
                throw e;
            }
            String line = (String) item;
            String command = line.strip();
            if (command.equals("quit") || command.equals("q")) {
                return true;
            }
            String verb = command.split("\\s+")[0];
            if (verb.equals("quit") || verb.equals("q")) {
                out.println("error: " + verb + " takes nothing more: type " + verb + " alone to leave");
                continue;
            }
            if (!command.isEmpty()) {
                execute(command);
            }
        }
        return false;
    }

    /** Runs one command line; returns its status (0, 1 if it failed, 2 if it was mistyped), as the CLI exits. */
    int execute(String command) {
        String[] words;
        try {
            words = Language.words(command);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
        return commands.execute(words);
    }

    void close() {
        stopWatching();
        open = false;
        control.closeSession(session);
    }
}
