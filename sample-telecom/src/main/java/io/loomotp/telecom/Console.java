package io.loomotp.telecom;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.AlarmHandler;
import io.loomotp.runtime.event.EventManager;
import io.loomotp.runtime.event.HandlerId;
import io.loomotp.sys.jmx.NodeControl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The operator's console, on the node itself: the attach CLI's command set (through the node's own JMX bean, in
 * process), plus {@code kill}, {@code alarms} and {@code figures}. Trace and log lines go to this console, through
 * its own session.
 */
final class Console {
    private static final String HELP = """
            commands:
              trace NAME on|off      trace a process here (e.g. trace frequency on)
              log NAME on|off|print  keep a process's last events, and show them
              stats NAME             its statistics (switched on the first time)
              state NAME             its state       status NAME   its status   info NAME   recon's info
              top [mailbox|messages|handler-time|memory]
              tree                   the supervision tree          list   every process
              suspend NAME | resume NAME
              kill NAME              kill a process (e.g. kill frequency, and watch rest_for_one)
              alarms                 the alarms set               figures on|off   the live figures
              quit""";

    private final Node node;
    private final NodeControl control;
    private final Figures figures;
    private final PrintStream out;
    private final long session;
    private volatile boolean open = true;

    Console(Node node, NodeControl control, Figures figures, PrintStream out) {
        this.node = node;
        this.control = control;
        this.figures = figures;
        this.out = out;
        this.session = control.openSession();
        Thread.ofPlatform().daemon().name("bsc-console-lines").start(this::pump);
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

    /**
     * Prints the lines the session holds. Also called after each command, before its answer, so that what a command
     * printed to the session ({@code log NAME print}) and the lines that came before it ({@code trace NAME off})
     * show up before the answer rather than at the next pump.
     */
    private synchronized void drain() {
        for (String line : control.poll(session)) {
            out.println(line);
        }
    }

    /** Reads commands until {@code quit}, end of input, or the node stops. Returns true on quit. */
    boolean run(BufferedReader in) throws IOException {
        out.println("console: type help for the commands, quit to stop");
        for (String line; !node.isClosed() && (line = in.readLine()) != null; ) {
            String command = line.strip();
            if (command.isEmpty()) {
                continue;
            }
            if (command.equals("quit") || command.equals("q")) {
                return true;
            }
            try {
                String answer = execute(command);
                drain();
                if (!answer.isEmpty()) {
                    out.println(answer.endsWith("\n") ? answer.substring(0, answer.length() - 1) : answer);
                }
            } catch (RuntimeException e) {
                out.println("error: " + e.getMessage());
            }
        }
        return false;
    }

    String execute(String command) {
        List<String> w = List.of(command.split("\\s+"));
        String verb = w.getFirst();
        String arg = w.size() > 1 ? w.get(1) : null;
        return switch (verb) {
            case "help" -> HELP;
            case "trace" -> {
                need(arg, "trace NAME on|off");
                boolean on = w.size() < 3 || w.get(2).equals("on");
                yield control.trace(arg, on, session);
            }
            case "log" -> {
                need(arg, "log NAME on|off|print");
                yield control.log(arg, w.size() > 2 ? w.get(2) : "print", session);
            }
            case "stats" -> control.stats(need(arg, "stats NAME"));
            case "state" -> control.state(need(arg, "state NAME"));
            case "status" -> control.status(need(arg, "status NAME"));
            case "info" -> control.info(need(arg, "info NAME"));
            case "top" -> control.top(arg == null ? "mailbox" : arg, 10);
            case "tree" -> control.tree();
            case "list" -> control.list();
            case "suspend" -> control.suspend(need(arg, "suspend NAME"));
            case "resume" -> control.resume(need(arg, "resume NAME"));
            case "kill" -> kill(need(arg, "kill NAME"));
            case "alarms" -> alarms();
            case "figures" -> {
                figures.printing(arg == null || arg.equals("on"));
                yield "figures " + (arg == null ? "on" : arg);
            }
            default -> throw new IllegalArgumentException("no command '" + verb + "'; type help");
        };
    }

    private static String need(String arg, String usage) {
        if (arg == null) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return arg;
    }

    private String kill(String name) {
        Pid pid = name.startsWith("<") ? node.pidOf(name) : node.whereis(name);
        if (pid == null) {
            throw new IllegalArgumentException("no process " + name);
        }
        node.exit(pid, ExitReason.KILL);
        return "killed " + name + " " + pid;
    }

    @SuppressWarnings("unchecked")
    private String alarms() {
        Pid manager = node.whereis(FreqOverload.NAME);
        if (manager == null) {
            return "freq_overload is restarting";
        }
        List<Alarm> alarms = (List<Alarm>) EventManager.call(manager, HandlerId.of(AlarmHandler.class),
                new AlarmHandler.GetAlarms());
        return alarms.isEmpty() ? "no alarms" : String.join("\n", alarms.stream().map(String::valueOf).toList());
    }

    void close() {
        open = false;
        control.closeSession(session);
    }
}
