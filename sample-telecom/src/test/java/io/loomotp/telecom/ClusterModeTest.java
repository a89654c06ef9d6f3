package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bin/bsc --node}: an operator's mistake in the cluster mode's flags is one line and status 2, no trace. */
class ClusterModeTest {

    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new CommandLine(new Main(out, new BufferedReader(new StringReader("")))).execute(args);
        assertThat(status).isEqualTo(expectedStatus);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void node_notInTheDistribution_oneLine() {
        assertThat(run(2, "--node", "n9")).isEqualTo("bsc: --node n9 is not in {bsc, 1000, [n1, {n2, n3}]}\n");
    }

    @Test
    void distributed_unreadable_oneLineNamingTheNotation() {
        assertThat(run(2, "--node", "n1", "--distributed", "bsc, 1000"))
                .isEqualTo("bsc: not a distributed application: 'bsc, 1000'; write it as "
                        + "{bsc, 1000, [n1, {n2, n3}, n4]}\n");
        assertThat(run(2, "--node", "n1", "--distributed", "{frequency, 10, [n1]}"))
                .isEqualTo("bsc: --distributed names application frequency; it must be bsc\n");
    }

    @Test
    void phones_tooManyForTheNodesNumbers_oneLine() {
        try {
            assertThat(run(2, "--node", "n1", "--phones", "100000"))
                    .isEqualTo("bsc: --phones 100000 is too many for cluster mode: at most 99999 a node\n");
        } finally {
            System.clearProperty("bsc.phones"); // the flag is the configuration's last layer, a system property
        }
    }
}
