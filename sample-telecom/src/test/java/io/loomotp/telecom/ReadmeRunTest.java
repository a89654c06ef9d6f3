package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's commands, as a script runs them: {@code bin/bsc --no-console --duration 10s} exits 0 with live
 * figures and a summary; with {@code --chaos}, the monkey kills and the summary still accounts for every call. The
 * launcher is told the class path this build made, instead of building again.
 */
class ReadmeRunTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void binBsc_noConsole_duration10s_exits0_withFiguresAndASummary() throws Exception {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("    bin/bsc\n");
        String output = run("--no-console", "--duration", "10s");
        List<String> figures = output.lines().filter(l -> l.contains("calls ") && l.contains("set up")).toList();
        assertThat(figures).as(output).hasSizeGreaterThanOrEqualTo(5);
        assertThat(figures.getFirst()).startsWith("[##");
        assertThat(output).contains("Loom OTP " + io.loomotp.sys.Version.number() + ": bsc started ")
                .contains("bsc: 200 phones, 20 frequencies").contains("summary: ").contains(" 0 lost;");
    }

    @Test
    void binBsc_chaos_killsWithinTheIntensities_andTheSummaryStillCountsEveryCall() throws Exception {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("    bin/bsc --chaos 2/s\n");
        String output = run("--no-console", "--duration", "6s", "--chaos", "20/s");
        assertThat(output).contains("bsc: chaos at 20/s: killing a random phone controller, frequency or "
                + "freq_overload").contains(" 0 lost;").doesNotContain("bsc stopped by itself");
        assertThat(output.lines().filter(l -> l.contains("| chaos ")).toList()).as(output).isNotEmpty();
        String chaos = output.lines().filter(l -> l.startsWith("chaos: ")).findFirst().orElseThrow(
                () -> new AssertionError("no chaos line in the summary:\n" + output));
        assertThat(chaos).matches("chaos: \\d+ killed \\(\\d+ phone controllers, \\d+ frequency, "
                + "\\d+ freq_overload\\), \\d+ held back to stay within the restart intensities")
                .doesNotStartWith("chaos: 0 killed");
    }

    /**
     * A console whose input ends without quit (a script that forgot it, or Ctrl-D) leaves as quit does: it ran until
     * killed, waiting for the node to stop by itself.
     */
    @Test
    void binBsc_console_endOfInput_leavesAsQuitDoes() throws Exception {
        String output = run("--phones", "10", "--rate", "5");
        assertThat(output).contains("bsc: end of input: leaving, as quit does (--duration keeps it running instead)")
                .contains("summary: ").doesNotContain("bsc stopped by itself");
    }

    /** Runs bin/bsc with these arguments to its end (exit 0), and returns what it printed. */
    private static String run(String... args) throws Exception {
        Path javaHome = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent();
        List<String> command = new java.util.ArrayList<>(List.of("bash", "bin/bsc"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        pb.environment().put("LOOMOTP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        Process bsc = pb.start();
        bsc.getOutputStream().close(); // the console's input ends at once (a script that typed nothing)
        String output;
        try {
            // read as it comes: the supervisor reports of a chaos run could fill the pipe and stall bin/bsc
            var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(bsc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(bsc.waitFor(60, TimeUnit.SECONDS)).as("bin/bsc to finish").isTrue();
            output = read.get(10, TimeUnit.SECONDS);
        } finally {
            bsc.destroyForcibly();
        }
        assertThat(bsc.exitValue()).as(output).isZero();
        return output;
    }
}
