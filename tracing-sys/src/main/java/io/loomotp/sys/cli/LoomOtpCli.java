package io.loomotp.sys.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.loomotp.sys.jmx.NodeMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.management.JMException;
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
import picocli.CommandLine.Spec;

/**
 * The attach CLI: the JVM's answer to Erlang's remote shell. It attaches to a running JVM by its pid (the Attach
 * API starts the JVM's local JMX agent if need be), finds the node's {@link NodeMXBean}, and runs one command of the
 * {@link Commands command language}, the same as the sample's console, or, given no command, opens a remote
 * shell on the node ({@code RemoteShell}). Trace lines stream to this terminal; when it goes away, its session lapses
 * and its traces are switched off, and the node runs on.
 *
 * <pre>
 *   loomotp 12345 list
 *   loomotp 12345 trace frequency on --for 30s
 *   loomotp 12345 top messages -n 5 --watch
 *   loomotp 12345                      (a shell: the same commands, one a line, until quit or Ctrl-D)
 * </pre>
 *
 * <p>A mistake is one line on standard error, with exit status 2 for what was typed (checked before the JVM is
 * reached) and 1 for what failed; {@code --verbose} adds the stack trace.
 */
@Command(name = "loomotp", mixinStandardHelpOptions = true, versionProvider = LoomOtpCli.Version.class,
        description = "Looks inside a running Loom OTP node, and traces it, without stopping it.",
        customSynopsis = "loomotp [--verbose] [--node NAME] JVM-PID [COMMAND [ARGUMENTS]]   (no COMMAND: a shell; jps "
                + "lists the JVM pids)")
public final class LoomOtpCli implements Callable<Integer>, Shell {

    @Parameters(index = "0", paramLabel = "JVM-PID", converter = Arguments.JvmPid.class,
            description = "the pid of the JVM that runs the node (see jps)")
    String jvm;

    @Option(names = "--node", paramLabel = "NAME", description = "the node's name, if the JVM runs more than one")
    String nodeName;

    @Option(names = "--verbose", description = "print the stack trace of an error, too")
    boolean verbose;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private JMXConnector connector;
    private NodeMXBean node;
    private long session;
    private PrintWriter out = new PrintWriter(System.out, true);
    private InputStream in = InputStream.nullInputStream(); // a shell's commands, when not on a terminal
    private boolean terminal; // standard input and output are a terminal: a shell edits lines, a watch draws in place

    /** What {@code -V} prints: the version as built, {@code Loom OTP 0.1.0-SNAPSHOT}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {io.loomotp.sys.Version.text()};
        }
    }

    /** Runs the CLI; exits with its status. */
    public static void main(String[] args) {
        java.io.Console console = System.console();
        System.exit(run(args, System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                console != null && console.isTerminal()));
    }

    /**
     * Runs one command line, printing answers to {@code out} and mistakes to {@code err}; returns the exit status.
     * Given no command, the remote shell reads nothing (its input is empty) and ends at once.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    /** Runs one command line; given no command, a remote shell that reads its commands from {@code in}, one a line. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        return run(args, in, out, err, false);
    }

    private static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, boolean terminal) {
        LoomOtpCli cli = new LoomOtpCli();
        cli.out = out;
        cli.in = in;
        cli.terminal = terminal;
        CommandLine line = new CommandLine(cli);
        Language.cli(line, cli, () -> cli.verbose).setOut(out).setErr(err); // after the commands: they inherit these
        try {
            return line.execute(args);
        } finally {
            cli.close();
        }
    }

    /** No command: a remote shell, until quit, Ctrl-D or the end of standard input. */
    @Override
    public Integer call() throws IOException {
        return new RemoteShell(this, out).run(terminal, in);
    }

    /** A one-shot watch: in place on a terminal, until its frames are shown or Ctrl-C ends the CLI. */
    @Override
    public void watch(String title, Duration interval, long frames, Supplier<String> frame) {
        Watch.show(out, terminal, title, interval, frames, "Ctrl-C stops", frame);
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    /** The node's bean in the attached JVM: attaches on the first call. */
    @Override
    public NodeMXBean node() {
        if (node == null) {
            node = attach();
        }
        return node;
    }

    private NodeMXBean attach() {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(jvm);
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            throw new IllegalArgumentException("cannot attach to JVM " + jvm + ": no such JVM, or not one this user "
                    + "may attach to (jps lists them)");
        }
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection c = connector.getMBeanServerConnection();
            ObjectName chosen = null;
            java.util.List<String> names = new java.util.ArrayList<>();
            for (ObjectName n : c.queryNames(new ObjectName("io.loomotp:type=Node,*"), null)) {
                String name = io.loomotp.sys.jmx.NodeControl.nodeName(n);
                names.add(name);
                if (nodeName == null || nodeName.equals(name)) {
                    chosen = chosen == null ? n : null;
                }
            }
            java.util.Collections.sort(names);
            if (nodeName == null && names.size() > 1) {
                throw new IllegalArgumentException("JVM " + jvm + " runs several nodes (" + String.join(", ", names)
                        + "): name one with --node");
            }
            if (chosen == null) {
                throw new IllegalArgumentException(names.isEmpty() || nodeName == null
                        ? "JVM " + jvm + " has no Loom OTP node with its JMX bean: the node must call "
                                + "TracingSys.install(node)"
                        : "JVM " + jvm + " has no node named " + nodeName + " with its JMX bean; it has "
                                + String.join(", ", names) + " (a node of another name must call "
                                + "TracingSys.install(node))");
            }
            return JMX.newMXBeanProxy(c, chosen, NodeMXBean.class);
        } catch (IOException | JMException e) {
            throw new IllegalStateException("cannot reach the JMX agent of JVM " + jvm + ": " + e.getMessage());
        }
    }

    @Override
    public long session() {
        if (session == 0) {
            session = node().openSession();
        }
        return session;
    }

    /** Streams the session's lines here until the time is up, a last line comes, or the terminal is interrupted. */
    @Override
    public void follow(Duration limit, Predicate<String> isLast, Supplier<String> end) {
        NodeMXBean n = node();
        long s = session();
        Thread hook = new Thread(() -> {
            try {
                end.get();
                n.closeSession(s);
            } catch (RuntimeException gone) {
                // the node or the connection is gone: its lease runs out and the node switches it off
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long until = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
            boolean over = false;
            while (!over && System.nanoTime() < until) {
                for (String line : n.poll(s)) {
                    out.println(line);
                    over |= isLast.test(line);
                }
                out.flush();
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            for (String line : n.poll(s)) {
                out.println(line);
            }
            if (!over) {
                answer(end.get());
            }
            out.flush();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    /** Closes the session (switching off what it traced) and the connection. */
    void close() {
        try {
            if (session != 0) {
                node.closeSession(session);
            }
        } catch (RuntimeException gone) {
            // the node went away: its lease runs out
        }
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // the JVM went away: nothing to close
            }
        }
    }
}
