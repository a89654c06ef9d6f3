package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.report.SupervisorReport;
import io.loomotp.sys.Sys;
import io.loomotp.sys.TracingSys;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's console, typed at as an operator does: the command language of bin/loomotp, its answers, and one line
 * for each mistake, after which nothing has changed. The same mistakes against the CLI are in tracing-sys's
 * CliEndToEndTest. On the test kit: a node per test, and no crash report the test does not expect (the BSC's tree
 * runs until the node closes, so processes outliving the test are not counted).
 */
@LoomOtpTest(checkLeaks = false)
class ConsoleTest {
    private Bscs.Running bsc;
    private TracingSys tools;
    private Console console;
    private ByteArrayOutputStream bytes;
    private Node node;
    private Chaos chaos;

    @BeforeEach
    void start(Node node, @TempDir Path dir) {
        // a quiet system: two phones, one call attempt a second, so that what the frequency server logs is ours
        this.node = node;
        bsc = Bscs.start(node, dir, Map.of("phones", "2", "calls_per_second", "1", "frequencies", "10-12"));
        bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        tools = TracingSys.install(node);
        chaos = Chaos.on(node);
        console = new Console(node, tools.control(), new Figures(node, bsc.load(), CallAdmission.NONE, out, null),
                chaos, out);
    }

    @AfterEach
    void stop() throws InterruptedException {
        chaos.close();
        console.close();
        tools.close();
        Bscs.stopLoad(bsc);
    }

