package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.Await;
import io.loomotp.sys.cli.LoomOtpCli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attach CLI against a node in another JVM, as an operator uses it: {@link SmallNode} runs in a JVM of its own,
 * and each command attaches to it by pid.
 */
class CliEndToEndTest {
    /** The answer of {@code alarms} on a node without an alarm handler, as these tests' nodes are. */
    private static final String NO_ALARM_HANDLER =
            "no alarm handler on this node (Alarms.start starts one); alarms set now are lost";

    private static Process node;
    private static String pid;

    @BeforeAll
    static void startTheNode() throws Exception {
        node = java(SmallNode.class.getName()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
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
        });
        pid = ready.get(60, TimeUnit.SECONDS);
        assertThat(pid).as("the node's JVM to start").isNotNull();
    }

    @AfterAll
    static void stopTheNode() {
        if (node != null) {
            node.destroyForcibly();
        }
    }

    /** A JVM on this test's JDK and class path. */
    private static ProcessBuilder java(String main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** Runs one CLI command in this JVM, against the node's JVM; returns what it printed. */
    private static String cli(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = pid;
        System.arraycopy(args, 0, all, 1, args.length);
        Run r = loomotp(all);
        assertThat(r.status()).as("loomotp %s: %s", String.join(" ", args), r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r.out();
    }

    record Run(int status, String out, String err) {}

    /** Runs the CLI with exactly these arguments. */
    private static Run loomotp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = LoomOtpCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    /** A mistake: nothing on standard output, one line on standard error, and the exit status. */
    private static void refused(int status, String line, String... args) {
        Run r = loomotp(args);
        assertThat(r.err().lines().toList()).as(String.join(" ", args)).containsExactly(line);
        assertThat(r.out()).as(String.join(" ", args)).isEmpty();
        assertThat(r.status()).as(String.join(" ", args)).isEqualTo(status);
    }

    @Test
    void mistypedCommands_getOneLineAndStatus2_beforeTheNodeIsTouched() {
        String trace = "expected: trace NAME on|off [--for DURATION] [--node NODE] | trace --behaviour CLASS|all "
                + "[--message CLASS] [--handler NAME] [--replies] --count N|--rate N [--for DURATION] | trace clear";
        refused(2, "error: trace: missing on|off after counter; " + trace, pid, "trace", "counter");
        // Normal or KILL is a slip in what was typed, not a reason of the operator's own
        refused(2, "error: exit: REASON: 'Normal': reasons are lower case: normal (nothing was sent); expected: exit "
                + "NAME normal|shutdown|kill|WORD [--node NODE]", pid, "exit", "counter", "Normal");
        refused(2, "error: trace: on|off: 'maybe' is neither on nor off; " + trace, pid, "trace", "counter", "maybe");
        refused(2, "error: trace: unexpected 'extra': a pattern (--behaviour, --message, --handler, --replies) takes "
                + "no NAME; trace NAME on|off traces one process; " + trace, pid, "trace", "--behaviour", "all",
                "--count", "3", "extra");
        refused(2, "error: trace: --for: 'abc' is no duration: expected a whole number and a unit, such as 500ms, "
                + "30s, 5m or 1h; " + trace, pid, "trace", "counter", "on", "--for", "abc");
        assertThat(cli("status", "counter")).as("nothing half-done").doesNotContain("debug: [trace");
        refused(2, "error: top: -n: 'abc' is no number: expected a whole number, 1 or more; expected: top "
                + "[mailbox|messages|handler-time|memory] [-n N] [--node NODE | --cluster | --window DURATION] "
                + "[--watch [--interval DURATION] [--frames N]]", pid, "top", "messages", "-n", "abc");
        // a digit of another script is no number here (Long.parseLong would take the full-width 3)
        refused(2, "error: top: -n: '\uFF13' is no number: expected a whole number, 1 or more; expected: top "
                + "[mailbox|messages|handler-time|memory] [-n N] [--node NODE | --cluster | --window DURATION] "
                + "[--watch [--interval DURATION] [--frames N]]", pid, "top", "messages", "-n", "\uFF13");
        refused(2, "error: top: missing the value of option -n (N); expected: top "
                + "[mailbox|messages|handler-time|memory] [-n N] [--node NODE | --cluster | --window DURATION] "
                + "[--watch [--interval DURATION] [--frames N]]", pid, "top", "-n");
        refused(2, "error: tree: --interval: 'soon' is no duration: expected a whole number and a unit, such as "
                + "500ms, 30s, 5m or 1h; expected: tree [--node NODE] [--watch [--interval DURATION] [--frames N]]",
                pid, "tree", "--watch", "--interval", "soon");
        refused(2, "error: list: unknown option: '--bogus'; expected: list [--node NODE]", pid, "list", "--bogus");
        refused(2, "error: state: NAME: '<0.x>' is no pid: expected <node.serial>, such as <0.42>; expected: state NAME "
                + "[--node NODE]", pid, "state", "<0.x>");
        refused(2, "error: no command 'nonsense' (help lists the commands)", pid, "nonsense");
        refused(2, "error: JVM-PID: 'abc' is no JVM pid: expected a number, as jps lists them; expected: loomotp "
                + "[--verbose] [--node NAME] JVM-PID [COMMAND [ARGUMENTS]]   (no COMMAND: a shell; jps lists the JVM "
                + "pids)", "abc", "list");
    }

    @Test
    void unknownJvmsProcessesAndClasses_getOneLineAndStatus1() {
        refused(1, "error: cannot attach to JVM 99999999: no such JVM, or not one this user may attach to (jps lists "
                + "them)", "99999999", "list");
        refused(1, "error: no process named 'nosuch' on node small (list shows the names)", pid, "state", "nosuch");
        refused(1, "error: no process <0.99999> on node small: it is not alive (list shows the live ones)", pid,
                "state", "<0.99999>");
        refused(1, "error: --behaviour no.Such: no such class in the node's JVM (expected a fully qualified name, "
                + "such as io.loomotp.telecom.Frequency)", pid, "trace", "--behaviour", "no.Such", "--count", "5");
        // a class no behaviour runs, or a handler the behaviour lacks: refused, not a trace that never prints
        refused(1, "error: --behaviour java.lang.String: no behaviour runs that class (expected the class of a "
                + "@Server or @StateMachine, such as io.loomotp.telecom.Frequency, or the initial call info shows for "
                + "a process)", pid, "trace", "--behaviour", "java.lang.String", "--count", "2");
        refused(1, "error: --handler nosuch: Counter has no such handler (its handlers: block, crash, get, inc, spin)", pid,
                "trace", "--behaviour", Counter.class.getName(), "--handler", "nosuch", "--count", "2");
        refused(2, "error: trace: --for: '99999999999h' is too long: expected at most 24h (for longer, leave --for "
                + "out and switch it off by hand); expected: trace NAME on|off [--for DURATION] [--node NODE] | trace "
                + "--behaviour CLASS|all [--message CLASS] [--handler NAME] [--replies] --count N|--rate N [--for "
                + "DURATION] | trace clear", pid, "trace", "counter", "on", "--for", "99999999999h");
        assertThat(cli("status", "counter")).as("nothing half-done").doesNotContain("debug: [trace");
    }

    @Test
    void help_listsTheCommands_andExplainsOne_asAtAConsole() {
        Run all = loomotp(pid, "help");
        assertThat(all.status()).isZero();
        assertThat(all.out()).contains("trace", "state", "kill");
        Run one = loomotp(pid, "help", "trace");
        assertThat(one.status()).isZero();
        assertThat(one.out()).contains("trace NAME on|off [--for DURATION] [--node NODE]", "--count");
    }

    @Test
    void verbose_addsTheStackTrace_andVersionIsTheBuiltOne() {
        Run r = loomotp("--verbose", pid, "state", "nosuch");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: no process named 'nosuch'").contains("\tat ");
        Run v = loomotp("-V");
        assertThat(v.out().strip()).isEqualTo("Loom OTP " + Version.number()).endsWith("-SNAPSHOT");
    }

    @Test
    void list_tree_top_state() {
        assertThat(cli("list")).contains("counter", "gen_server", "top", "supervisor");
        assertThat(cli("tree")).startsWith("top <").contains("└─ counter <", "worker running io.loomotp.sys.Counter");
        assertThat(cli("top", "messages", "-n", "1")).contains("counter");
        assertThat(cli("state", "counter")).startsWith("Counter[count=");
        assertThat(cli("status", "counter")).contains("behaviour: gen_server");
        assertThat(cli("info", "counter")).contains("  registered_name    counter", "  current_function   ");
        assertThat(cli("alarms")).isEqualTo(NO_ALARM_HANDLER + "\n");
        assertThat(cli("nodes")).isEqualTo("this node is not in a cluster\n");
        // exit NAME normal to a process that does not trap exits: sent, ignored, as in Erlang, and the answer says so
        assertThat(cli("exit", "counter", "normal")).startsWith("exit signal normal sent to counter (<")
                .endsWith("; it does not trap exits, so it ignores normal, as in Erlang (kill ends it)\n");
        assertThat(cli("status", "counter")).contains("behaviour: gen_server");
    }

    /** recon:proc_window: what grew during a window; refused in one line where it cannot run. */
    @Test
    void topWindow_ranksWhatGrewInTheWindow_andItsMisusesAreOneLine() {
        assertThat(cli("top", "messages", "-n", "2", "--window", "100ms").lines().findFirst().orElseThrow())
                .startsWith("PID").contains("+messages-in in 100 ms");
        String top = "; expected: top [mailbox|messages|handler-time|memory] [-n N] [--node NODE | --cluster | "
                + "--window DURATION] [--watch [--interval DURATION] [--frames N]]";
        refused(2, "error: top: --window 120000 ms is too long: at most 60s (the command waits for it)" + top, pid,
                "top", "--window", "2m");
        refused(2, "error: top: --window ranks this node's processes: attach to the other node's JVM for its own "
                + "(bin/loomotp PID top --window 1s)" + top, pid, "top", "--window", "1s", "--cluster");
        refused(2, "error: top: --window and --watch together: give one (--watch shows running totals again)" + top,
                pid, "top", "--window", "1s", "--watch");
    }

    @Test
    void topWatch_printsFramesApart_untilItsCount() {
        String out = cli("top", "messages", "-n", "1", "--watch", "--interval", "100ms", "--frames", "3");
        List<String> lines = out.lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("top messages -n 1, every 100ms (Ctrl-C stops)   ")))
                .hasSize(3);
        assertThat(lines.stream().filter(l -> l.startsWith("PID "))).hasSize(3);
        assertThat(lines.stream().filter(String::isEmpty)).as("a blank line between frames").hasSize(2);
        assertThat(out).doesNotContain("\033[");
    }

    @Test
    void trace_streamsToTheTerminalThatAsked() {
        String out = cli("trace", "counter", "on", "--for", "1s");
        assertThat(out).startsWith("tracing counter (").contains("*DBG* counter got cast inc()");
        assertThat(cli("status", "counter")).doesNotContain("debug: [trace");
    }

    @Test
    void log_onPrintOff() {
        assertThat(cli("log", "counter", "print")).contains("nothing logged for counter");
        assertThat(cli("log", "counter", "on")).contains("logging the last 10 events of counter (<");
        // the node's caster keeps casting inc() to the counter
        Await.until(() -> cli("log", "counter", "print").contains("*DBG* counter got cast inc()"), "logged casts");
        assertThat(cli("log", "counter", "off")).startsWith("log of counter (<").endsWith(") off\n");
        assertThat(cli("status", "counter").lines().filter(l -> l.startsWith("debug:"))).noneMatch(
                l -> l.contains("log"));
    }

    @Test
    void aRateLimitedTrace_stopsItselfAndSaysSo() {
        String out = cli("trace", "--behaviour", Counter.class.getName(), "--handler", "inc", "--count", "3",
                "--for", "20s");
        assertThat(out).contains("*TRACE* counter got cast inc()", "tracing off (limit of 3 lines reached)");
    }

    /** What {@code trace clear} answers with no pattern trace running. */
    private static final String NOTHING_TO_CLEAR = "no pattern trace was running: nothing to clear (a trace of one "
            + "process, trace NAME on, ends with trace NAME off)";

    /**
     * {@code trace clear} is recon_trace:clear(): given with no trace running it says so, status 0; one that stopped a
     * trace says which, and that trace's terminal sees it end (a user study's finding: both said "trace cleared").
     */
    @Test
    void traceClear_saysWhatItStopped_orThatNoTraceWasRunning() throws Exception {
        assertThat(cli("trace", "clear")).isEqualTo(NOTHING_TO_CLEAR + "\n");
        CompletableFuture<String> tracing = CompletableFuture.supplyAsync(() -> cli("trace", "--behaviour",
                Counter.class.getName(), "--handler", "inc", "--count", "1000000", "--for", "30s"));
        // the trace starts in the other terminal at a time of its own: clear until it has cleared it (bounded). The
        // counter may not have handled an inc since the trace began (a session counts the processes it has traced),
        // so the summary says 0 processes or 1
        String cleared = Await.until(() -> {
            String answer = cli("trace", "clear");
            return answer.startsWith("no pattern trace was running") ? null : answer;
        }, "trace clear to stop the other terminal's trace");
        assertThat(cleared).matches("trace cleared: stopped tracing Counter, handler inc \\(limit: 1000000 lines\\) "
                + "in (0 processes, after 0 lines|1 process, after \\d+ lines?)\n");
        assertThat(tracing.get(30, TimeUnit.SECONDS)).contains("tracing off (cleared)");
        assertThat(cli("trace", "clear")).isEqualTo(NOTHING_TO_CLEAR + "\n");
    }

    @Test
    void closingTheTerminal_switchesItsTracesOff_andLeavesTheNodeRunning() throws Exception {
        Process terminal = java(LoomOtpCli.class.getName(), pid, "trace", "counter", "on").start();
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(terminal.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    seen.add(line);
                }
            } catch (Exception closed) {
                // the terminal is gone
            }
        });
        Await.until(() -> seen.stream().anyMatch(l -> l.contains("*DBG* counter")), "trace lines in the terminal");
        assertThat(cli("status", "counter")).contains("trace");
        terminal.destroyForcibly(); // no goodbye: as a closed terminal or a killed ssh session
        terminal.waitFor(10, TimeUnit.SECONDS);
        reader.join(5_000);
        Await.until(() -> !cli("status", "counter").contains("debug: [trace"), "the trace to be switched off");
        assertThat(node.isAlive()).isTrue();
        assertThat(cli("list")).contains("counter");
    }
}
