package io.loomotp.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.GroupEvent;
import io.loomotp.cluster.Pg;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Process groups between this JVM's node "a" and node JVMs, after OTP's pg_SUITE (pg, single, two, initial,
 * process_owner_check, monitor_scope, monitor, netsplit). Each case uses its own scope, as pg_SUITE starts one per
 * case. The partition case runs last. Moved from the cluster module onto the kit: the node JVMs, the kill and the
 * partition are {@link TestCluster}'s and {@link TestNode}'s. On the kit: node "a" is {@code @LoomOtpTest}'s, one for
 * the class, the members and watchers are the kit's probes (stopped after each case, so its members leave), and no
 * case may cause an error report it does not expect. Leaks are checked: the scope processes a case starts
 * ({@code cluster.pg(scope)}) are the cluster kernel's children and live as long as the membership, as pg's scope
 * processes do, so they are not the case's.
 */
@LoomOtpTest(nodePerClass = true, nodeName = "a")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgTest {
    private static TestCluster tc;
    private static TestNode b;
    private static Node a;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster(Node node) {
        tc = TestCluster.join(node, config -> config.allow(Msg.ALLOWED));
        a = node;
        cluster = tc.cluster();
        b = tc.startNode("b", PeerMain.class);
    }

    @AfterAll
    static void stopCluster() {
        if (tc != null) {
            tc.close();
        }
    }

    private static List<Pid> membersOn(TestKit kit, String node, String scope, String group) {
        TestProbe p = kit.probe();
        cluster.send(node, "agent", new Msg.PgMembers(scope, group, p.pid()));
        return p.expectMessage(Msg.Members.class).pids();
    }

    private static void awaitMembersOn(TestKit kit, String node, String scope, String group, List<Pid> expected) {
        TestKit.awaitAssert(() -> assertThat(sorted(membersOn(kit, node, scope, group)))
                .as(node + " sees " + group).isEqualTo(sorted(expected)));
    }

    private static List<Pid> sorted(List<Pid> pids) {
        return pids.stream().sorted(java.util.Comparator.comparing(Pid::toString)).toList();
    }

    /** A process on {@code node} that joined {@code group} of {@code scope}. */
    private static Pid memberOn(TestKit kit, String node, String scope, String group) {
        TestProbe p = kit.probe();
        cluster.send(node, "agent", new Msg.PgJoin(scope, group, p.pid()));
        return p.expectMessage(Msg.Found.class).pid();
    }

    @Test
    void pg_defaultScope_joinAndLeave(TestKit kit) {
        Pg pg = cluster.pg();
        TestProbe me = kit.probe();
        assertThat(pg.scope()).isEqualTo("pg");
        pg.join("pg", me.pid());
        assertThat(pg.localMembers("pg")).containsExactly(me.pid());
        assertThat(pg.whichGroups()).containsExactly("pg");
        assertThat(pg.whichLocalGroups()).containsExactly("pg");
        assertThat(pg.leave("pg", me.pid())).isTrue();
        assertThat(pg.members("pg")).isEmpty();
        assertThat(pg.whichGroups()).isEmpty();
        assertThat(pg.whichLocalGroups()).isEmpty();
    }

    @Test
    void single_joinSeveralTimes_leaveAsOften_deadMemberLeaves(TestKit kit) {
        Pg pg = cluster.pg("single");
        Pid self = kit.probe().pid();
        pg.join("single", self);
        pg.join("single", self, self);
        assertThat(pg.localMembers("single")).containsExactly(self, self, self);
        assertThat(pg.members("single")).containsExactly(self, self, self);
        assertThat(pg.leave("$missing$", self)).isFalse(); // not_joined
        assertThat(pg.leave("single", self, self)).isTrue();
        assertThat(pg.leave("single", self)).isTrue();
        assertThat(pg.whichGroups()).isEmpty();
        assertThat(pg.members("single")).isEmpty();

        pg.join("single", self);
        Pid other = kit.probe().pid();
        pg.join("single", other);
        assertThat(sorted(pg.members("single"))).isEqualTo(sorted(List.of(self, other)));
        a.exit(other, ExitReason.KILL);
        TestKit.awaitAssert(() -> assertThat(pg.localMembers("single")).as("the dead member left")
                .containsExactly(self));
        assertThat(pg.leave("single", self)).isTrue();

        // leave_exit_race-like: a member listed twice leaves twice, then its death changes nothing
        Pid twice = kit.probe().pid();
        pg.join("single", twice, twice);
        assertThat(pg.leave("single", twice, twice)).isTrue();
        assertThat(pg.members("single")).isEmpty();
        pg.join("single", self);
        a.exit(twice, ExitReason.KILL);
        assertThat(pg.members("single")).containsExactly(self);
        assertThat(pg.leave("single", self)).isTrue();
    }

    @Test
    void two_membersSeenOnEveryNode_deadMemberAndLostNodeLeave(TestKit kit) {
        Pg pg = cluster.pg("two");
        Pid local = kit.probe().pid();
        pg.join("two", local);
        try (TestNode c = tc.startNode("c", PeerMain.class)) {
            // initial: a node that comes later gets what was joined before
            awaitMembersOn(kit, "c", "two", "two", List.of(local));
            assertThat(pg.localMembers("two")).containsExactly(local);
            a.exit(local, ExitReason.KILL);
            awaitMembersOn(kit, "c", "two", "two", List.of());

            Pid onC1 = memberOn(kit, "c", "two", "two");
            Pid onC2 = memberOn(kit, "c", "two", "two");
            TestKit.awaitAssert(() -> assertThat(sorted(pg.members("two"))).as("a sees c's members")
                    .isEqualTo(sorted(List.of(onC1, onC2))));
            assertThat(pg.localMembers("two")).isEmpty();
            a.exit(onC1, ExitReason.KILL);
            TestKit.awaitAssert(() -> assertThat(pg.members("two")).as("c's dead member left")
                    .containsExactly(onC2));

            c.kill(); // its node lost: its members leave
            tc.awaitNodeDown("c");
            tc.awaitPgMembers("two", "two", 0);
        }
    }

    @Test
    void process_owner_check_joinOnlyOnTheProcessesOwnNode(TestKit kit) {
        Pg pg = cluster.pg("process_owner_check");
        Pid remote = cluster.spawn("b", "echo", null);
        Pid local = kit.probe().pid();
        assertThatThrownBy(() -> pg.join("g", remote)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nolocal");
        assertThatThrownBy(() -> pg.join("g", local, remote)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nolocal");
        assertThat(pg.members("g")).isEmpty(); // nothing joined, not even the local one
        TestProbe p = kit.probe();
        cluster.send("b", "agent", new Msg.PgJoinForeign("process_owner_check", "g", local, p.pid()));
        assertThat(p.expectMessage(Msg.Outcome.class).what()).isEqualTo("error");
    }

    @Test
    void monitor_scope_joinsAndLeavesOfEveryGroupAsEvents(TestKit kit) {
        Pg pg = cluster.pg("monitor_scope");
        Pid early = kit.probe().pid();
        pg.join("g1", early);
        TestProbe watcher = kit.probe();
        Pg.ScopeMonitor m = watcher.exec(pg::monitorScope);
        assertThat(m.groups()).isEqualTo(Map.of("g1", List.of(early)));

        Pid onB = memberOn(kit, "b", "monitor_scope", "g2");
        assertThat(watcher.expectMessage(GroupEvent.class))
                .isEqualTo(new GroupEvent.Joined(m.ref(), "g2", List.of(onB)));
        a.exit(onB, ExitReason.KILL);
        assertThat(watcher.expectMessage(GroupEvent.class))
                .isEqualTo(new GroupEvent.Left(m.ref(), "g2", List.of(onB)));
        assertThat(pg.leave("g1", early)).isTrue();
        assertThat(watcher.expectMessage(GroupEvent.class))
                .isEqualTo(new GroupEvent.Left(m.ref(), "g1", List.of(early)));

        assertThat(pg.demonitor(m.ref())).isTrue();
        pg.join("g1", early);
        watcher.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void monitor_remoteJoin_figures(TestKit kit) {
        Pg pg = cluster.pg("figures");
        TestProbe watcher = kit.probe();
        Pg.GroupMonitor m = watcher.exec(() -> pg.monitor("g"));
        int rounds = 50;
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            TestProbe reply = kit.probe();
            cluster.send("b", "agent", new Msg.PgJoin("figures", "g", reply.pid()));
            GroupEvent e = watcher.expectMessage(GroupEvent.Joined.class);
            total += System.nanoTime() - t0;
            assertThat(e.pids()).containsExactly(reply.expectMessage(Msg.Found.class).pid());
        }
        System.out.printf("pg: a join asked of node b seen by a monitor on node a (one request a->b, the join, "
                + "the broadcast b->a), %d rounds: %.1f us each%n", rounds, total / 1e3 / rounds);
        assertThat(pg.members("g")).hasSize(rounds);
    }

    @Test
    void monitor_oneGroup_onlyItsEvents(TestKit kit) {
        Pg pg = cluster.pg("monitor");
        TestProbe watcher = kit.probe();
        Pg.GroupMonitor m = watcher.exec(() -> pg.monitor("watched"));
        assertThat(m.members()).isEmpty();
        Pid other = kit.probe().pid();
        pg.join("ignored", other);
        Pid onB = memberOn(kit, "b", "monitor", "watched");
        assertThat(watcher.expectMessage(GroupEvent.class))
                .isEqualTo(new GroupEvent.Joined(m.ref(), "watched", List.of(onB)));
        watcher.expectNoMessage(Duration.ofMillis(200));
        assertThatThrownBy(() -> pg.monitor("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: a node that joins while a merge settles can be refused and form its own view
    void netsplit_membersOfTheOtherSideLeaveAndComeBackAfterTheMerge(TestKit kit) {
        Pg pg = cluster.pg("netsplit");
        Pid before = memberOn(kit, "b", "netsplit", "g");
        TestKit.awaitAssert(() -> assertThat(pg.members("g")).as("a sees b's member").containsExactly(before));
        TestProbe watcher = kit.probe();
        Pg.GroupMonitor m = watcher.exec(() -> pg.monitor("g"));
        assertThat(m.members()).containsExactly(before);

        // both sides cut themselves off; once b sees a lost, it joins a new member while alone
        b.isolate();
        tc.isolate();
        Pid local = kit.probe().pid();
        Pid during;
        try {
            tc.awaitNodeDown("b");
            b.awaitNodeDown("a");
            assertThat(watcher.expectMessage(GroupEvent.class))
                .isEqualTo(new GroupEvent.Left(m.ref(), "g", List.of(before)));
            assertThat(pg.members("g")).isEmpty();
            pg.join("g", local);
            assertThat(watcher.expectMessage(GroupEvent.class))
                .isEqualTo(new GroupEvent.Joined(m.ref(), "g", List.of(local)));
            String joined = b.command("pgjoin", "netsplit g"); // over b's standard input: the network is cut
            assertThat(joined).startsWith("<");
        } finally {
            tc.heal();
            b.heal();
        }
        tc.awaitNodeUp("b");
        List<Pid> all = tc.awaitPgMembers("netsplit", "g", 3);
        during = all.stream().filter(p -> !p.equals(local) && !p.equals(before)).findFirst().orElseThrow();
        assertThat(Node.isLocal(during)).isFalse();

        // converged: both sides see every member, and a's monitor saw b's come back
        assertThat(sorted(all)).isEqualTo(sorted(List.of(local, before, during)));
        awaitMembersOn(kit, "b", "netsplit", "g", List.of(local, before, during));
        GroupEvent back = watcher.expectMessage(GroupEvent.Joined.class);
        assertThat(sorted(back.pids())).isEqualTo(sorted(List.of(before, during)));
    }
}
