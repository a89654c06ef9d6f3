package io.loomotp.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kit's multi-node tests on themselves: node JVMs started, driven over their standard input, killed, and the
 * cluster events awaited (node up and down, a global name, pg members), with the failures a user meets asserted by
 * their message. One cluster for the class ("a" here, "b" a node JVM); the kill case starts a node of its own.
 */
class TestClusterTest {
    private static TestCluster tc;
    private static TestNode b;

    @BeforeAll
    static void startCluster() {
        tc = TestCluster.start("a", config -> config.allow(Msg.ALLOWED));
        b = tc.startNode("b", PeerMain.class);
    }

    @AfterAll
    static void stopCluster() {
        List<TestNode> started = tc == null ? List.of() : tc.nodes();
        if (tc != null) {
            tc.close();
        }
        assertThat(started).noneMatch(TestNode::isAlive); // close ends every node JVM, whatever the tests did
    }

    @Test
    void startNode_returnsOnceBothSidesSeeEachOther() {
        assertThat(tc.cluster().nodes()).contains("b");
        b.awaitNodeUp("a");
        assertThat(b.isAlive()).isTrue();
    }

    @Test
    void awaitGlobalName_aNameRegisteredOnTheNodeJvm_isSeenHere() {
        String pid = b.command("global", "svc");
        Pid seen = tc.awaitGlobalName("svc");
        assertThat(Node.isLocal(seen)).isFalse();
        assertThat(seen.toString()).isNotEmpty();
        assertThat(pid).startsWith("<");
    }

    @Test
    void awaitPgMembers_aMemberJoinedOnTheNodeJvm_isSeenHere() {
        b.command("pgjoin", "kit g");
        List<Pid> members = tc.awaitPgMembers("kit", "g", 1);
        assertThat(Node.isLocal(members.getFirst())).isFalse();
    }

    @Test
    void kill_theNodeIsSeenDown_andItsGlobalNameReleased() {
        TestNode k = tc.startNode("k", PeerMain.class);
        k.command("global", "onk");
        tc.awaitGlobalName("onk");
        k.kill();
        assertThat(k.isAlive()).isFalse();
        tc.awaitNodeDown("k");
        tc.awaitGlobalNameGone("onk");
        assertThat(tc.cluster().nodes()).containsExactly("b");
    }

    /**
     * A second node of this JVM joins with {@code configFor}. (A wrong secret's refusal is ClusterTest's
     * {@code join_wrongSecret_refused}: JGroups logs each refusal as a warning, which that module's tests capture.)
     */
    @Test
    void configFor_aSecondNodeOfThisJvm_joins() {
        try (Node x = Node.create("x")) {
            try (io.loomotp.cluster.Cluster cx = io.loomotp.cluster.Cluster.join(x, tc.configFor("x"))) {
                tc.awaitNodeUp("x");
                assertThat(cx.nodes()).contains("a", "b");
            }
            tc.awaitNodeDown("x");
        }
    }

    @Test
    void startNode_aMainWhoseSetUpFails_failsWithItsOutput() {
        assertThatThrownBy(() -> tc.startNode("f", FailingMain.class)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("node f ended before it was ready (exit status 1); its output:")
                .hasMessageContaining("TestNodeMain: node f did not start: java.lang.IllegalStateException: "
                        + "set-up refused on purpose");
    }

    @Test
    void startNode_aNameAlreadyRunning_refused() {
        assertThatThrownBy(() -> tc.startNode("b", PeerMain.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a node named b is already in this test cluster");
    }

    @Test
    void command_unknown_failsNamingTheRegisteredOnes() {
        assertThatThrownBy(() -> b.command("nope", "x")).isInstanceOf(AssertionError.class)
                .hasMessage("node b failed 'command nope x': no command 'nope' on b; registered: [global, pgcount, "
                        + "pgjoin, whereis]");
        assertThatThrownBy(() -> b.command("two words", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a command is one word and its argument one line: 'two words', 'x'");
    }

    @Test
    void waits_thatTimeOut_sayWhatTheyAwaitedAndWhatTheySaw() {
        assertThatThrownBy(() -> Waits.until(() -> List.of("b"), n -> n.contains("z"), Duration.ofMillis(20),
                "a to see z up")).isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 20 ms waiting for a to see z up; last seen: [b]");
    }

    /** A port range that cannot hold two nodes is refused in one line, before anything is started. */
    @Test
    void ports_aBadRange_refused() {
        assertThatThrownBy(() -> new TestCluster.Ports(10400, 10402)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test cluster ports 10400-10402 are too few: each node takes 2 (its own and its failure "
                        + "detector's), so two nodes need 4 at least");
        assertThatThrownBy(() -> new TestCluster.Ports(10449, 10400)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test cluster ports 10449-10400: the last is below the first");
        assertThatThrownBy(() -> new TestCluster.Ports(80, 90)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test cluster ports 80-90 are outside 1024-65535");
        assertThat(new TestCluster.Ports(10400, 10449).nodes()).isEqualTo(25);
    }

    /**
     * With a port range, every node binds in it, its own port in the lower half and its failure detector's in the
     * upper, for suites side by side on one machine; a node more than the range holds is refused, naming the range.
     */
    @Test
    void start_withPorts_everyNodeBindsInTheRange_andOneTooManyIsRefused() {
        try (TestCluster ranged = TestCluster.start("p", new TestCluster.Ports(10400, 10403),
                config -> config.allow(Msg.ALLOWED))) {
            TestNode q = ranged.startNode("q", PeerMain.class);
            assertThat(q.port()).isEqualTo(10401);
            q.awaitNodeUp("p");
            // p on 10400, its failure detector on 10402; q on 10401, its failure detector on 10403
            assertThat(List.of(10400, 10401, 10402, 10403)).noneMatch(TestClusterTest::isFree);
            assertThatThrownBy(() -> ranged.configFor("r")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("test cluster ports 10400-10403 are too few for node r: they hold 2 nodes (2 ports "
                            + "each, its own and its failure detector's), and 10400-10401 are given out or taken: "
                            + "give a wider range");
        }
        Waits.until(() -> List.of(10400, 10401, 10402, 10403).stream().filter(p -> !isFree(p)).toList(),
                List::isEmpty, Duration.ofSeconds(10), "the range's ports to be released");
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort() == port;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
