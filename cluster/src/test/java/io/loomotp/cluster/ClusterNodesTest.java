package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ClusterNodes;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.sys.TracingSys;
import io.loomotp.sys.cli.Language;
import io.loomotp.sys.cli.Shell;
import io.loomotp.sys.jmx.NodeMXBean;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The cluster as the runtime and the operator's tools see it ({@link ClusterNodes}, the console's {@code nodes} and
 * {@code COMMAND --node}, {@code top --cluster}): two nodes in this JVM join through the wire, each lists both, one
 * runs the other's commands (reading and changing its processes), one merges both nodes' {@code top}, an operator's
 * mistake is one line, and a node that leaves says it is in no cluster.
 */
class ClusterNodesTest {

    @Test
    void nodes_clusteredThenLeft_listsTheMembersThenSaysNotInACluster() {
        int p1 = NodeJvm.freePort();
        int p2 = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        try (Node n1 = Node.create("n1"); Node n2 = Node.create("n2"); TracingSys tools = TracingSys.install(n1)) {
            ClusterConfig base = ClusterConfig.of("n1", NodeJvm.SECRET).withClusterName("loomotp-nodes")
                    .withInitialMembers(members).withFailureTimeout(Duration.ofSeconds(1));
            assertThat(ClusterNodes.isClustered(n1)).isFalse();
            assertThat(console(tools.control(), "nodes")).isEqualTo("this node is not in a cluster\n");
            assertThat(mistake(tools.control(), "list", "--node", "n2")).isEqualTo(
                    "error: this node is not in a cluster: --node needs one\n");
            // its own name is a local name, clustered or not
            assertThat(console(tools.control(), "list", "--node", "n1")).isEqualTo(console(tools.control(), "list"));
            assertThatThrownBy(() -> ClusterNodes.nodes(n1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("node n1 is in no cluster");
            try (Cluster c1 = Cluster.join(n1, base.withBindPort(p1))) {
                try (Cluster c2 = Cluster.join(n2, base.withNodeName("n2").withBindPort(p2))) {
                    Await.until(() -> c1.nodes().contains("n2") && c2.nodes().contains("n1"), "n1 and n2 joined");
                    assertThat(ClusterNodes.name(n1)).isEqualTo("n1");
                    assertThat(ClusterNodes.nodes(n1)).isEqualTo(c1.nodes()).containsExactly("n2");
                    assertThat(ClusterNodes.nodes(n2)).containsExactly("n1");
                    assertThat(console(tools.control(), "nodes")).isEqualTo("""
                            n1   (this node)
                            n2
                            2 nodes in the cluster
                            """);
                }
                Await.until(() -> c1.nodes().isEmpty(), "n2 gone from n1's view");
                assertThat(ClusterNodes.isClustered(n2)).isFalse();
                assertThat(console(tools.control(), "nodes")).isEqualTo("n1   (this node)\n1 node in the cluster\n");
            }
            assertThat(console(tools.control(), "nodes")).isEqualTo("this node is not in a cluster\n");
        }
    }

    @Test
    void commands_onAnotherNode_answerWhatThatNodesToolsAnswer() {
        try (Node n1 = Node.create("n1"); Node n2 = Node.create("n2"); TracingSys tools1 = TracingSys.install(n1);
             TracingSys tools2 = TracingSys.install(n2)) {
            KvRef.start(n2, Kv::new, StartOptions.defaults().withName("kv_on_n2")).add(1);
            KvRef.start(n1, Kv::new, StartOptions.defaults().withName("kv_on_n1"));
            try (Joined _ = Joined.of(n1, n2, "loomotp-opsx")) {
                NodeMXBean bean = tools1.control();

                assertThat(console(bean, "list", "--node", "n2")).contains("kv_on_n2", "gen_server")
                        .doesNotContain("kv_on_n1");
                assertThat(console(bean, "top", "messages", "-n", "100", "--node", "n2"))
                        .contains("messages-in", "kv_on_n2").doesNotContain("kv_on_n1");
                assertThat(console(bean, "tree", "--node", "n2")).isEqualTo(console(tools2.control(), "tree"));
                assertThat(console(bean, "list", "--node", "n1")).contains("kv_on_n1"); // this node, as without
                assertThat(mistake(bean, "list", "--node", "n9")).isEqualTo(
                        "error: no node 'n9' connected to n1 (nodes lists them)\n");

                // a process of the other node, named as that node names it
                Pid kv2 = n2.whereis("kv_on_n2");
                assertThat(console(bean, "info", "kv_on_n2", "--node", "n2")).isEqualTo(
                        console(tools2.control(), "info", "kv_on_n2"));
                assertThat(console(bean, "state", "kv_on_n2", "--node", "n2")).contains("1");
                assertThat(console(bean, "status", "kv_on_n2", "--node", "n2")).contains("name: kv_on_n2",
                        "status: running");
                assertThat(console(bean, "alarms", "--node", "n2")).isEqualTo(console(tools2.control(), "alarms"));
                assertThat(mistake(bean, "state", "kv_on_n1", "--node", "n2")).isEqualTo(
                        "error: no process named 'kv_on_n1' on node n2 (list shows the names)\n");
                assertThat(console(bean, "suspend", "kv_on_n2", "--node", "n2")).contains("suspended");
                assertThat(console(tools2.control(), "status", "kv_on_n2")).contains("status: suspended");
                assertThat(console(bean, "resume", "kv_on_n2", "--node", "n2")).contains("resumed");
                assertThat(console(bean, "exit", "kv_on_n2", "shutdown", "--node", "n2")).isNotBlank();
                Await.until(() -> n2.whereis("kv_on_n2") == null, "kv_on_n2 ended by the exit sent from n1");
                assertThat(n2.info(kv2)).isNull();
                Pid kv1 = n1.whereis("kv_on_n1");
                assertThat(n1.info(kv1)).as("nothing done to this node's process").isNotNull();

                // top across the cluster: both nodes' processes, with their node
                KvRef.start(n2, Kv::new, StartOptions.defaults().withName("kv2_on_n2")).add(1);
                String top = console(bean, "top", "messages", "-n", "1000", "--cluster");
                assertThat(top.lines().findFirst().orElseThrow()).startsWith("NODE").contains("messages-in");
                assertThat(top).containsPattern("(?m)^n1 +<\\S+> .*kv_on_n1")
                        .containsPattern("(?m)^n2 +<\\S+> .*kv2_on_n2").doesNotContain("not answered");
                assertThat(console(bean, "top", "messages", "-n", "1", "--cluster").lines()).hasSize(2);
                assertThat(mistake2(bean, "top", "--cluster", "--node", "n2")).startsWith(
                        "error: top: --cluster and --node n2 together: give one (--cluster asks every node)");

                tools2.control().close(); // n2 runs no operator tools now
                assertThat(mistake(bean, "top", "--node", "n2")).isEqualTo("error: node n2 offers no "
                        + "loomotp.tools\n");
            }
        }
    }

    @Test
    void trace_processOfAnotherNode_linesStreamHereUntilOffOrTheSessionCloses() {
        try (Node n1 = Node.create("n1"); Node n2 = Node.create("n2"); TracingSys tools1 = TracingSys.install(n1);
             TracingSys _ = TracingSys.install(n2)) {
            KvRef kv = KvRef.start(n2, Kv::new, StartOptions.defaults().withName("kv_on_n2"));
            try (Joined _ = Joined.of(n1, n2, "loomotp-trace")) {
                NodeMXBean bean = tools1.control();
                long session = bean.openSession();
                Shell shell = shell(bean, new PrintWriter(new StringWriter(), true), session);
                StringWriter said = new StringWriter();
                Shell saying = shell(bean, new PrintWriter(said, true), session);

                assertThat(Language.console(saying, List.of()).execute("trace", "kv_on_n2", "on", "--node", "n2"))
                        .isZero();
                // the pid as n2 shows it (its list's, not this node's view of it), so that the operator can give
                // it to a command with --node n2
                assertThat(said.toString()).isEqualTo("tracing kv_on_n2 on n2 (" + kv.pid() + ")\n");
                assertThat(console(bean, "info", kv.pid().toString(), "--node", "n2")).contains("gen_server");
                String seenHere = io.loomotp.runtime.ClusterNodes.pid(n1, "n2", kv.pid().serial()).toString();
                assertThat(seenHere).isNotEqualTo(kv.pid().toString());
                assertThat(mistake(bean, "info", seenHere, "--node", "n2")).isEqualTo("error: " + seenHere
                        + " is not a pid of node n2, whose pids read <" + n2.id() + ".N>: a pid reads differently on "
                        + "each node, as in Erlang; give it as list shows it on this node (with --node, that node's "
                        + "list), or a name\n");
                kv.add(4242);
                List<String> lines = new java.util.ArrayList<>();
                Await.until(() -> {
                    lines.addAll(List.of(bean.poll(session)));
                    return lines.stream().anyMatch(l -> l.contains("4242"));
                }, "n2's trace lines of add(4242) streamed to n1's session");

                assertThat(Language.console(shell, List.of()).execute("trace", "kv_on_n2", "off", "--node", "n2"))
                        .isZero();
                bean.poll(session);
                kv.add(5353); // a call after the trace is off: no line (off returned after n2's last line came)
                assertThat(bean.poll(session)).noneMatch(l -> l.contains("5353"));

                // a closed session switches off the traces it asked for, on the other node too
                assertThat(Language.console(shell, List.of()).execute("trace", "kv_on_n2", "on", "--node", "n2"))
                        .isZero();
                assertThat(console(bean, "status", "kv_on_n2", "--node", "n2")).containsPattern("debug: .*trace");
                bean.closeSession(session);
                Await.until(() -> !console(tools1.control(), "status", "kv_on_n2", "--node", "n2")
                        .contains("trace"), "the closed session's trace switched off on n2");

                StringWriter wrong = new StringWriter();
                assertThat(Language.console(shell(bean, new PrintWriter(wrong, true), session), List.of())
                        .execute("trace", "nosuch", "on", "--node", "n2")).isEqualTo(1);
                assertThat(wrong.toString()).isEqualTo("error: no process named 'nosuch' on node n2 (list shows the "
                        + "names)\n");
            }
        }
    }

    /** Two nodes of this JVM joined in one cluster over loopback, both seeing the other; closing leaves it. */
    private record Joined(Cluster c1, Cluster c2) implements AutoCloseable {
        static Joined of(Node n1, Node n2, String clusterName) {
            int p1 = NodeJvm.freePort();
            int p2 = NodeJvm.freePort();
            ClusterConfig base = ClusterConfig.of("n1", NodeJvm.SECRET).withClusterName(clusterName)
                    .withInitialMembers(List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2))
                    .withFailureTimeout(Duration.ofSeconds(1));
            Cluster c1 = Cluster.join(n1, base.withBindPort(p1));
            Joined joined = null;
            try {
                joined = new Joined(c1, Cluster.join(n2, base.withNodeName("n2").withBindPort(p2)));
                Joined j = joined;
                Await.until(() -> j.c1().nodes().contains("n2") && j.c2().nodes().contains("n1"), "n1 and n2 joined");
                return joined;
            } catch (RuntimeException | Error e) {
                try (c1) {
                    if (joined != null) {
                        joined.c2().close();
                    }
                }
                throw e;
            }
        }

        @Override
        public void close() {
            try (c1) {
                c2.close();
            }
        }
    }

        /** Runs one line that must fail at a console; returns its one line. */
    private static String mistake(NodeMXBean bean, String... line) {
        StringWriter text = new StringWriter();
        int status = Language.console(shell(bean, new PrintWriter(text, true)), List.of()).execute(line);
        assertThat(status).as("%s: %s", String.join(" ", line), text).isEqualTo(1);
        return text.toString();
    }

    /** Runs one line that the console refuses as mistyped (status 2); returns what it printed. */
    private static String mistake2(NodeMXBean bean, String... line) {
        StringWriter text = new StringWriter();
        int status = Language.console(shell(bean, new PrintWriter(text, true)), List.of()).execute(line);
        assertThat(status).as("%s: %s", String.join(" ", line), text).isEqualTo(2);
        return text.toString();
    }

    /** Runs one line at a console on {@code bean}'s node, as the sample's console does; returns what it printed. */
    private static String console(NodeMXBean bean, String... line) {
        StringWriter text = new StringWriter();
        int status = Language.console(shell(bean, new PrintWriter(text, true)), List.of()).execute(line);
        assertThat(status).as("%s: %s", String.join(" ", line), text).isZero();
        return text.toString();
    }

    /** A console's shell on a bean in this JVM, as the sample's console is. */
    private static Shell shell(NodeMXBean bean, PrintWriter out) {
        return shell(bean, out, 0);
    }

    /** The same, with one session for its trace lines (0: a fresh one each time asked). */
    private static Shell shell(NodeMXBean bean, PrintWriter out, long session) {
        return new Shell() {
            @Override
            public NodeMXBean node() {
                return bean;
            }

            @Override
            public PrintWriter out() {
                return out;
            }

            @Override
            public long session() {
                return session != 0 ? session : bean.openSession();
            }

            @Override
            public void follow(Duration limit, Predicate<String> isLast, Supplier<String> end) {
                if (session == 0) {
                    throw new UnsupportedOperationException("no command here follows trace lines");
                }
                // as the sample's console: the lines come by themselves (this test polls the session)
            }
        };
    }
}
