package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RegisteredName;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A process reached by its registered name on another node, {@code {Name, Node}}, between this JVM's node "a" and
 * node JVMs on loopback.
 * <ul>
 *   <li>{@code monitor(process, {Name, Node})}, after OTP's {@code erl_distribution_SUITE} and {@code monitor_SUITE}:
 *       the Down names {@code {Name, Node}}; {@code noproc} at once if nothing holds the name; {@code noconnection} at
 *       once for a node not connected, and later for a node lost.
 *   <li>{@code gen_server:call({Name, Node}, ...)}: the name looked up where the call arrives; the outcomes of a call.
 * </ul>
 */
class ByNameTest {
    private static LocalNode a;
    private static NodeJvm b;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
        b = a.startJvm("b");
    }

    @AfterAll
    static void stopCluster() {
        LocalNode.closeAll(b, a);
    }

    @Test
    void monitorByName_onAnotherNode_downNamesIt_demonitorStopsIt() {
        RegisteredName kv = new RegisteredName("kv", "b");
        Pid held = a.cluster.whereis("b", "kv");
        Probe p = Probe.spawn(a.node);
        MonitorRef dropped = p.exec(() -> Process.monitor(kv));
        MonitorRef kept = p.exec(() -> Process.monitor(kv));
        assertThat(dropped.name()).isEqualTo(kv);
        assertThat(p.exec(() -> Process.demonitor(dropped))).isTrue();

        a.node.exit(held, ExitReason.KILL);
        Down d = p.next(Down.class);
        assertThat(d.ref()).isEqualTo(kept);
        assertThat(d.pid()).isEqualTo(held);
        assertThat(d.reason()).isEqualTo(ExitReason.KILLED);
        assertThat(d.name()).isEqualTo(kv);
        assertThat(d.toString()).contains("{kv, b}");
        assertThat(p.exec(() -> Process.receive(Duration.ofMillis(50)))).as("no Down for the demonitored one")
                .isNull();
    }

    @Test
    void monitorByName_nothingHoldsIt_noprocAtOnce() {
        Probe p = Probe.spawn(a.node);
        MonitorRef ref = p.exec(() -> Process.monitor(new RegisteredName("nosuch", "b")));
        Down d = p.next(Down.class);
        assertThat(d.ref()).isEqualTo(ref);
        assertThat(d.reason()).isEqualTo(ExitReason.NOPROC);
        assertThat(d.pid()).isNull();
        assertThat(d.name()).isEqualTo(new RegisteredName("nosuch", "b"));
    }

    @Test
    void monitorByName_nodeNotConnected_noconnectionAtOnce() {
        Probe p = Probe.spawn(a.node);
        p.exec(() -> Process.monitor(new RegisteredName("kv", "zz")));
        Down d = p.next(Down.class);
        assertThat(d.reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(d.name()).isEqualTo(new RegisteredName("kv", "zz"));
    }

    @Test
    void monitorByName_onThisNode_isALocalMonitor() {
        Pid local = a.node.spawn(() -> Process.receive());
        a.node.register("local_one", local);
        Probe p = Probe.spawn(a.node);
        p.exec(() -> Process.monitor(new RegisteredName("local_one", "a")));
        a.node.exit(local, ExitReason.KILL);
        Down d = p.next(Down.class);
        assertThat(d.pid()).isEqualTo(local);
        assertThat(d.name().name()).isEqualTo("local_one");
    }

    @Test
    void monitorByName_nodeLost_noconnectionNamingIt() {
        try (NodeJvm c = a.startJvm("c")) {
            Probe p = Probe.spawn(a.node);
            MonitorRef ref = p.exec(() -> Process.monitor(new RegisteredName("kv", "c")));
            c.kill();
            Down d = p.next(Down.class);
            assertThat(d.ref()).isEqualTo(ref);
            assertThat(d.reason()).isEqualTo(ExitReason.NOCONNECTION);
            assertThat(d.name()).isEqualTo(new RegisteredName("kv", "c"));
        }
    }

    @Test
    void callByName_repliesFromTheHolder_diesDuringTheCall_processExitWithItsPid() {
        a.cluster.rpc("b", "startKv", "kv_named");
        Pid held = a.cluster.whereis("b", "kv_named");
        assertThat(a.cluster.call("b", "kv_named", new Kv_Dispatch.Add(4), Duration.ofSeconds(5))).isEqualTo(4);
        Probe p = Probe.spawn(a.node);
        assertThat(p.exec(() -> a.cluster.call("b", "kv_named", new Kv_Dispatch.Add(1), Duration.ofSeconds(5))))
                .as("from a process too").isEqualTo(5);
        // measured, not asserted: a call by name is one round trip, as a call by pid
        int n = 1000;
        long[] perCall = p.exec(Duration.ofSeconds(60), () -> {
            KvRef byPid = KvRef.of(held);
            for (int i = 0; i < n; i++) {
                a.cluster.call("b", "kv_named", new Kv_Dispatch.Add(0), Duration.ofSeconds(5)); // warm-up
                byPid.add(0);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                a.cluster.call("b", "kv_named", new Kv_Dispatch.Add(0), Duration.ofSeconds(5));
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byPid.add(0);
            }
            return new long[] {(t1 - t0) / n, (System.nanoTime() - t1) / n};
        });
        System.out.printf("call by {Name, Node}: %.1f us, by pid: %.1f us (loopback, sequential, %d each)%n",
                perCall[0] / 1000.0, perCall[1] / 1000.0, n);
        assertThatThrownBy(() -> a.cluster.call("b", "kv_named", new Kv_Dispatch.Die("boom"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                    assertThat(e.pid()).isEqualTo(held);
                    assertThat(e.reason().toString()).contains("boom");
                });
        assertThatThrownBy(() -> a.cluster.call("b", "kv_named", new Kv_Dispatch.Add(1), Duration.ofSeconds(5)))
                .isInstanceOf(NoProcessException.class).hasMessageContaining("kv_named on node b");
    }

    @Test
    void callByName_noReplyInTime_timeoutNamingIt_nodeNotConnected_noconnection() {
        a.cluster.rpc("b", "startKv", "kv_hang");
        Pid held = a.cluster.whereis("b", "kv_hang");
        try {
            assertThatThrownBy(() -> a.cluster.call("b", "kv_hang", Kv_Dispatch.Hang.INSTANCE, Duration.ofMillis(200)))
                    .isInstanceOf(CallTimeoutException.class).hasMessageContaining("{kv_hang, b}");
        } finally {
            a.node.exit(held, ExitReason.KILL); // asleep in its handler for ten minutes
        }
        assertThatThrownBy(() -> a.cluster.call("zz", "kv", new Kv_Dispatch.Add(1), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION);
                    assertThat(e.name()).isEqualTo(new RegisteredName("kv", "zz"));
                }).hasMessageContaining("{kv, zz}").hasMessageContaining("not connected");
    }

    @Test
    void monitorByName_fromAThread_refused() {
        assertThatThrownBy(() -> Process.monitor(new RegisteredName("kv", "b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Process.monitor");
    }
}
