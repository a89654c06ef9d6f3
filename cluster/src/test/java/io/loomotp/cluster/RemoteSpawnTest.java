package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * "b" that registered the spawnables "echo" and "exit" ({@link NodeMain}). The link and the monitor are made before
 * the child runs: a child that exits at once is seen with its own reason, never {@code noproc} (process_SUITE's
 * dist_spawn_monitor).
 */
class RemoteSpawnTest {
    private static LocalNode a;
    private static NodeJvm b;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
        b = a.startJvm("b");
    }

    @AfterAll
    static void stopCluster() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void spawn_namedSpawnable_runsItsBodyOnTheOtherNode() {
        Pid echo = a.cluster.spawn("b", "echo", null);
        assertThat(Node.isLocal(echo)).isFalse();
        Probe p = Probe.spawn(a.node);
        a.node.send(echo, new Wire.Echo(p.pid(), "hello from a"));
        assertThat(p.next(String.class)).isEqualTo("hello from a");
    }

    @Test
    void spawn_link_childExitsAtOnce_spawnerGetsItsReasonNotNoproc() {
        Probe spawner = Probe.spawnTrapping(a.node);
        Pid child = spawner.exec(() -> a.cluster.spawnLink("b", "exit", "bye"));
        assertThat(spawner.next(Exit.class)).isEqualTo(new Exit(child, ExitReason.custom("bye")));
    }

    @Test
    void dist_spawn_monitor_childExitsAtOnce_downWithItsReason() {
        Probe spawner = Probe.spawn(a.node);
        Process.Spawned s = spawner.exec(() -> a.cluster.spawnMonitor("b", "exit", "gone"));
        assertThat(spawner.next(Down.class)).isEqualTo(new Down(s.ref(), s.pid(), ExitReason.custom("gone")));
    }

    @Test
    void spawn_link_spawnerDies_childGetsTheExitSignal() {
        Probe spawner = Probe.spawn(a.node);
        Pid echo = spawner.exec(() -> a.cluster.spawnLink("b", "echo", null));
        Probe watcher = Probe.spawn(a.node);
        var ref = watcher.exec(() -> Process.monitor(echo));
        a.node.exit(spawner.pid(), ExitReason.custom("spawner gone"));
        assertThat(watcher.next(Down.class)).isEqualTo(new Down(ref, echo, ExitReason.custom("spawner gone")));
    }

    @Test
    void spawn_unknownSpawnable_clusterExceptionNamingItAndTheFix() {
        assertThatThrownBy(() -> a.cluster.spawn("b", "nope", null)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("no spawnable 'nope'").hasMessageContaining("echo")
                .hasMessageContaining("registerSpawnable");
    }

    @Test
    void spawn_nodeNotConnected_clusterException() {
        assertThatThrownBy(() -> a.cluster.spawn("zz", "echo", null)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("zz").hasMessageContaining("not connected");
    }

    @Test
    void spawn_argumentNotAllowed_refusedByTheSender() {
        assertThatThrownBy(() -> a.cluster.spawn("b", "echo", new Wire.Never(1)))
                .isInstanceOf(ClassNotAllowedException.class).hasMessageContaining(Wire.Never.class.getName());
    }

    @Test
    void spawnLink_fromAThreadThatIsNoProcess_illegalState() {
        assertThatThrownBy(() -> a.cluster.spawnLink("b", "echo", null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from a process");
    }
}
