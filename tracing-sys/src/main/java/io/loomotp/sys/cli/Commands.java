package io.loomotp.sys.cli;

import io.loomotp.sys.jmx.NodeMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operator's command language: one picocli command per verb, the same in the attach CLI ({@code bin/loomotp PID
 * COMMAND}) and in a console on the node ({@code COMMAND} at the prompt), with the same names, options, checks and
 * answers. Every argument is converted and checked by picocli (see {@link Arguments}) before a command runs, and a
 * command that names a process has the node resolve it before anything is done, so a mistake changes nothing.
 * Answers are the node bean's text, printed as they are.
 */
public final class Commands {
    private Commands() {}

    /** One command of each verb, bound to a shell: what {@link Language} registers. */
    static List<Object> all(Shell shell) {
        return List.of(new ListCmd(shell), new TreeCmd(shell), new TopCmd(shell), new InfoCmd(shell),
                new StateCmd(shell), new StatusCmd(shell), new StatsCmd(shell), new TraceCmd(shell),
                new LogCmd(shell), new SuspendCmd(shell), new ResumeCmd(shell), new KillCmd(shell),
                new ExitCmd(shell), new AlarmsCmd(shell), new TablesCmd(shell), new SystemCmd(shell),
                new NodesCmd(shell));
    }

    /** A command that prints the node's one answer. */
    abstract static class Cmd implements Callable<Integer> {
        final Shell shell;

        @Spec
        CommandLine.Model.CommandSpec spec;

        Cmd(Shell shell) {
            this.shell = shell;
        }

        abstract String run(NodeMXBean node);

        @Override
        public Integer call() {
            return answerOnce();
        }

        final Integer answerOnce() {
            shell.answer(run(shell.node()));
            return 0;
        }

        /** Prints the answer, or with {@code --watch} shows it again every interval, as the shell watches. */
        Integer answerOrWatch(Watch.Options watch, String title) {
            if (!watch.watching(this)) {
                return answerOnce();
            }
            shell.watch(title, watch.interval(), watch.frames(), () -> run(shell.node()));
            return 0;
        }

        /** A mistake in what was typed, found before anything was done: reported with the usage, exit status 2. */
        CommandLine.ParameterException wrong(String what) {
            return new CommandLine.ParameterException(spec.commandLine(), what);
        }
    }

    /** A command about one process, named by NAME. */
    abstract static class OnProcess extends Cmd {
        @Parameters(index = "0", paramLabel = "NAME", converter = Arguments.ProcessName.class,
                description = "a registered name (list shows them), a child "
                + "id (as supervisor reports show them), or a pid such as <0.42>")
        String process;

        OnProcess(Shell shell) {
            super(shell);
        }
    }

    /** The option {@code --node NODE}: the command runs on another node of the cluster, by that node's own tools. */
    static final class OnNode {
        @Option(names = "--node", paramLabel = "NODE", description = "another node of the cluster (nodes lists them)")
        String name;

        /** The answer made here, or by node {@link #name}'s tools from the command's words. */
        String answer(NodeMXBean node, Supplier<String> here, String... words) {
            return name == null ? here.get() : node.onNode(name, words);
        }

        /** What a watch's title adds: {@code " --node n2"}, or nothing. */
        String suffix() {
            return name == null ? "" : " --node " + name;
        }
    }

    /** A command about one process, of this node or, with {@code --node}, of another node of the cluster. */
    abstract static class OnAnyNode extends OnProcess {
        @Mixin
        OnNode on;

        OnAnyNode(Shell shell) {
            super(shell);
        }

        /** The answer for a process of this node. */
        abstract String here(NodeMXBean node);

        /** The command's words for another node: its name and arguments, as typed. */
        String[] words() {
            return new String[] {spec.name(), process};
        }

        @Override
        final String run(NodeMXBean node) {
            return on.answer(node, () -> here(node), words());
        }
    }

    /** A command about the whole node (no argument), of this node or, with {@code --node}, of another one. */
    abstract static class OnWholeNode extends Cmd {
        @Mixin
        OnNode on;

        OnWholeNode(Shell shell) {
            super(shell);
        }

        /** The answer for this node. */
        abstract String here(NodeMXBean node);

