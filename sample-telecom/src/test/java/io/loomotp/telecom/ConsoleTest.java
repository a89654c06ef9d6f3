package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.sys.TracingSys;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sample's console, typed at as an operator does: answers, errors, and session lines before the answer. */
@ExtendWith(NodeExtension.class)
class ConsoleTest {
    @Test
    void anOperatorSession(Node node, @TempDir Path dir) throws Exception {
        // a quiet system: two phones, one call attempt a second, so that what the frequency server logs is ours
        Bscs.Running bsc = Bscs.start(node, dir, Map.of("phones", "2", "calls_per_second", "1",
                "frequencies", "10-12"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (TracingSys tools = TracingSys.install(node)) {
            Console console = new Console(node, tools.control(), new Figures(node, bsc.load(), out, null), out);
            assertThat(console.execute("log frequency print")).startsWith("nothing logged for frequency");
            assertThat(console.execute("log frequency on")).isEqualTo("logging the last 10 events of frequency");
            FrequencyRef.whereis(node).poolSize(); // an event of ours in the log
            String script = String.join("\n", List.of("log frequency print", "log frequency off", "state frequency",
                    "stats", "nonsense", "kill nobody", "tree", "quit", "not read")) + "\n";
            assertThat(console.run(new BufferedReader(new StringReader(script)))).as("quit").isTrue();
            console.close();
        } finally {
            Bscs.stopLoad(bsc);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // the log's lines come before the next command's answer, not at the next pump
        int logged = lines.indexOf(lines.stream().filter(l -> l.startsWith("*DBG* frequency got call poolSize()"))
                .findFirst().orElseThrow(() -> new AssertionError("no poolSize() in " + lines)));
        assertThat(lines.indexOf("log of frequency off")).isGreaterThan(logged);
        assertThat(lines).contains("error: usage: stats NAME", "error: no command 'nonsense'; type help",
                "error: no process nobody")
                .anyMatch(l -> l.startsWith("Frequency[poolSize=3, free="))
                .anyMatch(l -> l.startsWith("bsc <") && l.contains("supervisor running"))
                .noneMatch(l -> l.contains("not read"));
    }
}
