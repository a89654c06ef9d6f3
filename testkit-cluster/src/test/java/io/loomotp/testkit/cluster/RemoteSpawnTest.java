package io.loomotp.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.cluster.ClassNotAllowedException;
import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Probe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spawning on another node (Erlang's spawn/4, spawn_link/4, spawn_monitor/4), from this JVM's node "a" on a node JVM
 * "b" that registered the spawnables "echo" and "exit" ({@link PeerMain}). The link and the monitor are made before
 * the child runs: a child that exits at once is seen with its own reason, never {@code noproc} (process_SUITE's
 * dist_spawn_monitor). Moved from the cluster module onto the kit: the set-up is {@link TestCluster}'s.
 */
class RemoteSpawnTest {
    private static TestCluster tc;
    private static Node a;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        tc = TestCluster.start("a", config -> config.allow(Msg.ALLOWED));
        a = tc.node();
        cluster = tc.cluster();
        tc.startNode("b", PeerMain.class);
    }

    @AfterAll
    static void stopCluster() {
        if (tc != null) {
            tc.close();
        }
    }

    @Test
    void spawn_namedSpawnable_runsItsBodyOnTheOtherNode() {
        Pid echo = cluster.spawn("b", "echo", null);
        assertThat(Node.isLocal(echo)).isFalse();
        Probe p = Probe.spawn(a);
        a.send(echo, new Msg.Echo(p.pid(), "hello from a"));
        assertThat(p.next(String.class)).isEqualTo("hello from a");
    }

    @Test
    void spawn_link_childExitsAtOnce_spawnerGetsItsReasonNotNoproc() {
        Probe spawner = Probe.spawnTrapping(a);
        Pid child = spawner.exec(() -> cluster.spawnLink("b", "exit", "bye"));
        assertThat(spawner.next(Exit.class)).isEqualTo(new Exit(child, ExitReason.custom("bye")));
    }

    @Test
    void dist_spawn_monitor_childExitsAtOnce_downWithItsReason() {
        Probe spawner = Probe.spawn(a);
        Process.Spawned s = spawner.exec(() -> cluster.spawnMonitor("b", "exit", "gone"));
        assertThat(spawner.next(Down.class)).isEqualTo(new Down(s.ref(), s.pid(), ExitReason.custom("gone")));
    }

    @Test
    void spawn_link_spawnerDies_childGetsTheExitSignal() {
        Probe spawner = Probe.spawn(a);
        Pid echo = spawner.exec(() -> cluster.spawnLink("b", "echo", null));
        Probe watcher = Probe.spawn(a);
        var ref = watcher.exec(() -> Process.monitor(echo));
        a.exit(spawner.pid(), ExitReason.custom("spawner gone"));
        assertThat(watcher.next(Down.class)).isEqualTo(new Down(ref, echo, ExitReason.custom("spawner gone")));
    }

    @Test
    void spawn_unknownSpawnable_clusterExceptionNamingItAndTheFix() {
        assertThatThrownBy(() -> cluster.spawn("b", "nope", null)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("no spawnable 'nope'").hasMessageContaining("echo")
                .hasMessageContaining("registerSpawnable");
    }

    @Test
    void spawn_nodeNotConnected_clusterException() {
        assertThatThrownBy(() -> cluster.spawn("zz", "echo", null)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("zz").hasMessageContaining("not connected");
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
}
