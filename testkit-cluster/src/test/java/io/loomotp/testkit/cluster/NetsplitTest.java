package io.loomotp.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.cluster.Pg;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TestCluster#split} and {@link TestCluster#healAll} on three nodes: this JVM's "a" and the node JVMs "b" and
 * "c", split {@code [a, b] | [c]}. As in OTP's pg_SUITE netsplit and global_SUITE's partition cases: each side sees the
 * other's nodes down, the other side's pg members leave its view and its global names are released there, the
 * isolated side goes on alone (it joins a member while cut off), and after the heal both sides see every node, every
 * member and the name again. One cluster for the class.
 */
class NetsplitTest {
    private static TestCluster tc;
    private static TestNode b;
    private static TestNode c;

    @BeforeAll
    static void startCluster() {
        tc = TestCluster.start("a", config -> config.allow(Msg.ALLOWED));
        b = tc.startNode("b", PeerMain.class);
        c = tc.startNode("c", PeerMain.class);
        tc.awaitNodes("b", "c");
        b.awaitNodes(List.of("a", "c"));
        c.awaitNodes(List.of("a", "b"));
    }

    @AfterAll
    static void stopCluster() {
        if (tc != null) {
            tc.close();
        }
    }

    @Test
    void split_twoAgainstOne_eachSideAlone_thenHealAll_everyNodeMemberAndNameBack() throws Exception {
        Pg pg = tc.cluster().pg("split");
        Pid onA = member(tc.node(), pg);
        b.command("pgjoin", "split g");
        c.command("pgjoin", "split g");
        c.command("global", "on_c");
        Pid named = tc.awaitGlobalName("on_c");
        int onC = named.nodeId(); // how a numbers c: its members' pids carry it
        List<Pid> before = tc.awaitPgMembers("split", "g", 3);
        assertThat(before).contains(onA).filteredOn(p -> p.nodeId() == onC).hasSize(1);

        tc.split(List.of(List.of("a", "b"), List.of("c")));

        // each side sees only itself (split returned once every node did)
        assertThat(tc.cluster().nodes()).containsExactly("b");
        // a's side: c's member left, c's global name released
        List<Pid> aSide = tc.awaitPgMembers("split", "g", m -> m.size() == 2, "a's and b's members");
        assertThat(aSide).contains(onA).noneMatch(p -> p.nodeId() == onC);
        tc.awaitGlobalNameGone("on_c");
        // c's side, asked over its standard input: alone, it sees its own member only, keeps its name, and goes on.
        // Its pg scope drops the other side's members when it handles the node-downs, after the view changed (as
        // Erlang's pg after net_kernel's nodedown), so this waits for it as the heal below does.
        Waits.until(() -> c.command("pgcount", "split g"), "1"::equals, TestNode.TIMEOUT,
                "c to drop the other side's members after the split");
        assertThat(c.command("whereis", "on_c")).startsWith("<");
        c.command("pgjoin", "split g");
        assertThat(c.command("pgcount", "split g")).isEqualTo("2");
        assertThat(pg.members("g")).hasSize(2).noneMatch(p -> p.nodeId() == onC);

        tc.healAll();

        assertThat(tc.cluster().nodes()).containsExactlyInAnyOrder("b", "c");
        List<Pid> all = tc.awaitPgMembers("split", "g", 4);
        assertThat(all).contains(onA).filteredOn(p -> p.nodeId() == onC).hasSize(2);
        assertThat(tc.awaitGlobalName("on_c")).isEqualTo(named);
        Waits.until(() -> c.command("pgcount", "split g"), "4"::equals, TestNode.TIMEOUT,
                "c to see every member after the heal");
        Waits.until(() -> b.command("pgcount", "split g"), "4"::equals, TestNode.TIMEOUT,
                "b to see every member after the heal");
    }

    @Test
    void split_sidesThatDoNotCoverTheCluster_refusedNamingTheNode() {
        assertThatThrownBy(() -> tc.split(List.of(List.of("a"), List.of("b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the split [[a], [b]] leaves out [c]: name every node of the cluster [a, b, c] on one "
                        + "side");
        assertThatThrownBy(() -> tc.split(List.of(List.of("a", "b"), List.of("c", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node x is running in this test cluster; its nodes are [a, b, c]");
        assertThat(tc.cluster().nodes()).containsExactlyInAnyOrder("b", "c"); // nothing was cut
    }

    @Test
    void cutOff_aNodeItDoesNotSee_failsSayingWhatItSees() {
        assertThatThrownBy(() -> b.cutOff(List.of("nobody"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("node b failed 'cut nobody': no node nobody is up in b's view")
                .hasMessageContaining("only a node it sees can be cut off");
    }

    /** A process of {@code node} that joined group g of {@code pg}, idle until the node closes. */
    private static Pid member(Node node, Pg pg) throws Exception {
        CompletableFuture<Pid> joined = new CompletableFuture<>();
        node.spawn(() -> {
            pg.join("g", io.loomotp.runtime.Process.self());
            joined.complete(io.loomotp.runtime.Process.self());
            io.loomotp.runtime.Process.receive(m -> false);
        });
        return joined.get(10, TimeUnit.SECONDS);
    }
}
