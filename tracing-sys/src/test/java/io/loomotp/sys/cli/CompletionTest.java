package io.loomotp.sys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.sys.TracingSys;
import io.loomotp.sys.jmx.NodeMXBean;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The remote shell's Tab completion, against a node's own bean: commands, options, words, names and pids. */
@ExtendWith(NodeExtension.class)
class CompletionTest {

    /** What Tab offers after {@code typed} (the cursor at its end). */
    private static List<String> tab(NodeMXBean bean, String typed) {
        Shell shell = new Shell() {
            @Override
            public NodeMXBean node() {
                return bean;
            }

            @Override
            public PrintWriter out() {
                return new PrintWriter(new StringWriter());
            }

            @Override
            public long session() {
                return 0;
            }

            @Override
            public void follow(Duration limit, Predicate<String> isLast, Supplier<String> end) {}
        };
        Completion completion = new Completion(shell, Language.console(shell, List.of()));
        List<Candidate> candidates = new ArrayList<>();
        completion.complete(null, new DefaultParser().parse(typed, typed.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void complete_firstWord_offersTheCommandsAndQuit() {
        try (Node node = Node.create("c1"); TracingSys tools = TracingSys.install(node)) {
            assertThat(tab(tools.control(), "st")).contains("state", "status", "stats", "trace", "top", "help", "quit");
        }
    }

    @Test
    void complete_aName_offersTheLiveNamesAndPids_askedOfTheNode() {
        try (Node node = Node.create("c2"); TracingSys tools = TracingSys.install(node)) {
            NodeMXBean bean = tools.control();
            Pid p = node.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(1)));
            node.register("frequency", p);
            assertThat(tab(bean, "state fr")).contains("frequency", p.toString()).doesNotContain("on");
            assertThat(tab(bean, "trace frequency ")).contains("on", "off");
            assertThat(tab(bean, "top ")).contains("messages", "handler-time").doesNotContain("frequency");
            assertThat(tab(bean, "top --w")).contains("--watch", "--interval", "--frames", "--node");
            assertThat(tab(bean, "nosuch ")).isEmpty();
        }
    }
}
