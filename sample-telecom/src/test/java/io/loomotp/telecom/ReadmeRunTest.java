package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, as a script runs it: {@code bin/bsc --no-console --duration 10s} exits 0 with live
 * figures and a summary. The launcher is told the class path this build made, instead of building again.
 */
class ReadmeRunTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void binBsc_noConsole_duration10s_exits0_withFiguresAndASummary() throws Exception {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("    bin/bsc\n");
        Path javaHome = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent();
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "bin/bsc", "--no-console", "--duration", "10s"))
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        pb.environment().put("LOOMOTP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        Process bsc = pb.start();
        String output;
        try {
            assertThat(bsc.waitFor(60, TimeUnit.SECONDS)).as("bin/bsc to finish").isTrue();
            output = new String(bsc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            bsc.destroyForcibly();
        }
        assertThat(bsc.exitValue()).as(output).isZero();
        List<String> figures = output.lines().filter(l -> l.contains("calls ") && l.contains("set up")).toList();
        assertThat(figures).as(output).hasSizeGreaterThanOrEqualTo(5);
        assertThat(figures.getFirst()).startsWith("[##");
        assertThat(output).contains("Loom OTP " + io.loomotp.sys.Version.number() + ": bsc started ")
                .contains("bsc: 200 phones, 20 frequencies").contains("summary: ").contains(" 0 lost;");
    }
}
