package io.loomotp.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.cluster.ClassNotAllowedException;
import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.NodeDown;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spawning on another node (Erlang's spawn/4, spawn_link/4, spawn_monitor/4), from this JVM's node "a" on a node JVM
 * "b" that registered the spawnables "echo" and "exit" ({@link PeerMain}). The link and the monitor are made before
 * the child runs: a child that exits at once is seen with its own reason, never {@code noproc} (process_SUITE's
 * dist_spawn_monitor). On the kit: the node is {@code @LoomOtpTest}'s, one for the class, joined by
 * {@link TestCluster}; the spawners and watchers are the kit's probes; each test is checked for processes it left on
 * "a" and for error reports it did not expect.
 */
@LoomOtpTest(nodePerClass = true, nodeName = "a")
class RemoteSpawnTest {
    private static TestCluster tc;
    private static Node a;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster(Node node) {
        tc = TestCluster.join(node, config -> config.allow(Msg.ALLOWED));
        a = node;
        cluster = tc.cluster();
        tc.startNode("b", PeerMain.class);
    }

    /** A probe that traps exits: a linked process's exit comes to it as a message. */
    private static TestProbe trapping(TestKit kit) {
        TestProbe p = kit.probe();
        p.exec(() -> {
            Process.trapExits(true);
            return null;
        });
        return p;
    }

    @AfterAll
    static void stopCluster() {
        if (tc != null) {
            tc.close();
        }
    }

    @Test
    void spawn_namedSpawnable_runsItsBodyOnTheOtherNode(TestKit kit) {
        Pid echo = cluster.spawn("b", "echo", null);
        assertThat(Node.isLocal(echo)).isFalse();
        TestProbe p = kit.probe();
        a.send(echo, new Msg.Echo(p.pid(), "hello from a"));
        assertThat(p.expectMessage(String.class)).isEqualTo("hello from a");
    }

    @Test
    void spawn_link_childExitsAtOnce_spawnerGetsItsReasonNotNoproc(TestKit kit) {
        TestProbe spawner = trapping(kit);
        Pid child = spawner.exec(() -> cluster.spawnLink("b", "exit", "bye"));
        assertThat(spawner.expectMessage(Exit.class)).isEqualTo(new Exit(child, ExitReason.custom("bye")));
    }

    @Test
    void dist_spawn_monitor_childExitsAtOnce_downWithItsReason(TestKit kit) {
        TestProbe spawner = kit.probe();
        Process.Spawned s = spawner.exec(() -> cluster.spawnMonitor("b", "exit", "gone"));
        assertThat(spawner.expectMessage(Down.class)).isEqualTo(new Down(s.ref(), s.pid(), ExitReason.custom("gone")));
    }

    @Test
    void spawn_link_spawnerDies_childGetsTheExitSignal(TestKit kit) {
        TestProbe spawner = kit.probe();
        Pid echo = spawner.exec(() -> cluster.spawnLink("b", "echo", null));
        TestProbe watcher = kit.probe();
        var ref = watcher.monitor(echo);
        a.exit(spawner.pid(), ExitReason.custom("spawner gone"));
        assertThat(watcher.expectDown(echo)).isEqualTo(new Down(ref, echo, ExitReason.custom("spawner gone")));
    }

    @Test
    void spawn_unknownSpawnable_clusterExceptionNamingItAndTheFix() {
        assertThatThrownBy(() -> cluster.spawn("b", "nope", null)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("no spawnable 'nope'").hasMessageContaining("echo")
                .hasMessageContaining("registerSpawnable");
    }

    /**
     * As Erlang's spawn/4 to a node it cannot reach (a new user's finding: it threw): a pid that names no process;
     * linked, the spawner gets noconnection; monitored, a Down with noconnection; a message to it is dropped.
     */
    @Test
    void spawn_nodeNotConnected_aPidThatCannotBeReached_linkAndMonitorSayNoconnection(TestKit kit) {
        Pid nowhere = cluster.spawn("zz", "echo", null);
        assertThat(cluster.nodeOf(nowhere)).isEqualTo("zz");
        a.send(nowhere, "dropped");
        TestProbe spawner = trapping(kit);
        Pid linked = spawner.exec(() -> cluster.spawnLink("zz", "echo", null));
        assertThat(spawner.expectMessage(Exit.class)).isEqualTo(new Exit(linked, ExitReason.NOCONNECTION));
        Process.Spawned s = spawner.exec(() -> cluster.spawnMonitor("zz", "echo", null));
        assertThat(spawner.expectMessage(Down.class)).isEqualTo(new Down(s.ref(), s.pid(), ExitReason.NOCONNECTION));
    }

    @Test
    void spawn_argumentNotAllowed_refusedByTheSender() {
        assertThatThrownBy(() -> cluster.spawn("b", "echo", new Msg.Never(1)))
                .isInstanceOf(ClassNotAllowedException.class).hasMessageContaining(Msg.Never.class.getName());
    }

    @Test
    void spawnLink_fromAThreadThatIsNoProcess_illegalState() {
        assertThatThrownBy(() -> cluster.spawnLink("b", "echo", null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from a process");
    }

    /** {@code spawn(node(), M, F, A)} spawns here, from this node's own spawnables (a new user's finding). */
    @Test
    void spawn_thisNodesOwnName_spawnsHere_linkedAndMonitoredAsLocally(TestKit kit) {
        cluster.registerSpawnable("local-exit", reason -> () -> {
            throw Process.exit(ExitReason.custom(reason));
        });
        try {
            Pid here = cluster.spawn("a", "local-exit", "plain");
            assertThat(Node.isLocal(here)).isTrue();
            assertThat(cluster.nodeOf(here)).isEqualTo("a");
            TestProbe spawner = trapping(kit);
            Pid linked = spawner.exec(() -> cluster.spawnLink("a", "local-exit", "linked"));
            assertThat(spawner.expectMessage(Exit.class)).isEqualTo(new Exit(linked, ExitReason.custom("linked")));
            Process.Spawned s = spawner.exec(() -> cluster.spawnMonitor("a", "local-exit", "watched"));
            assertThat(spawner.expectMessage(Down.class))
                    .isEqualTo(new Down(s.ref(), s.pid(), ExitReason.custom("watched")));
            assertThatThrownBy(() -> cluster.spawn("a", "nope", null)).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("no spawnable 'nope'");
        } finally {
            cluster.unregisterSpawnable("local-exit");
        }
    }

    /** {@code node(Pid)}: a remote pid's node, by name. */
    @Test
    void nodeOf_aRemotePid_itsNodesName() {
        Pid echo = cluster.spawn("b", "echo", null);
        assertThat(cluster.nodeOf(echo)).isEqualTo("b");
        assertThat(cluster.nodeOf(a.systemPid())).isEqualTo("a");
    }

    /** monitor_node(Node, true | false) from a process, and a clear error from a thread that is none. */
    @Test
    void monitorNode_andDemonitorNode_byTheCallingProcess_andFromAThreadAnErrorNamingTheOverload(TestKit kit) {
        TestProbe p = kit.probe();
        p.exec(() -> {
            cluster.monitorNode("zz"); // not connected: at once
            cluster.monitorNode("b");
            cluster.demonitorNode("b");
            return null;
        });
        assertThat(p.expectMessage(NodeDown.class)).isEqualTo(new NodeDown("zz"));
        assertThatThrownBy(() -> cluster.monitorNode("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("monitorNode(nodeName, subscriber)");
        assertThatThrownBy(() -> cluster.demonitorNode("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demonitorNode(nodeName, subscriber)");
    }
}
