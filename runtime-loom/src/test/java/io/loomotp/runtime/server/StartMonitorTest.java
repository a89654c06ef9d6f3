package io.loomotp.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.proc.ProcLib;
import io.loomotp.runtime.statem.GenStatem;
import io.loomotp.runtime.statem.StateMachineCallbacks;
import io.loomotp.runtime.statem.Transition;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code gen_server:start_monitor}, {@code gen_statem:start_monitor} and {@code proc_lib:start_monitor} (OTP 23),
 * after {@code gen_server_SUITE:start}'s monitored cases: the caller monitors the new process from before its init,
 * is not linked to it, and a start that fails or is ignored leaves neither a monitor nor a {@code Down} behind (OTP's
 * {@code gen:monitor_return/1}).
 */
@ExtendWith(NodeExtension.class)
class StartMonitorTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static Process.Spawned startMonitor(String mode) {
        return GenServer.startMonitor(TestServer.CALLBACKS, () -> new TestServer.State(mode));
    }

    @Test
    void startMonitor_started_monitoredNotLinked_downCarriesTheReason(Node node) {
        Probe owner = Probe.spawn(node);
        List<Object> seen = owner.exec(() -> {
            Process.Spawned s = startMonitor("normal");
            assertThat(node.info(s.pid()).links()).doesNotContain(Process.self());
            assertThat(node.info(s.pid()).monitoredBy()).contains(Process.self());
            assertThat(GenServer.call(s.pid(), "get")).isEqualTo(0);
            GenServer.cast(s.pid(), "crash"); // the server crashes; the unlinked owner lives on and is told
            Down down = Process.receive(Down.class, T);
            return List.of(s, down);
        });
        Process.Spawned s = (Process.Spawned) seen.get(0);
        Down down = (Down) seen.get(1);
        assertThat(down.ref()).isEqualTo(s.ref());
        assertThat(down.pid()).isEqualTo(s.pid());
        assertThat(down.reason().isNormal()).isFalse();
        assertThat(node.isAlive(owner.pid())).isTrue();
    }

    @Test
    void startMonitor_initCrashes_throws_andLeavesNoDownBehind(Node node) {
        Probe owner = Probe.spawn(node);
        assertThat(owner.exec(() -> {
            assertThatThrownBy(() -> startMonitor("crash"))
                    .isInstanceOf(StartFailedException.class)
                    .hasMessageContaining("init crashed");
            return Process.receive(Duration.ZERO); // demonitored with flush: no Down now, and none can come
        })).isNull();
    }

    @Test
    void startMonitor_initStops_throwsWithItsReason(Node node) {
        Probe owner = Probe.spawn(node);
        StartFailedException failed = owner.exec(() -> {
            try {
                startMonitor("stop");
                throw new AssertionError("started");
            } catch (StartFailedException e) {
                assertThat(Process.receive(Duration.ZERO)).isNull();
                return e;
            }
        });
        assertThat(failed.reason()).isEqualTo(ExitReason.custom("stopped"));
    }

    @Test
    void startMonitor_ignore_returnsNull_andLeavesNoDownBehind(Node node) {
        Probe owner = Probe.spawn(node);
        assertThat(owner.exec(() -> {
            assertThat(startMonitor("ignore")).isNull();
            return Process.receive(Duration.ZERO);
        })).isNull();
    }

    @Test
    void startMonitor_startTimeout_killsTheProcess_andLeavesNoDownBehind(Node node) {
        Probe owner = Probe.spawn(node);
        int before = node.processCount();
        assertThat(owner.exec(() -> {
            assertThatThrownBy(() -> GenServer.startMonitor(TestServer.CALLBACKS, () -> new TestServer.State("sleep"),
                    StartOptions.defaults().withStartTimeout(Duration.ofMillis(50))))
                    .isInstanceOf(StartFailedException.class)
                    .hasMessageContaining("timeout");
            return Process.receive(Duration.ZERO);
        })).isNull();
        Await.until(() -> node.processCount() == before, "the timed-out server gone"); // killed, ends on its own
    }

    @Test
    void startMonitor_nameTaken_throwsAlreadyStarted_namingTheHolder(Node node) {
        Probe owner = Probe.spawn(node);
        Pid holder = GenServer.start(node, TestServer.CALLBACKS, () -> new TestServer.State("normal"),
                StartOptions.defaults().withName("taken"));
        assertThatThrownBy(() -> owner.exec(() -> GenServer.startMonitor(TestServer.CALLBACKS,
                () -> new TestServer.State("normal"), StartOptions.defaults().withName("taken"))))
                .isInstanceOf(AlreadyStartedException.class)
                .satisfies(e -> assertThat(((AlreadyStartedException) e).holder()).isEqualTo(holder));
        assertThat(node.info(holder).monitoredBy()).doesNotContain(owner.pid());
    }

    @Test
    void startMonitor_fromAThreadThatIsNotAProcess_isRefused() {
        assertThatThrownBy(() -> startMonitor("normal"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GenServer.startMonitor");
    }

    @Test
    void genStatem_startMonitor_downWhenTheMachineStops(Node node) {
        Probe owner = Probe.spawn(node);
        StateMachineCallbacks<Object> machine = new StateMachineCallbacks<>() {
            @Override
            public Class<?> module() {
                return StartMonitorTest.class;
            }

            @Override
            public Object init(Object data) {
                return "idle";
            }

            @Override
            public Object handleEvent(Object data, Object state, Object event, io.loomotp.runtime.From from) {
                return event.equals("stop") ? Transition.stop(ExitReason.custom("done")) : KEEP;
            }
        };
        Down down = owner.exec(() -> {
            Process.Spawned s = GenStatem.startMonitor(machine, Object::new, StartOptions.defaults());
            assertThat(node.info(s.pid()).links()).isEmpty();
            GenStatem.cast(s.pid(), "stop");
            return Process.receive(Down.class, T);
        });
        assertThat(down.reason()).isEqualTo(ExitReason.custom("done"));
    }

    @Test
    void procLib_startMonitor_acked_thenDown(Node node) {
        Probe owner = Probe.spawn(node);
        Down down = owner.exec(() -> {
            Process.Spawned s = ProcLib.startMonitor(() -> {
                ProcLib.initAck();
                Process.receive();
            }, T, SpawnOptions.defaults());
            assertThat(node.info(s.pid()).links()).isEmpty();
            Process.send(s.pid(), "go");
            Down d = Process.receive(Down.class, T);
            assertThat(d.ref()).isEqualTo(s.ref());
            return d;
        });
        assertThat(down.reason().isNormal()).isTrue();
    }

    @Test
    void procLib_startMonitor_failsBeforeAck_throws_andLeavesNoDownBehind(Node node) {
        Probe owner = Probe.spawn(node);
        assertThat(owner.exec(() -> {
            assertThatThrownBy(() -> ProcLib.startMonitor(() -> {
                throw new IllegalStateException("no");
            })).isInstanceOf(StartFailedException.class);
            return Process.receive(Duration.ZERO);
        })).isNull();
    }
}
