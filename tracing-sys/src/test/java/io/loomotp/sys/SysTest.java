package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.sys.StateFunctionException;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.testing.NodeExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
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
        NodeSys sys = Sys.on(node);
        assertThat(sys.resolve(c)).isEqualTo(c.pid());
        assertThat(sys.resolve("counter")).isEqualTo(c.pid());
        assertThat(sys.resolve(c.pid().toString())).isEqualTo(c.pid());
        assertThatThrownBy(() -> sys.getState("nobody")).isInstanceOf(NoProcessException.class)
                .hasMessageContaining("node test has no process registered as 'nobody'");
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
        NodeSys sys = Sys.on(node).withSink(lines::add);
        sys.trace(c, true);
        sys.trace(d, true);
        c.inc();
        d.toggle();
        sys.trace(c, false);
        sys.trace(d, false);
        assertThat(lines).contains("*DBG* counter got cast inc()", "*DBG* " + d.pid() + " receive cast toggle() in "
                + "state LOCKED", "*DBG* " + d.pid() + " consume cast toggle() in state LOCKED => OPEN");
    }

    @Test
    void log_getPrintAndToFile(Node node, @TempDir Path dir) throws Exception {
        CounterRef c = counter(node);
        List<String> printed = new CopyOnWriteArrayList<>();
        NodeSys sys = Sys.on(node).withSink(printed::add);
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
        NodeSys sys = Sys.on(node);
        sys.statistics("counter", true);
        c.inc();
        c.get();
        Statistics s = sys.statistics("counter");
        assertThat(s.messagesIn()).isEqualTo(2);
        sys.statistics("counter", true); // on again keeps the counts, as sys's install_debug does
        assertThat(sys.statistics("counter").messagesIn()).isEqualTo(2);
        sys.statistics("counter", false);
    }

    @Test
    void getState_replaceState_andAFailingFunction(Node node) {
        CounterRef c = counter(node);
        DoorRef d = DoorRef.start(node, Door::new);
        NodeSys sys = Sys.on(node);
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
    void getStatus_suspend_resume_andDoubleSuspendIsOk(Node node) {
        CounterRef c = counter(node);
        NodeSys sys = Sys.on(node);
        SysStatus s = sys.getStatus(c);
        assertThat(s.behaviour()).isEqualTo("gen_server");
        sys.suspend(c);
        assertThat(sys.getStatus(c).status()).isEqualTo("suspended");
        sys.suspend(c); // sys:suspend/1 answers ok; suspends are not counted
        assertThat(sys.getStatus(c).status()).isEqualTo("suspended");
        sys.resume(c);
        assertThat(c.get()).isZero();
    }

    /** sys:terminate/2, on a suspended server too; a dead one is noproc. */
    @Test
    void terminate_aSuspendedServer_endsIt_withTheReason(Node node) {
        CounterRef c = counter(node);
        Sys.suspend(c);
        Sys.terminate(c, io.loomotp.runtime.ExitReason.SHUTDOWN);
        assertThat(node.isAlive(c.pid())).isFalse();
        assertThatThrownBy(() -> Sys.terminate(c.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN))
                .isInstanceOf(NoProcessException.class);
    }

    @Test
    void install_remove_noDebug(Node node) {
        CounterRef c = counter(node);
        NodeSys sys = Sys.on(node);
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
    void staticForms_byClientAndByPid_answerAsTheNodeBoundFacade(Node node) {
        CounterRef c = counter(node);
        List<String> lines = new CopyOnWriteArrayList<>();
        Sys.trace(c, lines::add);
        c.inc();
        Sys.trace(c, false);
        assertThat(lines).first().isEqualTo("*DBG* counter got cast inc()");
        Sys.statistics(c.pid(), true);
        c.get();
        assertThat(Sys.statistics(c).messagesIn()).isEqualTo(1);
        assertThat(((StateSnapshot) Sys.getState(c.pid())).get("count")).isEqualTo(1);
        assertThat(Sys.getStatus(c).name()).isEqualTo("counter");
        Sys.noDebug(c);
        assertThat(Sys.getStatus(c.pid()).debug()).isEmpty();
    }

    @Test
    void trace_withNoSink_printsToStandardOutputAsItIsWhenALineIsWritten(Node node) {
        CounterRef c = counter(node);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Sys.trace(c);
            c.inc();
            Sys.trace(c, false);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .startsWith("*DBG* counter got cast inc()" + System.lineSeparator());
    }

    @Test
    void getState_ofAPlainProcess_timesOutSayingItRunsNoBehaviour(Node node) {
        Pid plain = node.spawn(() -> Process.receive("stop"::equals));
        assertThatThrownBy(() -> Sys.on(node).withTimeout(Duration.ofMillis(100)).getState(plain))
                .isInstanceOf(CallTimeoutException.class)
                .hasMessage("call to " + plain + " timed out after 100 ms: sys getState of " + plain
                        + "; it runs no behaviour, and a plain process answers sys only if it handles system "
                        + "messages itself");
        node.send(plain, "stop");
    }

    /** A busy behaviour: the timeout says that the request stays queued, and it is carried out later, as in OTP. */
    @Test
    void suspend_ofABusyServer_timesOutSayingTheRequestStaysQueued_thenSuspendsIt(Node node) throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Pid busy = io.loomotp.runtime.server.GenServer.start(node, new io.loomotp.runtime.server.ServerCallbacks<>() {
            @Override
            public void handleCast(Object state, Object message) {
                entered.countDown();
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, Object::new);
        io.loomotp.runtime.server.GenServer.cast(busy, "block");
        assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> Sys.on(node).withTimeout(Duration.ofMillis(100)).suspend(busy))
                    .isInstanceOf(CallTimeoutException.class)
                    .hasMessage("call to " + busy + " timed out after 100 ms: sys suspend of " + busy + "; it is busy "
                            + "or stuck: the request stays in its mailbox, and is carried out when the process gets "
                            + "to it (as sys's)");
        } finally {
            release.countDown();
        }
        io.loomotp.runtime.testing.Await.until(() -> Sys.on(node).getStatus(busy).status().equals("suspended"),
                "the queued suspend carried out once the handler returned");
        Sys.on(node).resume(busy);
    }

    /** A special process (started by ProcLib) whose loop never hands system messages to sys: the timeout says so. */
    @Test
    void getState_ofASpecialProcessThatIgnoresSystemMessages_timesOutSayingWhy(Node node) {
        Pid special = io.loomotp.runtime.proc.ProcLib.start(node, () -> {
            io.loomotp.runtime.proc.ProcLib.initAck();
            Process.receive("stop"::equals);
        });
        assertThatThrownBy(() -> Sys.on(node).withTimeout(Duration.ofMillis(100)).getState(special))
                .isInstanceOf(CallTimeoutException.class)
                .hasMessageStartingWith("call to " + special + " timed out after 100 ms: sys getState of " + special
                        + "; it is a special process (special), which answers sys only when its own loop hands each "
                        + "SystemMessage to SysDebug.handleSystemMessage: busy, or its receive leaves them in its "
                        + "mailbox (");
        node.send(special, "stop");
    }

    @Test
    void staticForms_onADeadClient_throwNoProcess(Node node) {
        CounterRef c = counter(node);
        c.stop();
        assertThatThrownBy(() -> Sys.getState(c)).isInstanceOf(NoProcessException.class)
                .hasMessageContaining(c.pid().toString());
        assertThatThrownBy(() -> Sys.on(node).trace("<" + c.pid().nodeId() + "." + c.pid().serial() + ">"))
                .isInstanceOf(NoProcessException.class)
                .hasMessage("node test has no live process with that pid: no process " + c.pid());
    }

    @Test
    void aPidOfAnotherNode_isNoProcessHere(Node node) {
        try (Node other = Node.create("other")) {
            Pid far = CounterRef.start(other, Counter::new).pid();
            assertThatThrownBy(() -> Sys.on(node).resolve("<" + far.nodeId() + "." + far.serial() + ">"))
                    .isInstanceOf(NoProcessException.class);
        }
    }
}
