package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.RegisteredName;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code monitor(process, {Name, Node})}: a monitor set by registered name on another node, between this JVM's node
 * "a" and node JVMs on loopback. After OTP's {@code erl_distribution_SUITE} and {@code monitor_SUITE}: the Down names
 * {@code {Name, Node}}; {@code noproc} at once if nothing holds the name; {@code noconnection} at once for a node not
 * connected, and later for a node lost.
 */
class NamedMonitorTest {
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
    void monitorByName_fromAThread_refused() {
        assertThatThrownBy(() -> Process.monitor(new RegisteredName("kv", "b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Process.monitor");
    }
}
