package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Monitors set on a registered name, {@code erlang:monitor(process, Name)}, after the cases of OTP's
 * {@code erts/emulator/test/monitor_SUITE.erl} that use one.
 */
@ExtendWith(NodeExtension.class)
class MonitorNameTest {

    @Test
    void named_down(Node node) {
        // the Down names what was monitored as {Name, Node}, and the name is free again once it arrives
        Probe watcher = Probe.spawn(node);
        Pid named = node.spawn(() -> Process.receive());
        node.register("named_down", named);
        MonitorRef ref = watcher.exec(() -> Process.monitor("named_down"));
        node.exit(named, ExitReason.custom("bang"));
        Down down = watcher.next(Down.class);
        assertThat(down).isEqualTo(new Down(ref, named, ExitReason.custom("bang"),
                new RegisteredName("named_down", node.name())));
        assertThat(down.toString()).isEqualTo("{'DOWN', " + ref + ", process, {named_down, " + node.name() + "}, "
                + ExitReason.custom("bang") + "}");
        watcher.run(() -> Process.register("named_down"));
        assertThat(node.whereis("named_down")).isEqualTo(watcher.pid());
    }

    @Test
    void monitor_3_noproc_gh6185_nothingRegistered_deliversDownNoprocAtOnce(Node node) {
        Probe watcher = Probe.spawn(node);
        MonitorRef ref = watcher.exec(() -> Process.monitor("undefined_name_gh6185"));
        assertThat(watcher.next()).isEqualTo(new Down(ref, null, ExitReason.NOPROC,
                new RegisteredName("undefined_name_gh6185", node.name())));
        assertThat(ref.name()).isEqualTo(new RegisteredName("undefined_name_gh6185", node.name()));
        assertThat(watcher.drain()).isEmpty();
    }

    @Test
    void monitorName_followsTheProcess_notTheName(Node node) {
        // the name is looked up once: unregistering it, or giving it to another process, does not move the monitor
        Probe watcher = Probe.spawn(node);
        Pid first = node.spawn(() -> Process.receive());
        Pid second = node.spawn(() -> Process.receive());
        node.register("frequency", first);
        MonitorRef ref = watcher.exec(() -> Process.monitor("frequency"));
        node.unregister("frequency");
        node.register("frequency", second);
        node.exit(second, ExitReason.KILL);
        node.exit(first, ExitReason.custom("gone"));
        Down down = watcher.next(Down.class);
        assertThat(down.ref()).isSameAs(ref);
        assertThat(down.pid()).isEqualTo(first);
        assertThat(down.reason()).isEqualTo(ExitReason.custom("gone"));
        assertThat(watcher.drain()).isEmpty();
    }

    @Test
    void demonitorFlush_removesTheNoprocDownOfAName(Node node) {
        Probe watcher = Probe.spawn(node);
        Object left = watcher.exec(() -> {
            MonitorRef ref = Process.monitor("nobody");
            boolean active = Process.demonitor(ref, true);
            return active + " " + Process.receive(java.time.Duration.ZERO);
        });
        assertThat(left).isEqualTo("false null");
    }

    @Test
    void monitor_ofWhereisOfAnUnknownName_isAPreciseError_notANullPointer(Node node) {
        Probe watcher = Probe.spawn(node);
        assertThatThrownBy(() -> watcher.exec(() -> Process.monitor(node.whereis("nobody"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null pid")
                .hasMessageContaining("Process.monitor(name)");
    }

    @Test
    void aMonitorOnAPid_namesNoName(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        MonitorRef ref = watcher.exec(() -> Process.monitor(target));
        node.exit(target, ExitReason.KILL);
        Down down = watcher.next(Down.class);
        assertThat(down.name()).isNull();
        assertThat(ref.name()).isNull();
        assertThat(down.toString()).contains("process, " + target + ",");
    }

    @Test
    void monitorRegisteredName_thisNode_isMonitorByName_anotherNodeOutsideACluster_refused(Node node) {
        // monitor(process, {Name, node()}) is monitor(process, Name); another node's name needs a cluster (badarg)
        Probe watcher = Probe.spawn(node);
        Pid named = node.spawn(() -> Process.receive());
        node.register("here", named);
        MonitorRef ref = watcher.exec(() -> Process.monitor(new RegisteredName("here", node.name())));
        node.exit(named, ExitReason.custom("bang"));
        assertThat(watcher.next()).isEqualTo(new Down(ref, named, ExitReason.custom("bang"),
                new RegisteredName("here", node.name())));
        assertThatThrownBy(() -> watcher.exec(() -> Process.monitor(new RegisteredName("here", "elsewhere"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in no cluster")
                .hasMessageContaining("elsewhere");
    }
}
