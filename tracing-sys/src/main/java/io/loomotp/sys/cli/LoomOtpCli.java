package io.loomotp.sys.cli;

import com.sun.tools.attach.VirtualMachine;
import io.loomotp.sys.jmx.NodeMXBean;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The attach CLI: the JVM's answer to Erlang's remote shell. It attaches to a running JVM by its pid (the Attach
 * API starts the JVM's local JMX agent if need be), finds the node's {@link NodeMXBean}, and runs one command. Trace
 * lines stream to this terminal; when it goes away, its session lapses and its traces are switched off, and the node
 * runs on.
 *
 * <pre>
 *   loomotp 12345 list
 *   loomotp 12345 trace frequency on --for 30s
 *   loomotp 12345 top --by mailbox
 * </pre>
 */
@Command(name = "loomotp", mixinStandardHelpOptions = true, version = "Loom OTP 0.1.0",
        description = "Looks inside a running Loom OTP node, and traces it, without stopping it.",
        subcommands = {LoomOtpCli.ListCmd.class, LoomOtpCli.TreeCmd.class, LoomOtpCli.TopCmd.class,
            LoomOtpCli.InfoCmd.class, LoomOtpCli.TraceCmd.class, LoomOtpCli.LogCmd.class, LoomOtpCli.StatsCmd.class,
            LoomOtpCli.StateCmd.class, LoomOtpCli.StatusCmd.class, LoomOtpCli.SuspendCmd.class,
            LoomOtpCli.ResumeCmd.class})
public final class LoomOtpCli implements Callable<Integer> {

    @Parameters(index = "0", description = "the pid of the JVM that runs the node (see jps)")
    String jvm;

    @Option(names = "--node", description = "the node's name, if the JVM runs more than one")
    String nodeName;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private JMXConnector connector;

    /** Runs the CLI; exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoomOtpCli()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** The node's bean in the attached JVM. */
    NodeMXBean node() throws Exception {
        if (connector == null) {
            VirtualMachine vm = VirtualMachine.attach(jvm);
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        }
        MBeanServerConnection c = connector.getMBeanServerConnection();
        Set<ObjectName> nodes = c.queryNames(new ObjectName("io.loomotp:type=Node,*"), null);
        ObjectName chosen = null;
        for (ObjectName n : nodes) {
            String name = ObjectName.unquote(n.getKeyProperty("name"));
            if (nodeName == null || nodeName.equals(name)) {
                if (chosen != null && nodeName == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "JVM " + jvm + " runs several nodes: "
                            + "name one with --node");
                }
                chosen = n;
            }
        }
        if (chosen == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "JVM " + jvm + " has no Loom OTP node"
                    + (nodeName == null ? "" : " named " + nodeName) + " with its JMX bean: the node must call "
                    + "TracingSys.install(node)");
        }
        return JMX.newMXBeanProxy(c, chosen, NodeMXBean.class);
    }

    void disconnect() {
        if (connector != null) {
            try {
                connector.close();
            } catch (Exception ignored) {
                // the JVM went away: nothing to close
            }
        }
    }

    /** A command that prints one answer. */
    abstract static class OneShot implements Callable<Integer> {
        @ParentCommand
        LoomOtpCli cli;

        @Spec
        CommandLine.Model.CommandSpec spec;

        abstract String run(NodeMXBean node) throws Exception;

        @Override
        public Integer call() throws Exception {
            try {
                PrintWriter out = spec.commandLine().getOut();
                String text = run(cli.node());
                out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
                out.flush();
                return 0;
            } finally {
                cli.disconnect();
            }
        }
    }

    @Command(name = "list", description = "every process: pid, name, behaviour, status, mailbox, messages")
    static final class ListCmd extends OneShot {
        @Override
        String run(NodeMXBean node) {
            return node.list();
        }
    }

    @Command(name = "tree", description = "the supervision trees, with each child's status")
    static final class TreeCmd extends OneShot {
        @Override
        String run(NodeMXBean node) {
            return node.tree();
        }
    }

    @Command(name = "top", description = "the processes with the most of something")
    static final class TopCmd extends OneShot {
        @Option(names = "--by", defaultValue = "mailbox",
                description = "mailbox, messages, handler-time or memory (default: ${DEFAULT-VALUE})")
        String by;

        @Option(names = "-n", defaultValue = "10", description = "how many (default: ${DEFAULT-VALUE})")
        int n;

        @Override
        String run(NodeMXBean node) {
            return node.top(by, n);
        }
    }

    @Command(name = "info", description = "recon's info of a process, by name or pid")
    static final class InfoCmd extends OneShot {
        @Parameters(description = "a registered name, or a pid such as <0.42>")
        String process;

        @Override
        String run(NodeMXBean node) {
            return node.info(process);
        }
    }

    @Command(name = "state", description = "a process's state (sys get_state)")
    static final class StateCmd extends OneShot {
        @Parameters(description = "a registered name, or a pid")
        String process;

        @Override
        String run(NodeMXBean node) {
            return node.state(process);
        }
    }

    @Command(name = "status", description = "a process's status (sys get_status)")
    static final class StatusCmd extends OneShot {
        @Parameters(description = "a registered name, or a pid")
        String process;

        @Override
        String run(NodeMXBean node) {
            return node.status(process);
        }
    }

    @Command(name = "stats", description = "a process's statistics; switches them on the first time")
    static final class StatsCmd extends OneShot {
        @Parameters(description = "a registered name, or a pid")
        String process;

        @Override
        String run(NodeMXBean node) {
            return node.stats(process);
        }
    }

    @Command(name = "suspend", description = "suspends a process: it answers system messages only")
    static final class SuspendCmd extends OneShot {
        @Parameters(description = "a registered name, or a pid")
        String process;

        @Override
        String run(NodeMXBean node) {
            return node.suspend(process);
        }
    }

    @Command(name = "resume", description = "resumes a suspended process")
    static final class ResumeCmd extends OneShot {
        @Parameters(description = "a registered name, or a pid")
        String process;

        @Override
        String run(NodeMXBean node) {
            return node.resume(process);
        }
    }

    /** A command whose lines stream to this terminal through a session, until it ends or its time is up. */
    abstract static class Streaming implements Callable<Integer> {
        @ParentCommand
        LoomOtpCli cli;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--for", description = "how long to stream, such as 30s (default: until interrupted)")
        String duration;

        /** Starts what streams; returns the first line to print. */
        abstract String begin(NodeMXBean node, long session);

        /** Switches off what was started. */
        abstract void end(NodeMXBean node, long session);

        /** True if a line says the stream is over (a rate-limited trace that switched itself off). */
        boolean isLast(String line) {
            return false;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            NodeMXBean node = cli.node();
            long session = node.openSession();
            Thread hook = new Thread(() -> {
                try {
                    end(node, session);
                    node.closeSession(session);
                } catch (RuntimeException gone) {
                    // the node or the connection is gone: its lease runs out and the node switches it off
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                out.println(begin(node, session));
                out.flush();
                long until = duration == null ? Long.MAX_VALUE
                        : System.nanoTime() + io.loomotp.runtime.supervisor.Durations.parse(duration).toNanos();
                boolean over = false;
                while (!over && System.nanoTime() < until) {
                    for (String line : node.poll(session)) {
                        out.println(line);
                        over |= isLast(line);
                    }
                    out.flush();
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                }
                for (String line : node.poll(session)) {
                    out.println(line);
                }
                out.flush();
                end(node, session);
                node.closeSession(session);
                return 0;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs
                }
                cli.disconnect();
            }
        }
    }

    @Command(name = "trace", description = {"trace NAME on|off: a process's trace, streamed here",
        "trace --behaviour CLASS [--message CLASS] [--handler NAME] [--replies] --count N|--rate N: a rate-limited "
            + "trace over many processes, which stops itself at its limit",
        "trace clear: stops the rate-limited trace"})
    static final class TraceCmd extends Streaming {
        @Parameters(index = "0", arity = "0..1", description = "a registered name, a pid, or 'clear'")
        String process;

        @Parameters(index = "1", arity = "0..1", description = "on or off")
        String onOff;

        @Option(names = "--behaviour", description = "the behaviour class to trace ('all' for every behaviour)")
        String behaviour;

        @Option(names = "--message", description = "the message type to trace")
        String message;

        @Option(names = "--handler", description = "the handler to trace")
        String handler;

        @Option(names = "--replies", description = "trace replies too")
        boolean replies;

        @Option(names = "--count", description = "stop after this many lines")
        long count;

        @Option(names = "--rate", description = "stop if more lines than this come in a second")
        long rate;

        private boolean pattern() {
            return behaviour != null || message != null || handler != null;
        }

        @Override
        public Integer call() throws Exception {
            if ("clear".equals(process)) {
                try {
                    spec.commandLine().getOut().println(cli.node().clearTrace());
                    spec.commandLine().getOut().flush();
                    return 0;
                } finally {
                    cli.disconnect();
                }
            }
            if (!pattern() && process == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "trace what? a NAME and on|off, or a "
                        + "pattern (--behaviour, --message, --handler) with --count or --rate");
            }
            if (!pattern() && "off".equals(onOff)) {
                try {
                    spec.commandLine().getOut().println(cli.node().trace(process, false, 0));
                    spec.commandLine().getOut().flush();
                    return 0;
                } finally {
                    cli.disconnect();
                }
            }
            if (!pattern() && !"on".equals(onOff)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "trace " + process + " on, or off");
            }
            return super.call();
        }

        @Override
        String begin(NodeMXBean node, long session) {
            if (pattern()) {
                String b = behaviour == null || behaviour.equals("all") ? "" : behaviour;
                return node.traceCalls(b, message == null ? "" : message, handler == null ? "" : handler, replies,
                        count, rate, session);
            }
            return node.trace(process, true, session);
        }

        @Override
        void end(NodeMXBean node, long session) {
            if (!pattern()) {
                node.trace(process, false, session);
            }
        }

        @Override
        boolean isLast(String line) {
            return pattern() && line.contains(": tracing off (");
        }
    }

    @Command(name = "log", description = "log NAME on|off: keep a process's last 10 events; log NAME print: show them")
    static final class LogCmd extends OneShot {
        @Parameters(index = "0", description = "a registered name, or a pid")
        String process;

        @Parameters(index = "1", description = "on, off or print")
        String action;

        @Override
        String run(NodeMXBean node) {
            if (!action.equals("print")) {
                return node.log(process, action, 0);
            }
            long session = node.openSession();
            try {
                String answer = node.log(process, "print", session); // says why when nothing is logged
                return answer.isEmpty() ? String.join("\n", node.poll(session)) : answer;
            } finally {
                node.closeSession(session);
            }
        }
    }
}