    /** What one command printed. */
    private List<String> typed(String command, int status) {
        bytes.reset();
        assertThat(console.execute(command)).as(command).isEqualTo(status);
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("*DBG*")).toList();
    }

    private void refused(String command, String line) {
        assertThat(typed(command, 2)).as(command).containsExactly(line);
    }

    private boolean traced(String name) {
        return Sys.on(node).getStatus(name).debug().stream().anyMatch(d -> d.startsWith("trace"));
    }

    private static final String TOP = "expected: top [mailbox|messages|handler-time|memory] [-n N] "
            + "[--node NODE | --cluster | --window DURATION] "
            + "[--watch [--interval DURATION] [--frames N]]";

    @Test
    void mistypedCommands_getOneLine_andChangeNothing() {
        String trace = "expected: trace NAME on|off [--for DURATION] [--node NODE] | trace --behaviour CLASS|all "
                + "[--message CLASS] [--handler NAME] [--replies] --count N|--rate N [--for DURATION] | trace clear";
        refused("trace frequency", "error: trace: missing on|off after frequency; " + trace);
        refused("trace frequency maybe", "error: trace: on|off: 'maybe' is neither on nor off; " + trace);
        refused("trace frequency on --for abc", "error: trace: --for: 'abc' is no duration: expected a whole number "
                + "and a unit, such as 500ms, 30s, 5m or 1h; " + trace);
        assertThat(traced("frequency")).as("nothing half-done").isFalse();
        refused("top messages -n abc", "error: top: -n: 'abc' is no number: expected a whole number, 1 or more; "
                + TOP);
        refused("top nonsense", "error: top: ATTRIBUTE: 'nonsense' is nothing top ranks by: expected mailbox, "
                + "messages, handler-time or memory; " + TOP);
        refused("top --watch --interval 0s", "error: top: --interval: '0s' is no time at all: expected more than 0, "
                + "such as 30s; " + TOP);
        refused("top --watch --interval 50ms", "error: top: --interval: '50ms' is too often: expected 100ms or more, "
                + "such as 2s; " + TOP);
        refused("top --interval 2s", "error: top: --interval goes with --watch; " + TOP);
        refused("tree --frames 2", "error: tree: --frames goes with --watch; expected: tree [--node NODE] [--watch "
                + "[--interval DURATION] [--frames N]]");
        refused("list --bogus", "error: list: unknown option: '--bogus'; expected: list [--node NODE]");
        refused("nonsense", "error: no command 'nonsense' (help lists the commands)");
        refused("help nonsense", "error: help: no command 'nonsense' (help alone lists the commands)");
        refused("help quit", "error: help: quit leaves; it takes nothing");
        refused("state", "error: state: missing NAME; expected: state NAME [--node NODE]");
        refused("exit frequency", "error: exit: missing REASON; expected: exit NAME normal|shutdown|kill|WORD "
                + "[--node NODE]");
        refused("log frequency maybe", "error: log: on|off|print: 'maybe' is none of on, off or print; "
                + "expected: log NAME on|off|print");
        refused("figures maybe", "error: figures: on|off: 'maybe' is neither on nor off; expected: figures on|off");
    }

    @Test
    void chaos_aBadRateGetsOneLine_andChangesNothing_aGoodOneKills_offStopsIt(TestKit kit) {
        String chaosUsage = "; expected: chaos [RATE|off]";
        refused("chaos abc", "error: chaos: RATE|off: 'abc' is no rate: expected kills a second, a minute or an "
                + "hour, more than 0, such as 2/s, 30/m or 1/h" + chaosUsage);
        refused("chaos 0/s", "error: chaos: RATE|off: '0/s' is no rate: expected kills a second, a minute or an "
                + "hour, more than 0, such as 2/s, 30/m or 1/h" + chaosUsage);
        refused("chaos 500/s", "error: chaos: RATE|off: '500/s' is too fast: expected 100/s at most, such as 2/s"
                + chaosUsage);
        refused("chaos 2/s now", "error: chaos: unexpected 'now'" + chaosUsage);
        refused("chaos -1/s", "error: chaos: a negative value is not allowed: -1/s" + chaosUsage);
        assertThat(chaos.rate()).as("nothing half-done").isNull();
        assertThat(node.whereis("chaos")).isNull();
        assertThat(typed("chaos", 0)).containsExactly("chaos off: 0 killed (0 phone controllers, 0 frequency, 0 "
                + "freq_overload), 0 held back to stay within the restart intensities");

        kit.expectReport("the supervisor's reports of the kills", r -> r instanceof SupervisorReport);
        kit.expectCrash(ExitReason.KILLED); // whatever reports the kills make, each with reason killed
        assertThat(typed("chaos 20/s", 0)).containsExactly("chaos at 20/s: killing a random phone controller, "
                + "frequency or freq_overload, within the supervisors' restart intensities (chaos off stops it)");
        TestKit.awaitAssert(() -> assertThat(chaos.counts().killed()).isGreaterThanOrEqualTo(3));
        assertThat(typed("chaos 1/h", 0)).first().asString().startsWith("chaos at 1/h: ");
        assertThat(chaos.rate().perSecond()).isEqualTo(1.0 / 3600);
        assertThat(typed("chaos", 0).getFirst()).startsWith("chaos at 1/h: ").contains(" killed (");
        assertThat(typed("chaos off", 0).getFirst()).startsWith("chaos off: ");
        TestKit.awaitAssert(() -> assertThat(node.whereis("chaos")).as("the monkey gone").isNull());
        assertThat(node.whereis("bsc")).as("bsc never gave up").isNotNull();
    }

    @Test
    void unknownProcessesAndClasses_getOneLine() {
        assertThat(typed("state nosuch", 1)).containsExactly(
                "error: no process named 'nosuch' on node test (list shows the names)");
        // a pid of this node (its number before the dot is the node's: 0 when it is its JVM's only node)
        String dead = "<" + node.id() + ".99999>";
        assertThat(typed("state " + dead, 1)).containsExactly(
                "error: no process " + dead + " on node test: it is not alive (list shows the live ones)");
        // a pid that another node would print: said so, not called dead
        String other = "<" + (node.id() + 1) + ".5>";
        assertThat(typed("state " + other, 1)).containsExactly("error: " + other + " is not a pid of node test, "
                + "whose pids read <" + node.id() + ".N>: a pid reads differently on each node, as in Erlang; give it "
                + "as list shows it on this node (with --node, that node's list), or a name");
        assertThat(typed("kill nobody", 1)).containsExactly(
                "error: no process named 'nobody' on node test (list shows the names)");
        assertThat(typed("trace --behaviour no.Such --count 5", 1)).containsExactly("error: --behaviour no.Such: no "
                + "such class in the node's JVM (expected a fully qualified name, such as "
                + "io.loomotp.telecom.Frequency)");
    }

    @Test
    void help_listsTheCommands_andExplainsOne() {
        assertThat(String.join("\n", typed("help", 0))).contains("COMMAND [ARGUMENTS]", "  trace ", "  kill ",
                "  alarms ", "  figures ");
        assertThat(String.join("\n", typed("help top", 0)))
                .contains("top [mailbox|messages|handler-time|memory] [-n N] [--node NODE | --cluster |",
                        "--window DURATION]", "--window=DURATION     the processes whose figure grew most during",
                        "[--watch [--interval DURATION] [--frames N]]", "--cluster             the processes with "
                        + "the most of it on every node", "--watch               show it again every interval");
    }

    @Test
    void names_areTheSameInTreeListAndCommands() {
        assertThat(typed("tree", 0)).anyMatch(l -> l.startsWith("bsc <") && l.contains("supervisor running"))
                .anyMatch(l -> l.contains("freq_overload <")).noneMatch(l -> l.contains("freqOverload"));
        assertThat(typed("list", 0)).anyMatch(l -> l.contains("freq_overload"));
        // the child id, as supervisor reports show it, is the book's, the name the tree shows (a new operator's finding:
        // the reports said freqOverload)
        assertThat(typed("status freq_overload", 0)).contains("name: freq_overload");
        assertThat(typed("state bsc", 0)).anyMatch(l -> l.contains("freq_overload <"))
                .noneMatch(l -> l.contains("freqOverload"));
        assertThat(typed("state freq_overload", 0)).hasSize(1);
        // an unregistered phone controller: status calls it by the label tree and list show
        assertThat(typed("tree", 0)).anyMatch(l -> l.contains("phone[100000] <"));
        assertThat(typed("status phone[100000]", 0)).contains("name: phone[100000]");
    }

    @Test
    void answers_areForPeople() {
        assertThat(typed("stats frequency", 0)).containsExactly("statistics of frequency ("
                + node.whereis("frequency") + ") switched on; ask again to read them");
        FrequencyRef.whereis(node).poolSize();
        List<String> stats = typed("stats frequency", 0);
        assertThat(stats.getFirst()).startsWith("frequency (<").contains(": statistics since ");
        assertThat(stats).anyMatch(l -> l.matches("  messages in +\\d+"))
                .anyMatch(l -> l.matches("  handler time +\\d+(\\.\\d)? (µs|ms|s)"));
        // sys:statistics(Name, false): off, said once; a word other than off is a mistake, and changes nothing
        refused("stats frequency of", "error: stats: off: 'of' is not off: stats NAME reads them (switching them on "
                + "the first time), stats NAME off switches them off; expected: stats NAME [off] [--node NODE]");
        assertThat(typed("stats frequency off", 0)).containsExactly("statistics of frequency ("
                + node.whereis("frequency") + ") switched off");
        assertThat(typed("stats frequency off", 0)).containsExactly("statistics of frequency ("
                + node.whereis("frequency") + ") are off already");
        assertThat(typed("info frequency", 0)).contains("  registered_name    frequency")
                .anyMatch(l -> l.matches("  handler_time +\\d+(\\.\\d)? (µs|ms|s)"));
        // quoted as in a shell: the quotes go; an unclosed one runs nothing
        assertThat(typed("status 'frequency'", 0)).contains("name: frequency");
        refused("status 'frequency", "error: the quote ' is not closed (nothing was run)");
        assertThat(typed("figures off", 0)).containsExactly("figures off");
        assertThat(typed("alarms", 0)).containsExactly("no alarms set");
    }

    /** What {@code trace clear} answers with no pattern trace running. */
    private static final String NOTHING_TO_CLEAR = "no pattern trace was running: nothing to clear (a trace of one "
            + "process, trace NAME on, ends with trace NAME off)";

    /**
     * {@code trace clear}, as recon_trace:clear(): with no trace running it says so (status 0, not a mistake); one that
     * stopped a trace says what it stopped (a user study's finding: both said "trace cleared").
     */
    @Test
    void traceClear_saysWhatItStopped_orThatNoTraceWasRunning() {
        assertThat(typed("trace clear", 0)).containsExactly(NOTHING_TO_CLEAR);
        assertThat(typed("trace --behaviour " + Frequency.class.getName() + " --count 1000", 0))
                .anyMatch(l -> l.startsWith("tracing Frequency, 1000 lines, in "));
        assertThat(typed("trace clear", 0)).filteredOn(l -> !l.startsWith("*TRACE*")).singleElement().asString()
                .matches("trace cleared: stopped tracing Frequency \\(limit: 1000 lines\\) in 1 process, after "
                        + "\\d+ lines?");
        assertThat(typed("trace clear", 0)).filteredOn(l -> !l.startsWith("*TRACE*"))
                .containsExactly(NOTHING_TO_CLEAR);
    }

    @Test
    void kill_andExit_signalTheProcess_andItsSupervisorRestartsIt(TestKit kit) {
        kit.expectCrash(ExitReason.KILLED); // the supervisor's report of the child it restarts
        kit.expectCrash(ExitReason.SHUTDOWN); // and of the exit below: shutdown is abnormal for a permanent child
        Pid before = node.whereis("frequency");
        assertThat(typed("kill frequency", 0)).containsExactly("killed frequency (" + before + ")");
        TestKit.awaitAssert(() -> assertThat(node.whereis("frequency")).as("frequency to be restarted").isNotNull()
                .isNotEqualTo(before));
        Pid second = node.whereis("frequency");
        // a permanent child that ends with shutdown is restarted and reported, as OTP's supervisor does
        kit.expectCrash(ExitReason.SHUTDOWN);
        assertThat(typed("exit " + second + " shutdown", 0)).containsExactly("exit signal shutdown sent to "
                + second);
        // awaited: the test's end would otherwise close the node during the restart, a start_error now and then
        TestKit.awaitAssert(() -> assertThat(node.whereis("frequency")).as("frequency to be restarted again")
                .isNotNull().isNotEqualTo(second));
    }

    @Test
    void aSession_atThePrompt_logLinesBeforeTheAnswer_quitEndsIt() throws Exception {
        assertThat(typed("log frequency print", 0).getFirst()).startsWith("nothing logged for frequency");
        assertThat(typed("log frequency on", 0)).containsExactly("logging the last 10 events of frequency ("
                + node.whereis("frequency") + ")");
        FrequencyRef.whereis(node).poolSize(); // an event of ours in the log
        bytes.reset();
        String script = String.join("\n", List.of("log frequency print", "log frequency off", "", "quit now",
                "quit", "not read")) + "\n";
        assertThat(console.run(new BufferedReader(new StringReader(script)))).as("quit").isTrue();
        String session = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = session.lines().toList();
        int logged = lines.indexOf(lines.stream().filter(l -> l.contains("*DBG* frequency got call poolSize()"))
                .findFirst().orElseThrow(() -> new AssertionError("no poolSize() in " + lines)));
        int off = lines.indexOf(lines.stream().filter(l -> l.contains("log of frequency")).findFirst().orElseThrow());
        assertThat(off).isGreaterThan(logged);
        assertThat(session).contains(Console.PROMPT).doesNotContain("not read");
        // a quit with more after it is a mistake, said in one line, and the session goes on to the plain quit
        assertThat(lines).filteredOn(l -> l.endsWith("error: quit takes nothing more: type quit alone to leave"))
                .hasSize(1);
    }

    @Test
    void theNodeStopping_endsTheConsoleAtOnce_withoutALineTyped() throws Exception {
        // a new user's finding: after `kill bsc` the JVM stayed up, and the console said nothing, until Enter
        java.io.PipedWriter typing = new java.io.PipedWriter();
        BufferedReader terminal = new BufferedReader(new java.io.PipedReader(typing)); // nothing is ever typed
        java.util.concurrent.CompletableFuture<Object> nodeStopped = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Boolean> ran = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return console.run(terminal, nodeStopped);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        nodeStopped.complete("the node stopped");
        assertThat(ran.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("ended, not by quit").isFalse();
        typing.close();
    }

    @Test
    void watch_drawsFramesInTheBackground_untilTheNextLine() throws Exception {
        bytes.reset();
        assertThat(console.execute("top messages -n 2 --watch --interval 100ms --frames 2")).isZero();
        TestKit.awaitAssert(() -> assertThat(frames("top messages -n 2, every 100ms (Enter stops)")).as("two frames")
                .isEqualTo(2));
        // no count: it runs until a line is typed; Enter alone stops it
        bytes.reset();
        assertThat(console.execute("tree --watch --interval 100ms")).isZero();
        TestKit.awaitAssert(() -> assertThat(frames("tree, every 100ms (Enter stops)")).as("the tree watched")
                .isGreaterThanOrEqualTo(2));
        String script = "\nquit\n";
        assertThat(console.run(new BufferedReader(new StringReader(script)))).isTrue();
        long drawn = frames("tree, every 100ms");
        assertThat(drawn).as("stopped by Enter, before quit").isGreaterThanOrEqualTo(2);
        console.close();
        assertThat(frames("tree, every 100ms")).as("no frame after it stopped").isEqualTo(drawn);
    }

    private long frames(String header) {
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(header)).count();
    }
}