        @Override
        final String run(NodeMXBean node) {
            return on.answer(node, () -> here(node), spec.name());
        }
    }

    @Command(name = "list", description = "every process: pid, name, behaviour, status, mailbox, messages; of this "
            + "node, or of another node of the cluster with --node", customSynopsis = "list [--node NODE]")
    static final class ListCmd extends OnWholeNode {
        ListCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.list();
        }
    }

    @Command(name = "tree", description = "the supervision trees, with each child's status; with --watch, again "
            + "every interval", customSynopsis = "tree [--node NODE] [--watch [--interval DURATION] [--frames N]]")
    static final class TreeCmd extends Cmd {
        @Mixin
        OnNode on;

        @Mixin
        Watch.Options watch;

        TreeCmd(Shell shell) {
            super(shell);
        }

        @Override
        public Integer call() {
            return answerOrWatch(watch, "tree" + on.suffix());
        }

        @Override
        String run(NodeMXBean node) {
            return on.answer(node, node::tree, "tree");
        }
    }

    @Command(name = "top", description = "the processes with the most of something, now (recon's proc_count); with "
            + "--window, what grew most in a window (recon's proc_window); with --watch, again every interval "
            + "(observer_cli's top)", customSynopsis = "top [mailbox|messages|handler-time|memory] [-n N] "
            + "[--node NODE | --cluster | --window DURATION] [--watch [--interval DURATION] [--frames N]]")
    static final class TopCmd extends Cmd {
        /** The longest {@code --window}: the command, and the JMX call under it, wait for the whole window. */
        static final int MAX_WINDOW_SECONDS = 60;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ATTRIBUTE", defaultValue = "mailbox",
                converter = Arguments.Attribute.class,
                description = "mailbox, messages, handler-time or memory (default: ${DEFAULT-VALUE})")
        String by;

        @Option(names = "-n", paramLabel = "N", defaultValue = "10", converter = Arguments.Count.class,
                description = "how many processes (default: ${DEFAULT-VALUE})")
        long n;

        @Mixin
        OnNode on;

        @Option(names = "--cluster", description = "the processes with the most of it on every node of the cluster, "
                + "with their node")
        boolean cluster;

        @Option(names = "--window", paramLabel = "DURATION", converter = Arguments.Span.class,
                description = "the processes whose figure grew most during this window, from now (recon:proc_window; "
                        + "at most " + MAX_WINDOW_SECONDS + "s)")
        Duration window;

        @Mixin
        Watch.Options watch;

        TopCmd(Shell shell) {
            super(shell);
        }

        @Override
        public Integer call() {
            if (cluster && on.name != null) {
                throw wrong("--cluster and --node " + on.name + " together: give one (--cluster asks every node)");
            }
            if (window != null) {
                if (cluster || on.name != null) {
                    throw wrong("--window ranks this node's processes: attach to the other node's JVM for its own "
                            + "(bin/loomotp PID top --window 1s)");
                }
                if (watch.on) {
                    throw wrong("--window and --watch together: give one (--watch shows running totals again)");
                }
                if (window.compareTo(Duration.ofSeconds(MAX_WINDOW_SECONDS)) > 0) {
                    throw wrong("--window " + window.toMillis() + " ms is too long: at most " + MAX_WINDOW_SECONDS
                            + "s (the command waits for it)");
                }
            }
            return answerOrWatch(watch, "top " + by + " -n " + n + on.suffix() + (cluster ? " --cluster" : ""));
        }

        @Override
        String run(NodeMXBean node) {
            int count = (int) Math.min(n, Integer.MAX_VALUE);
            if (window != null) {
                return node.topWindow(by, count, window.toMillis());
            }
            return cluster ? node.topCluster(by, count)
                    : on.answer(node, () -> node.top(by, count), "top", by, Integer.toString(count));
        }
    }

    @Command(name = "info", description = "recon's info of a process: who, ties, where, memory, work",
            customSynopsis = "info NAME [--node NODE]")
    static final class InfoCmd extends OnAnyNode {
        InfoCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.info(process);
        }
    }

    @Command(name = "state", description = "a process's state (sys:get_state)",
            customSynopsis = "state NAME [--node NODE]")
    static final class StateCmd extends OnAnyNode {
        StateCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.state(process);
        }
    }

    @Command(name = "status", description = "a process's status (sys:get_status)",
            customSynopsis = "status NAME [--node NODE]")
    static final class StatusCmd extends OnAnyNode {
        StatusCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.status(process);
        }
    }

    @Command(name = "stats", description = "a process's statistics (sys:statistics); switched on the first time; "
            + "stats NAME off switches them off", customSynopsis = "stats NAME [off] [--node NODE]")
    static final class StatsCmd extends OnAnyNode {
        @Parameters(index = "1", arity = "0..1", paramLabel = "off", converter = Arguments.Off.class,
                description = "off: switch them off")
        String off;

        StatsCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return off == null ? node.stats(process) : node.statsOff(process);
        }

        @Override
        String[] words() {
            return new String[] {off == null ? "stats" : "stats-off", process};
        }
    }

    @Command(name = "suspend", description = "suspends a process: it answers system messages only (sys:suspend)",
            customSynopsis = "suspend NAME [--node NODE]")
    static final class SuspendCmd extends OnAnyNode {
        SuspendCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.suspend(process);
        }
    }

    @Command(name = "resume", description = "resumes a suspended process (sys:resume)",
            customSynopsis = "resume NAME [--node NODE]")
    static final class ResumeCmd extends OnAnyNode {
        ResumeCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.resume(process);
        }
    }

    @Command(name = "kill", description = "kills a process: exit(Pid, kill), which it cannot trap; its supervisor "
            + "restarts it as its strategy says",
            customSynopsis = "kill NAME [--node NODE]")
    static final class KillCmd extends OnAnyNode {
        KillCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.kill(process);
        }
    }

    @Command(name = "exit", description = "sends a process an exit signal: exit(Pid, REASON)",
            customSynopsis = "exit NAME normal|shutdown|kill|WORD [--node NODE]")
    static final class ExitCmd extends OnAnyNode {
        @Parameters(index = "1", paramLabel = "REASON", converter = Arguments.Reason.class,
                description = "normal, shutdown, kill, or a word of your own (a custom reason, which a process that "
                        + "does not trap exits dies of)")
        String reason;

        ExitCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.exit(process, reason);
        }

        @Override
        String[] words() {
            return new String[] {"exit", process, reason};
        }
    }

    @Command(name = "alarms", description = "the alarms set (alarm_handler:get_alarms)",
            customSynopsis = "alarms [--node NODE]")
    static final class AlarmsCmd extends OnWholeNode {
        AlarmsCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.alarms();
        }
    }

    @Command(name = "tables", description = "the node's ETS tables: name, type, access, owner, size (ets:i())",
            customSynopsis = "tables [--node NODE]")
    static final class TablesCmd extends OnWholeNode {
        TablesCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.tables();
        }
    }

    @Command(name = "system", description = "the node and its JVM at a glance: processes, mailboxes, carriers, "
            + "heap, collections, threads, CPU (erlang:memory(), recon:node_stats)",
            customSynopsis = "system [--node NODE]")
    static final class SystemCmd extends OnWholeNode {
        SystemCmd(Shell shell) {
            super(shell);
        }

        @Override
        String here(NodeMXBean node) {
            return node.system();
        }
    }

    @Command(name = "nodes", description = "the nodes of this node's cluster, this node first (Erlang's node() and "
            + "nodes())")
    static final class NodesCmd extends Cmd {
        NodesCmd(Shell shell) {
            super(shell);
        }

        @Override
        String run(NodeMXBean node) {
            return node.nodes();
        }
    }

    @Command(name = "log", description = "log NAME on|off: keep a process's last 10 events, or stop; log NAME print: "
            + "show them (sys:log)", customSynopsis = "log NAME on|off|print")
    static final class LogCmd extends OnProcess {
        @Parameters(index = "1", paramLabel = "on|off|print", converter = Arguments.LogAction.class,
                description = "on, off or print")
        String action;

        LogCmd(Shell shell) {
            super(shell);
        }

        @Override
        String run(NodeMXBean node) {
            String answer = node.log(process, action, action.equals("print") ? shell.session() : 0);
            if (action.equals("print") && answer.isEmpty()) {
                return String.join("\n", node.poll(shell.session()));
            }
            return answer;
        }
    }
}
