package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.sys.StateFunctionException;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.testing.NodeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every function of the Sys facade, on a live server and a live state machine, by pid, name and client. */
@ExtendWith(NodeExtension.class)
class SysTest {

    private static CounterRef counter(Node node) {
        return CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
    }

    @Test
    void targets_byPidNamePidTextAndClient_andPreciseErrors(Node node) {
        CounterRef c = counter(node);
        Sys sys = Sys.of(node);
        assertThat(sys.resolve(c)).isEqualTo(c.pid());
        assertThat(sys.resolve("counter")).isEqualTo(c.pid());
        assertThat(sys.resolve(c.pid().toString())).isEqualTo(c.pid());
        assertThatThrownBy(() -> sys.getState("nobody")).isInstanceOf(NoProcessException.class)
                .hasMessageContaining("no process of node test is registered as 'nobody'");
        assertThatThrownBy(() -> sys.getState(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("42 (a java.lang.Integer) is no process");
        c.stop();
        assertThatThrownBy(() -> sys.getState(c)).isInstanceOf(NoProcessException.class);
    }

    @Test
    void trace_toAChosenSink_onAServerAndAStateMachine(Node node) {
        CounterRef c = counter(node);
        DoorRef d = DoorRef.start(node, Door::new);
        List<String> lines = new CopyOnWriteArrayList<>();
        Sys sys = Sys.of(node).withSink(lines::add);
        sys.trace(c, true);
        sys.trace(d, true);
        c.inc();
        d.toggle();
        sys.trace(c, false);
        sys.trace(d, false);
        assertThat(lines).contains("*DBG* counter got cast inc()", "*DBG* " + d.pid() + " receive cast toggle() in "
                + "state LOCKED", "*DBG* " + d.pid() + " switched to state OPEN");
    }

    @Test
    void log_getPrintAndToFile(Node node, @TempDir Path dir) throws Exception {
        CounterRef c = counter(node);
        List<String> printed = new CopyOnWriteArrayList<>();
        Sys sys = Sys.of(node).withSink(printed::add);
        sys.log(c, 10);
        c.inc();
        c.inc();
        List<SysEvent> events = sys.logGet(c);
        assertThat(events).hasSize(4).first().isInstanceOf(SysEvent.Received.class);
        sys.logPrint(c);
        assertThat(printed).contains("*DBG* counter got cast inc()");
        Path file = dir.resolve("counter.log");
        sys.logToFile(c, file);
        c.get();
        sys.logToFile(c, null);
        assertThat(Files.readString(file)).contains("got call get()");
    }

    @Test
    void statistics_onAndRead(Node node) {
        CounterRef c = counter(node);
        Sys sys = Sys.of(node);
        sys.statistics("counter", true);
        c.inc();
        c.get();
        Statistics s = sys.statistics("counter");
        assertThat(s.messagesIn()).isEqualTo(2);
        sys.statistics("counter", false);
    }

    @Test
    void getState_replaceState_andAFailingFunction(Node node) {
        CounterRef c = counter(node);
        DoorRef d = DoorRef.start(node, Door::new);
        Sys sys = Sys.of(node);
        c.inc();
        assertThat(((StateSnapshot) sys.getState(c)).get("count")).isEqualTo(1);
        sys.<Counter>replaceState(c, s -> {
            s.count = 41;
            return s;
        });
        assertThat(c.get()).isEqualTo(41);
        assertThatThrownBy(() -> sys.replaceState(c, s -> {
            throw new IllegalStateException("no");
        })).isInstanceOf(StateFunctionException.class);
        assertThat(c.get()).isEqualTo(41);

        d.toggle();
        MachineState m = (MachineState) sys.getState(d);
        assertThat(m.state()).isEqualTo(Door.State.OPEN);
        sys.<MachineState>replaceState(d, ms -> new MachineState(Door.State.LOCKED, ms.data()));
        assertThat(((MachineState) sys.getState(d)).state()).isEqualTo(Door.State.LOCKED);
    }

    @Test
    void getStatus_suspend_resume_andDoubleSuspendIsAClearError(Node node) {
        CounterRef c = counter(node);
        Sys sys = Sys.of(node);
        SysStatus s = sys.getStatus(c);
        assertThat(s.behaviour()).isEqualTo("gen_server");
        sys.suspend(c);
        assertThat(sys.getStatus(c).status()).isEqualTo("suspended");
        assertThatThrownBy(() -> sys.suspend(c)).isInstanceOf(ProcessSuspendedException.class)
                .hasMessageContaining("is suspended; Sys.resume it first");
        sys.resume(c);
        assertThat(c.get()).isZero();
    }

    @Test
    void install_remove_noDebug(Node node) {
        CounterRef c = counter(node);
        Sys sys = Sys.of(node);
        List<SysEvent> seen = new CopyOnWriteArrayList<>();
        sys.install(c, "mine", e -> seen.add(e));
        c.inc();
        c.get();
        assertThat(seen).isNotEmpty();
        assertThat(sys.remove(c, "mine")).isTrue();
        assertThat(sys.remove(c, "mine")).isFalse();
        sys.trace(c, true);
        sys.statistics(c, true);
        sys.noDebug(c);
        assertThat(sys.getStatus(c).debug()).isEmpty();
    }

    @Test
    void aPidOfAnotherNode_isNoProcessHere(Node node) {
        try (Node other = Node.create("other")) {
            Pid far = CounterRef.start(other, Counter::new).pid();
            assertThatThrownBy(() -> Sys.of(node).resolve("<" + far.nodeId() + "." + far.serial() + ">"))
                    .isInstanceOf(NoProcessException.class);
        }
    }
}
