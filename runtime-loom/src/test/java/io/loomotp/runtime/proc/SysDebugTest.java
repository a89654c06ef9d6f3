package io.loomotp.runtime.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallRequest;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.SystemMessage;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.sys.DebugOptions;
import io.loomotp.runtime.sys.StateFunctionException;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SysDebug}: a special process answers the whole sys protocol from its own receive loop, after the cases of
 * OTP's {@code sys_SUITE} that run against a special process ({@code get_state}, {@code replace_state},
 * {@code get_status}, {@code suspend}, {@code trace}, {@code log}, {@code stats}, {@code install}, {@code terminate}).
 */
@ExtendWith(NodeExtension.class)
class SysDebugTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** Adds the numbers it is sent; a call answers the sum. Its loop data is a record, replaced on each message. */
    static final class Adder implements SystemCallbacks<Adder.Sum> {
        record Sum(int total) {}

        static final Function<Object, String> FORMAT = e -> "add " + e;
        final List<String> terminated = new CopyOnWriteArrayList<>();

        static Pid start(Node node, DebugOptions options, Adder adder) {
            return ProcLib.start(node, () -> adder.run(options));
        }

        void run(DebugOptions options) {
            Process.register("adder");
            Process.trapExits(true);
            SysDebug debug = SysDebug.options(options);
            ProcLib.initAck();
            Sum sum = new Sum(0);
            for (;;) {
                switch (Process.receive()) {
                    case Integer n -> {
                        debug.handleDebug(FORMAT, n);
                        sum = new Sum(sum.total() + n);
                    }
                    case CallRequest(Object request, From from) -> from.reply(sum.total());
                    case SystemMessage sys -> sum = debug.handleSystemMessage(sys, this, sum);
                    case Exit exit -> throw Process.exit(exit.reason());
                    default -> { }
                }
            }
        }

        @Override
        public void systemTerminate(ExitReason reason, Sum sum) {
            terminated.add(reason + " at " + sum.total());
        }

        @Override
        public String formatState(Sum sum) {
            return "sum=" + sum.total();
        }

        /** Refuses to show a negative sum, as sys_SUITE's spec_proc refuses to show some states. */
        @Override
        public Object systemGetState(Sum sum) {
            if (sum.total() < 0) {
                throw new IllegalStateException("a negative sum is not shown");
            }
            return sum;
        }
    }

    private static Pid adder(Node node) {
        return Adder.start(node, DebugOptions.none(), new Adder());
    }

    @Test
    void get_state(Node node) {
        Pid pid = adder(node);
        Process.send(pid, 2);
        assertThat(SysCalls.getState(pid, T)).isEqualTo(new Adder.Sum(2));
    }

    @Test
    void replace_state_thenContinuesWithTheNewState(Node node) {
        Pid pid = adder(node);
        Process.send(pid, 2);
        Object replaced = SysCalls.<Adder.Sum>replaceState(pid, s -> new Adder.Sum(s.total() * 10), T);
        assertThat(replaced).isEqualTo(new Adder.Sum(20));
        Process.send(pid, 1);
        assertThat(GenServer.call(pid, "sum")).isEqualTo(21);
    }

    /**
     * {@code sys_SUITE:spec_proc}: replace_state answers the new state as system_replace_state made it, and never asks
     * system_get_state, whose failure here said that a state already replaced was not (a new user's finding).
     */
    @Test
    void replace_state_answersTheNewState_evenOneGetStateRefusesToShow(Node node) {
        Pid pid = adder(node);
        Process.send(pid, 2);
        assertThat(SysCalls.<Adder.Sum>replaceState(pid, s -> new Adder.Sum(-1), T)).isEqualTo(new Adder.Sum(-1));
        assertThatThrownBy(() -> SysCalls.getState(pid, T)).isInstanceOf(StateFunctionException.class)
                .hasMessageContaining("a negative sum is not shown").hasMessageContaining("its systemGetState() threw");
        Process.send(pid, 5);
        assertThat(GenServer.call(pid, "sum")).isEqualTo(4);
    }

    @Test
    void replace_state_refused_leavesTheStateUnchanged(Node node) {
        Pid pid = adder(node);
        Process.send(pid, 2);
        assertThatThrownBy(() -> SysCalls.replaceState(pid, s -> "not a sum", T))
                .isInstanceOf(StateFunctionException.class)
                .hasMessageContaining("not a state of");
        assertThat(SysCalls.getState(pid, T)).isEqualTo(new Adder.Sum(2));
    }

    @Test
    void get_status(Node node) {
        Pid pid = Adder.start(node, DebugOptions.none().withStatistics(), new Adder());
        Process.send(pid, 5);
        SysStatus status = SysCalls.getStatus(pid, T);
        assertThat(status.pid()).isEqualTo(pid);
        assertThat(status.name()).isEqualTo("adder");
        assertThat(status.behaviour()).isEqualTo(SystemCallbacks.SPECIAL);
        assertThat(status.module()).isEqualTo(Adder.class.getName());
        assertThat(status.status()).isEqualTo("running");
        assertThat(status.parent()).isEqualTo(pid); // started unlinked: no parent, shown as itself
        assertThat(status.debug()).containsExactly("statistics");
        assertThat(status.state()).isEqualTo("sum=5");
        assertThat(node.info(pid).initialCall()).isEqualTo(Adder.class.getName());
    }

    @Test
    void suspend_thenOnlySystemMessages_thenResume(Node node) {
        Pid pid = adder(node);
        SysCalls.suspend(pid, T);
        assertThat(SysCalls.getStatus(pid, T).status()).isEqualTo("suspended");
        Process.send(pid, 3); // waits in the mailbox
        assertThatThrownBy(() -> GenServer.call(pid, "sum", Duration.ofMillis(50)))
                .isInstanceOf(CallTimeoutException.class);
        assertThat(SysCalls.getState(pid, T)).isEqualTo(new Adder.Sum(0));
        SysCalls.resume(pid, T);
        assertThat(GenServer.call(pid, "sum")).isEqualTo(3);
    }

    @Test
    void suspend_parentExit_endsThroughSystemTerminate(Node node) {
        Probe parent = Probe.spawn(node);
        Adder adder = new Adder();
        Pid pid = parent.exec(() -> ProcLib.startLink(() -> adder.run(DebugOptions.none())));
        SysCalls.suspend(pid, T);
        // sys.erl's suspend_loop takes the parent's exit too, and ends the process through system_terminate
        Process.exit(parent.pid(), ExitReason.custom("parent gone"));
        Await.until(() -> node.info(pid) == null, "the suspended process to end");
        assertThat(adder.terminated).containsExactly(ExitReason.custom("parent gone") + " at 0");
    }

    @Test
    void trace_withTheProcessFormatter(Node node) {
        Pid pid = adder(node);
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(pid, true, lines::add, T);
        Process.send(pid, 4);
        SysCalls.trace(pid, false, null, T);
        Process.send(pid, 5);
        SysCalls.getState(pid, T); // a round trip: both sends are handled
        assertThat(lines).containsExactly("*DBG* adder add 4");
    }

    @Test
    void trace_fromStartOptions(Node node) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid pid = Adder.start(node, DebugOptions.none().withTrace(lines::add), new Adder());
        Process.send(pid, 1);
        assertThat(SysCalls.getStatus(pid, T).debug()).containsExactly("trace");
        assertThat(lines).containsExactly("*DBG* adder add 1");
    }

    @Test
    void log_getAndPrint(Node node) {
        Pid pid = adder(node);
        SysCalls.log(pid, 10, T);
        Process.send(pid, 1);
        Process.send(pid, 2);
        List<SysEvent> events = SysCalls.logGet(pid, T);
        assertThat(events).extracting(SysEvent::line).containsExactly("*DBG* adder add 1", "*DBG* adder add 2");
        assertThat(events.get(0)).isInstanceOfSatisfying(SysEvent.UserEvent.class,
                e -> assertThat(e.event()).isEqualTo(1));
        List<String> printed = new CopyOnWriteArrayList<>();
        SysCalls.logPrint(pid, printed::add, T);
        assertThat(printed).hasSize(2);
    }

    @Test
    void stats(Node node) {
        Pid pid = adder(node);
        SysCalls.statistics(pid, true, T);
        Process.send(pid, 1);
        assertThat(GenServer.call(pid, "sum")).isEqualTo(1);
        Statistics s = SysCalls.statisticsGet(pid, T);
        // the send and the call, and not the sys requests (sys_SUITE:spec_proc counts {messages_in, 2} so)
        assertThat(s.messagesIn()).isEqualTo(2);
        SysCalls.getState(pid, T);
        assertThat(SysCalls.statisticsGet(pid, T).messagesIn()).isEqualTo(2);
        SysCalls.statistics(pid, false, T);
        assertThat(SysCalls.statisticsGet(pid, T)).isNull();
    }

    @Test
    void install_seesTheRawEvent(Node node) {
        Pid pid = adder(node);
        List<Object> seen = new CopyOnWriteArrayList<>();
        SysCalls.install(pid, "raw", e -> seen.add(((SysEvent.UserEvent) e).event()) && seen.size() < 2, T);
        Process.send(pid, 7);
        Process.send(pid, 8);
        Process.send(pid, 9);
        SysCalls.getState(pid, T);
        assertThat(seen).containsExactly(7, 8); // removed itself after two
        assertThat(SysCalls.getStatus(pid, T).debug()).isEmpty();
    }

    @Test
    void terminate_runsSystemTerminate(Node node) {
        Adder adder = new Adder();
        Pid pid = Adder.start(node, DebugOptions.none(), adder);
        Process.send(pid, 3);
        SysCalls.suspend(pid, T); // works on a suspended process too
        SysCalls.terminate(pid, ExitReason.SHUTDOWN, T);
        assertThat(node.info(pid)).isNull();
        assertThat(adder.terminated).containsExactly(ExitReason.SHUTDOWN + " at 3");
    }

    @Test
    void handleSystemMessage_ofAnotherKind_isRefused(Node node) {
        Probe probe = Probe.spawn(node);
        assertThatThrownBy(() -> probe.exec(() -> {
            SysDebug debug = SysDebug.options(DebugOptions.none());
            return debug.handleSystemMessage(new SystemMessage("fake", null), new SystemCallbacks<Object>() { },
                    "s");
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a system message");
    }

    @Test
    void getState_ofADeadSpecialProcess_failsAsForAServer(Node node) {
        Pid pid = adder(node);
        Process.exit(pid, ExitReason.KILL);
        Await.until(() -> node.info(pid) == null, "the process to die");
        assertThatThrownBy(() -> SysCalls.getState(pid, T))
                .isInstanceOfAny(io.loomotp.runtime.NoProcessException.class, ProcessExitException.class);
    }
}
