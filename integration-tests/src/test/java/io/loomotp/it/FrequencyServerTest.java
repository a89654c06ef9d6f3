package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.Response;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.sys.StateFunctionException;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The book's frequency server, generated from {@link Frequency}, driven through its generated client and sys, on the
 * test kit: the server each test started is stopped after it, and the kit checks that nothing else was left running.
 */
@LoomOtpTest
class FrequencyServerTest {
    private static final Duration T = Duration.ofSeconds(5);
    private FrequencyRef server;

    private FrequencyRef start(Node node) {
        FrequencyRef started = FrequencyRef.start(node, () -> new Frequency(List.of(10, 11, 12)));
        server = started;
        return started;
    }

    @AfterEach
    void stopServer(Node node) {
        if (server != null && node.isAlive(server.pid())) {
            server.stop();
        }
    }

    @Test
    void sendRequest_throughTheGeneratedClient_repliesComeAsResponses(Node node, TestKit kit) {
        FrequencyRef frequency = start(node);
        TestProbe probe = kit.probe();
        RequestId first = probe.exec(() -> frequency.sendRequest().allocate());
        RequestId second = probe.exec(() -> frequency.sendRequest().allocate());
        Response r1 = probe.expectMessage(Response.class);
        Response r2 = probe.expectMessage(Response.class);
        assertThat(List.of(r1.id(), r2.id())).containsExactly(first, second);
        assertThat(List.of(r1.get(), r2.get())).containsExactly(new Frequency.Granted(10), new Frequency.Granted(11));
        assertThat(first.server()).isEqualTo(frequency.pid());
        Object third = probe.exec(() -> GenServer.receiveResponse(frequency.sendRequest().allocate(), T));
        assertThat(third).isEqualTo(new Frequency.Granted(12));
        assertThatThrownBy(() -> frequency.sendRequest().allocate()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called from a process");
    }

    @Test
    void startMonitor_throughTheGeneratedClient_theOwnerIsToldOfTheEnd(Node node, TestKit kit) {
        TestProbe owner = kit.probe();
        io.loomotp.runtime.Process.Spawned s = owner.exec(
                () -> FrequencyRef.startMonitor(() -> new Frequency(List.of(10))));
        FrequencyRef frequency = FrequencyRef.of(s.pid());
        assertThat(node.whereis("frequency")).isEqualTo(s.pid());
        assertThat(frequency.allocate()).isEqualTo(new Frequency.Granted(10));
        frequency.stop();
        io.loomotp.runtime.Down down = owner.expectMessage(io.loomotp.runtime.Down.class);
        assertThat(down.ref()).isEqualTo(s.ref());
        assertThat(down.reason().isNormal()).isTrue();
        assertThatThrownBy(() -> FrequencyRef.startMonitor(() -> new Frequency(List.of(10))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GenServer.startMonitor");
    }

    @Test
    void enterLoop_aProcLibProcessBecomesTheGeneratedServer(Node node, TestKit kit) {
        TestProbe starter = kit.probe();
        Pid pid = starter.exec(() -> io.loomotp.runtime.proc.ProcLib.startLink(() -> {
            io.loomotp.runtime.proc.ProcLib.initAck();
            GenServer.enterLoop(Frequency_Dispatch.INSTANCE, new Frequency(List.of(20, 21)));
        }));
        FrequencyRef frequency = FrequencyRef.of(pid);
        assertThat(frequency.allocate()).isEqualTo(new Frequency.Granted(20));
        assertThat(frequency.available()).isEqualTo(1);
        frequency.stop(); // waits until it has ended, so the kit finds nothing left running
    }

    /**
     * The Erlang habit {@code gen_server:call(frequency, available)}, ported with a string for the atom: the server
     * crashes, as on a request no handle_call clause matches, saying what was sent and what a call to it takes (it
     * said "Frequency has no @Call for available", although it has one).
     */
    @Test
    void call_withAStringForTheRecord_crashesSayingWhatWasSentAndWhatToSend(Node node, TestKit kit) {
        kit.expectCrash(IllegalArgumentException.class);
        FrequencyRef frequency = start(node);
        TestProbe probe = kit.probe();
        probe.monitor(frequency.pid());
        assertThatThrownBy(() -> GenServer.call(node, "frequency", "available", T))
                .isInstanceOf(io.loomotp.runtime.ProcessExitException.class)
                .hasMessageContaining("Frequency was sent the call \"available\", a String, which is none of its "
                        + "@Call messages: a call to a @Server is the record generated for one of its @Call methods; "
                        + "make it through the generated client FrequencyRef, or send a record such as "
                        + "new Frequency_Dispatch.Name(args)");
        probe.expectDown(frequency.pid());
        FrequencyRef again = start(node);
        probe.monitor(again.pid());
        GenServer.cast(again.pid(), 10);
        assertThat(probe.expectDown(again.pid()).reason()).isInstanceOfSatisfying(ExitReason.Crash.class,
                crash -> assertThat(crash.cause()).hasMessageStartingWith("Frequency was sent the cast 10, a "
                        + "Integer, which is none of its @Cast messages: a cast to a @Server is the record generated "
                        + "for one of its @Cast methods;"));
    }

    @Test
    void allocateAndDeallocate_throughTheGeneratedClient(Node node) {
        FrequencyRef frequency = start(node);
        assertThat(frequency.available()).isEqualTo(3);
        assertThat(frequency.allocate()).isEqualTo(new Frequency.Granted(10));
        assertThat(frequency.allocate(Duration.ofSeconds(1))).isEqualTo(new Frequency.Granted(11));
        assertThat(frequency.allocate()).isEqualTo(new Frequency.Granted(12));
        assertThat(frequency.allocate()).isEqualTo(new Frequency.NoFrequency());
        frequency.deallocate(11);
        assertThat(frequency.available()).isEqualTo(1);
    }

    @Test
    void defaultName_isRegistered_andASecondStartFails(Node node) {
        FrequencyRef frequency = start(node);
        assertThat(FrequencyRef.whereis(node)).isEqualTo(frequency);
        assertThat(node.whereis("frequency")).isEqualTo(frequency.pid());
        assertThatThrownBy(() -> start(node))
                .isInstanceOfSatisfying(AlreadyStartedException.class,
                        e -> assertThat(e.holder()).isEqualTo(frequency.pid()));
    }

    @Test
    void aClientThatDies_givesItsFrequencyBack(Node node, TestKit kit) {
        FrequencyRef frequency = start(node);
        TestProbe client = kit.probe();
        assertThat(client.<Object>exec(frequency::allocate)).isEqualTo(new Frequency.Granted(10));
        assertThat(frequency.available()).isEqualTo(2);
        TestProbe watcher = kit.probe();
        MonitorRef ref = watcher.monitor(client.pid());
        node.exit(client.pid(), io.loomotp.runtime.ExitReason.KILL);
        watcher.expectDown(client.pid(), io.loomotp.runtime.ExitReason.KILLED);
        assertThat(frequency.available()).isEqualTo(3);
        assertThat(ref).isNotNull();
    }

    @Test
    void trace_linesFromALiveSysSession(Node node, TestKit kit) {
        FrequencyRef frequency = start(node);
        TestProbe client = kit.probe();
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(frequency.pid(), true, lines::add, T);
        client.exec(frequency::allocate);
        frequency.deallocate(10);
        SysCalls.trace(frequency.pid(), false, null, T);
        Pid c = client.pid();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("*DBG* frequency got call allocate() from " + c);
        assertThat(lines.get(1)).startsWith("*DBG* frequency sent Granted[frequency=10] to " + c
                + ", new state Frequency[free=[11, 12], allocated={10=" + c + "}, monitors={#Ref<");
        assertThat(lines.get(2)).isEqualTo("*DBG* frequency got cast deallocate(10)");
        assertThat(lines.get(3)).isEqualTo(
                "*DBG* frequency new state Frequency[free=[11, 12, 10], allocated={}, monitors={}]");
    }

    @Test
    void getState_isASnapshotOfTheFields_takenInsideTheProcess(Node node) {
        FrequencyRef frequency = start(node);
        frequency.allocate();
        StateSnapshot state = (StateSnapshot) SysCalls.getState(frequency.pid(), T);
        assertThat(state.type()).isEqualTo("Frequency");
        assertThat(state.get("free")).isEqualTo(List.of(11, 12));
        assertThat(state.get("allocated")).isEqualTo(Map.of(10, node.systemPid()));
        // a snapshot: the process's own collections are not shared with the caller
        assertThatThrownBy(() -> ((List<?>) state.get("free")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(frequency.available()).isEqualTo(2);
    }

    @Test
    void replaceState_swapsTheInstance(Node node) {
        FrequencyRef frequency = start(node);
        SysCalls.<Frequency>replaceState(frequency.pid(), old -> new Frequency(List.of(1, 2, 3, 4, 5)), T);
        assertThat(frequency.available()).isEqualTo(5);
        assertThat(frequency.allocate()).isEqualTo(new Frequency.Granted(1));
    }

    @Test
    void replaceState_withTheWrongType_isRefused_andTheStateIsKept(Node node) {
        FrequencyRef frequency = start(node);
        assertThatThrownBy(() -> SysCalls.replaceState(frequency.pid(), old -> "not a Frequency", T))
                .isInstanceOf(StateFunctionException.class)
                .hasMessageContaining("not a state of io.loomotp.it.Frequency");
        assertThat(frequency.available()).isEqualTo(3);
    }

    @Test
    void statistics_countTheMessages(Node node) {
        FrequencyRef frequency = start(node);
        SysCalls.statistics(frequency.pid(), true, T);
        frequency.allocate();
        frequency.deallocate(10);
        frequency.available();
        Statistics s = SysCalls.statisticsGet(frequency.pid(), T);
        assertThat(s.messagesIn()).isEqualTo(3);
        assertThat(s.messagesOut()).isEqualTo(2);
    }

    @Test
    void log_andStatus(Node node) {
        FrequencyRef frequency = start(node);
        SysCalls.log(frequency.pid(), 10, T);
        frequency.allocate();
        List<SysEvent> log = SysCalls.logGet(frequency.pid(), T);
        assertThat(log).extracting(SysEvent::text).first().isEqualTo("got call allocate() from " + node.systemPid());
        SysStatus status = SysCalls.getStatus(frequency.pid(), T);
        assertThat(status.behaviour()).isEqualTo("gen_server");
        assertThat(status.module()).isEqualTo(Frequency.class.getName());
        assertThat(status.name()).isEqualTo("frequency");
        assertThat(status.debug()).containsExactly("log(10)");
        assertThat(status.state()).startsWith("Frequency[free=[11, 12]");
    }

    @Test
    void stop_runsTerminate_andThenTheServerIsGone(Node node) {
        FrequencyRef frequency = start(node);
        frequency.stop();
        assertThat(node.isAlive(frequency.pid())).isFalse();
        assertThatThrownBy(frequency::available).isInstanceOf(NoProcessException.class);
    }

    @Test
    void of_wrapsAPid(Node node) {
        FrequencyRef frequency = start(node);
        assertThat(FrequencyRef.of(frequency.pid())).isEqualTo(frequency).hasSameHashCodeAs(frequency);
        assertThat(frequency.toString()).isEqualTo("FrequencyRef[" + frequency.pid() + "]");
    }
}
