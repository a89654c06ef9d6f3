package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.Await;
import io.loomotp.sys.cli.LoomOtpCli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The remote shell ({@code bin/loomotp PID} with no command) against a node in another JVM, driven as a script drives
 * it: commands piped to its standard input one a line, its answers read as they come. Each wait is on a line the shell
 * prints, bounded; nothing sleeps.
 */
class RemoteShellEndToEndTest {
    /** The answer of {@code alarms} on a node without an alarm handler, as these tests' nodes are. */
    private static final String NO_ALARM_HANDLER =
            "no alarm handler on this node (Alarms.start starts one); alarms set now are lost";

    private static Process node;
    private static String pid;

    @BeforeAll
    static void startTheNode() throws Exception {
        node = java(SmallNode.class.getName()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        pid = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        return line.substring(6).strip();
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(pid).as("the node's JVM to start").isNotNull();
    }

    @AfterAll
    static void stopTheNode() {
        if (node != null) {
            node.destroyForcibly();
        }
    }

    private static ProcessBuilder java(String main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** A shell in a JVM of its own, its standard input a pipe: what it printed, line by line, as it comes. */
    private static final class Shell {
        final Process process;
        final Writer in;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Shell() throws Exception {
            process = java(LoomOtpCli.class.getName(), pid).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        seen.add(line);
                    }
                } catch (Exception closed) {
                    // the shell is gone
                }
            });
        }

        void type(String line) throws Exception {
            in.write(line + "\n");
            in.flush();
        }

        void awaitLine(String start) {
            Await.until(() -> seen.stream().anyMatch(l -> l.startsWith(start)), "a line starting " + start);
        }

        long count(String start) {
            return seen.stream().filter(l -> l.startsWith(start)).count();
        }

        int end() throws Exception {
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the shell to end").isTrue();
            return process.exitValue();
        }
    }

    private static String status(String process) {
        StringWriter out = new StringWriter();
        int status = LoomOtpCli.run(new String[] {pid, "status", process}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertThat(status).isZero();
        return out.toString();
    }

    @Test
    void pipedCommands_answerInTurn_aMistakeIsOneLine_andTheSessionsTraceEndsWithIt() throws Exception {
        Shell shell = new Shell();
        shell.awaitLine("connected to node small (JVM " + pid + ")");
        shell.type("list");
        shell.awaitLine("PID        NAME");
        shell.type("state nosuch");
        shell.awaitLine("error: no process named 'nosuch' on node small (list shows the names)");
        shell.type("trace counter maybe");
        shell.awaitLine("error: trace: on|off: 'maybe' is neither on nor off; expected: trace NAME on|off");
        shell.type("exit");
        shell.awaitLine("error: exit sends a process an exit signal (exit NAME REASON); quit or Ctrl-D leaves");
        shell.type("trace counter on");
        shell.awaitLine("tracing counter (<");
        shell.awaitLine("*DBG* counter got cast inc()"); // streamed while the shell waits for its next line
        shell.type("state counter");
        shell.awaitLine("Counter[count=");
        assertThat(status("counter")).contains("debug: [trace");
        assertThat(shell.seen).as("one line per mistake, no stack trace").noneMatch(l -> l.startsWith("\tat ")
                || l.contains("Exception"));

        shell.in.close(); // end of input: as Ctrl-D at a terminal
        assertThat(shell.end()).isZero();
        // switched off as the shell closed its session, not later by the lease running out
        assertThat(status("counter")).doesNotContain("debug: [trace");
        assertThat(node.isAlive()).isTrue();
    }

    @Test
    void aShellKilledWithATraceOn_switchesItOffOnItsWayOut() throws Exception {
        Shell shell = new Shell();
        shell.type("trace counter on");
        shell.awaitLine("*DBG* counter got cast inc()");
        shell.process.destroy(); // SIGTERM, as a closed terminal's hang-up: the JVM's shutdown hooks run
        assertThat(shell.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        // off: usually at once, by the shell's shutdown hook; if the hook could not reach the node before the JVM
        // ended (seen once in a fresh-clone CI run), by the session's lease 2 s later. Either way within the bound.
        Await.until(() -> !status("counter").contains("debug: [trace"), "the trace of a killed shell switched off");
    }

    @Test
    void inProcess_theShellReadsTheGivenInput_andMistakesGoToItsOutput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String script = "alarms\ntop nonsense\n";
        int status = LoomOtpCli.run(new String[] {pid}, new java.io.ByteArrayInputStream(script.getBytes(
                StandardCharsets.UTF_8)), new PrintWriter(out), new PrintWriter(err));
        assertThat(status).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines().toList()).containsExactly("connected to node small (JVM " + pid + "), "
                + Version.text() + ": help lists the commands, quit or Ctrl-D leaves", NO_ALARM_HANDLER,
                "error: top: ATTRIBUTE: 'nonsense' is nothing top ranks by: expected mailbox, messages, handler-time "
                + "or memory; expected: top [mailbox|messages|handler-time|memory] [-n N] "
                + "[--node NODE | --cluster | --window DURATION] [--watch [--interval DURATION] [--frames N]]");
    }

    @Test
    void quit_leaves_andRunsNothingAfterIt() throws Exception {
        Shell shell = new Shell();
        shell.type("alarms");
        shell.type("quit now"); // a mistake: one line, and the shell goes on
        shell.type("quit");
        shell.type("state nosuch");
        assertThat(shell.end()).isZero();
        Await.until(() -> shell.seen.contains(NO_ALARM_HANDLER), "the answer before quit");
        assertThat(shell.seen).filteredOn(l -> l.startsWith("error:"))
                .containsExactly("error: quit takes nothing more: type quit alone to leave");
    }

    @Test
    void watch_showsFramesUntilItsCount_thenTheShellGoesOn() throws Exception {
        Shell shell = new Shell();
        shell.type("top messages -n 1 --watch --interval 100ms --frames 3");
        shell.type("tree --watch --interval 10ms");
        shell.type("alarms");
        shell.awaitLine(NO_ALARM_HANDLER);
        assertThat(shell.count("top messages -n 1, every 100ms (Ctrl-C stops)")).isEqualTo(3);
        assertThat(shell.count("PID ")).as("one table per frame").isEqualTo(3);
        assertThat(shell.seen).contains("error: tree: --interval: '10ms' is too often: expected 100ms or more, such as "
                + "2s; expected: tree [--node NODE] [--watch [--interval DURATION] [--frames N]]");
        List<String> lines = List.copyOf(shell.seen);
        int second = java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).startsWith("top messages")).skip(1).findFirst().orElseThrow();
        assertThat(lines.get(second - 1)).as("frames apart by a blank line").isEmpty();
        shell.type("quit");
        assertThat(shell.end()).isZero();
    }
}
