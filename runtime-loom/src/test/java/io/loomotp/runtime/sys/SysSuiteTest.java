package io.loomotp.runtime.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.NodeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance with OTP's {@code sys_SUITE} ({@code log}, {@code log_to_file}, {@code stats}, {@code trace},
 * {@code suspend}, {@code install}) and the sys cases of {@code gen_server_SUITE} ({@code get_state},
 * {@code replace_state}, {@code call_format_status}).
 */
@ExtendWith(NodeExtension.class)
class SysSuiteTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** sys_SUITE's server: {@code public_call(N)} answers {@code -N}; the state is a counter of calls. */
    static final class Negator implements ServerCallbacks<int[]> {
        static final Negator CALLBACKS = new Negator();

        @Override
        public Object handleCall(int[] calls, Object request, From from) {
            calls[0]++;
            return -(Integer) request;
        }

        @Override
        public void handleCast(int[] calls, Object message) {
            calls[0] += (Integer) message;
        }

        @Override
        public String formatState(int[] calls) {
            return "calls=" + calls[0];
        }

        @Override
        public Object snapshot(int[] calls) {
            return calls[0];
        }

        @Override
        public boolean acceptsState(Object candidate) {
            return candidate instanceof int[];
        }
    }

    static Pid start(Node node) {
        return GenServer.start(node, Negator.CALLBACKS, () -> new int[1],
                StartOptions.defaults().withName("sys_SUITE_server"));
    }

    @Test
    void log(Node node) {
        Pid pid = start(node);
        SysCalls.log(pid, DebugOptions.DEFAULT_LOG_SIZE, T);
        assertThat(GenServer.call(pid, 44)).isEqualTo(-44);
        List<SysEvent> events = SysCalls.logGet(pid, T);
        assertThat(events).extracting(SysEvent::line).containsExactly(
                "*DBG* sys_SUITE_server got call 44 from " + node.systemPid(),
                "*DBG* sys_SUITE_server sent -44 to " + node.systemPid() + ", new state calls=1");
        List<String> printed = new ArrayList<>();
        SysCalls.logPrint(pid, printed::add, T);
        assertThat(printed).hasSize(2);
        SysCalls.log(pid, 0, T);
        assertThat(SysCalls.logGet(pid, T)).isEmpty();
    }

    /** A supervisor's requests read in supervisor.erl's words in its log, not as Java records (a new user's finding). */
    @Test
    void log_ofASupervisor_namesItsRequestsAsOtpDoes(Node node) {
        Pid sup = io.loomotp.runtime.supervisor.Supervisor.start(node, () -> io.loomotp.runtime.supervisor.SupervisorSpec
                .of(io.loomotp.runtime.supervisor.SupervisorFlags.defaults()), StartOptions.defaults().withName("sup"));
        SysCalls.log(sup, DebugOptions.DEFAULT_LOG_SIZE, T);
        io.loomotp.runtime.supervisor.Supervisor.whichChildren(sup);
        io.loomotp.runtime.supervisor.Supervisor.countChildren(sup);
        assertThatThrownBy(() -> io.loomotp.runtime.supervisor.Supervisor.terminateChild(sup, "nobody"));
        assertThat(SysCalls.logGet(sup, T)).extracting(SysEvent::line).filteredOn(l -> l.contains(" got call "))
                .containsExactly("*DBG* sup got call which_children from " + node.systemPid(),
                        "*DBG* sup got call count_children from " + node.systemPid(),
                        "*DBG* sup got call {terminate_child, nobody} from " + node.systemPid());
    }

    @Test
    void log_keepsOnlyTheLastN(Node node) {
        Pid pid = start(node);
        SysCalls.log(pid, 3, T);
        for (int i = 0; i < 5; i++) {
            GenServer.cast(pid, 1);
        }
        List<SysEvent> events = SysCalls.logGet(pid, T);
        assertThat(events).hasSize(3);
        assertThat(events.get(2).text()).isEqualTo("new state calls=5");
    }

    @Test
    void log_to_file(Node node, @TempDir Path dir) throws Exception {
        Pid pid = start(node);
        Path file = dir.resolve("sys.log");
        SysCalls.logToFile(pid, file, T);
        assertThat(GenServer.call(pid, 44)).isEqualTo(-44);
        SysCalls.logToFile(pid, null, T);
        assertThat(Files.readAllLines(file)).containsExactly(
                "*DBG* sys_SUITE_server got call 44 from " + node.systemPid(),
                "*DBG* sys_SUITE_server sent -44 to " + node.systemPid() + ", new state calls=1");
        assertThatThrownBy(() -> SysCalls.logToFile(pid, dir.resolve("no/such/dir/x.log"), T))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("NoSuchFileException"); // what went wrong, not the path twice
        assertThat(GenServer.call(pid, 1)).isEqualTo(-1);
    }

    @Test
    void stats(Node node) {
        Pid pid = start(node);
        assertThat(SysCalls.statisticsGet(pid, T)).isNull();
        SysCalls.statistics(pid, true, T);
        assertThat(GenServer.call(pid, 44)).isEqualTo(-44);
        assertThat(GenServer.call(pid, 45)).isEqualTo(-45);
        Statistics s = SysCalls.statisticsGet(pid, T);
        assertThat(s.messagesIn()).isEqualTo(2);
        assertThat(s.messagesOut()).isEqualTo(2);
        assertThat(s.handlerTime()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(s.currentTime()).isAfterOrEqualTo(s.startTime());
        SysCalls.statistics(pid, false, T);
        assertThat(SysCalls.statisticsGet(pid, T)).isNull();
    }

    @Test
    void trace(Node node) {
        Pid pid = start(node);
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(pid, true, lines::add, T);
        assertThat(GenServer.call(pid, 44)).isEqualTo(-44);
        GenServer.cast(pid, 2);
        SysCalls.trace(pid, false, null, T);
        GenServer.cast(pid, 3);
        SysCalls.getState(pid, T); // a round trip: the cast above has been handled
        assertThat(lines).containsExactly(
                "*DBG* sys_SUITE_server got call 44 from " + node.systemPid(),
                "*DBG* sys_SUITE_server sent -44 to " + node.systemPid() + ", new state calls=1",
                "*DBG* sys_SUITE_server got cast 2",
                "*DBG* sys_SUITE_server new state calls=3");
    }

    @Test
    void trace_fromStartOptions(Node node) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid pid = GenServer.start(node, Negator.CALLBACKS, () -> new int[1],
                StartOptions.defaults().withDebug(DebugOptions.none().withTrace(lines::add).withStatistics()));
        GenServer.call(pid, 1);
        // the status request is answered after the call's trace lines: a round trip, then they are all there
        assertThat(SysCalls.getStatus(pid, T).debug()).containsExactly("trace", "statistics");
        assertThat(lines).hasSize(2).first().asString().startsWith("*DBG* " + pid + " got call 1 from");
    }

    @Test
    void suspend(Node node) {
        Pid pid = start(node);
        SysCalls.suspend(pid, T);
        assertThat(node.info(pid).status()).isEqualTo(io.loomotp.runtime.ProcessStatus.SUSPENDED);
        assertThat(SysCalls.getStatus(pid, T).status()).isEqualTo("suspended");
        assertThatThrownBy(() -> GenServer.call(pid, 1, Duration.ofMillis(50)))
                .isInstanceOf(CallTimeoutException.class);
        SysCalls.resume(pid, T);
        assertThat(GenServer.call(pid, 2)).isEqualTo(-2);
        assertThat(SysCalls.getStatus(pid, T).status()).isEqualTo("running");
    }

    @Test
    void suspend_parentExit_terminatesWithItsReason(Node node) {
        // sys.erl's suspend_loop takes the parent's 'EXIT' as well as system messages: system_terminate
        io.loomotp.runtime.testing.Probe parent = io.loomotp.runtime.testing.Probe.spawn(node);
        List<ExitReason> terminated = new CopyOnWriteArrayList<>();
        Pid pid = parent.exec(() -> GenServer.startLink(new ServerCallbacks<Object>() {
            @Override
            public io.loomotp.runtime.server.InitResult init(Object state) {
                io.loomotp.runtime.Process.trapExits(true);
                return io.loomotp.runtime.server.InitResult.ok();
            }

            @Override
            public void terminate(Object state, ExitReason reason) {
                terminated.add(reason);
            }
        }, Object::new, StartOptions.defaults()));
        SysCalls.suspend(pid, T);
        io.loomotp.runtime.Process.exit(parent.pid(), ExitReason.custom("gone"));
        io.loomotp.runtime.testing.Await.until(() -> node.info(pid) == null, "the suspended server to end");
        assertThat(terminated).containsExactly(ExitReason.custom("gone"));
    }

    @Test
    void install(Node node) {
        Pid pid = start(node);
        List<SysEvent> seen = new ArrayList<>();
        // a debug function that removes itself after three events (OTP's 'done')
        SysCalls.install(pid, "three", event -> {
            seen.add(event);
            return seen.size() < 3;
        }, T);
        GenServer.call(pid, 1);
        GenServer.call(pid, 2);
        GenServer.call(pid, 3);
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isInstanceOfSatisfying(SysEvent.Received.class,
                r -> assertThat(r.kind()).isEqualTo(SysEvent.Kind.CALL));
        assertThat(seen.get(1)).isInstanceOf(SysEvent.Replied.class);
        assertThat(SysCalls.getStatus(pid, T).debug()).isEmpty();
        assertThat(SysCalls.remove(pid, "three", T)).isFalse();
    }

    @Test
    void install_thenRemove(Node node) {
        Pid pid = start(node);
        List<SysEvent> seen = new CopyOnWriteArrayList<>();
        SysCalls.install(pid, "all", seen::add, T);
        GenServer.cast(pid, 1);
        assertThat(SysCalls.remove(pid, "all", T)).isTrue();
        GenServer.cast(pid, 1);
        SysCalls.getState(pid, T);
        assertThat(seen).hasSize(2);
    }

    @Test
    void install_failingFunction_isRemoved_andTheProcessLives(Node node) {
        Pid pid = start(node);
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.runtime.internal.Debug")) {
            SysCalls.install(pid, "bad", event -> {
                throw new IllegalStateException("debug function broke");
            }, T);
            assertThat(GenServer.call(pid, 5)).isEqualTo(-5);
            assertThat(SysCalls.getStatus(pid, T).debug()).isEmpty();
            // the removal is not silent: one warning names the function and the process, with the cause
            LogCapture.Event warning = log.await(1).getFirst();
            assertThat(warning.message()).isEqualTo("debug function bad of sys_SUITE_server failed; removed");
            assertThat(warning.thrown()).hasMessage("debug function broke");
        }
    }

    @Test
    void no_debug(Node node) {
        Pid pid = start(node);
        SysCalls.trace(pid, true, l -> {}, T);
        SysCalls.log(pid, 5, T);
        SysCalls.statistics(pid, true, T);
        assertThat(SysCalls.getStatus(pid, T).debug()).containsExactly("trace", "log(5)", "statistics");
        SysCalls.noDebug(pid, T);
        assertThat(SysCalls.getStatus(pid, T).debug()).isEmpty();
    }

    @Test
    void get_state(Node node) {
        Pid pid = start(node);
        GenServer.call(pid, 1);
        assertThat(SysCalls.getState(pid, T)).isEqualTo(1);
    }

    @Test
    void replace_state(Node node) {
        Pid pid = start(node);
        Object after = SysCalls.<int[]>replaceState(pid, s -> new int[] {41}, T);
        assertThat(after).isEqualTo(41);
        GenServer.call(pid, 1);
        assertThat(SysCalls.getState(pid, T)).isEqualTo(42);
    }

    @Test
    void replace_state_failingFunction_leavesStateUnchanged(Node node) {
        Pid pid = start(node);
        GenServer.call(pid, 1);
        assertThatThrownBy(() -> SysCalls.<int[]>replaceState(pid, s -> {
            throw new ArithmeticException("bad fun");
        }, T)).isInstanceOf(StateFunctionException.class).hasCauseInstanceOf(ArithmeticException.class);
        assertThat(SysCalls.getState(pid, T)).isEqualTo(1);
        assertThat(node.isAlive(pid)).isTrue();
    }

    @Test
    void replace_state_wrongType_isRefused(Node node) {
        Pid pid = start(node);
        assertThatThrownBy(() -> SysCalls.replaceState(pid, s -> "not an int[]", T))
                .isInstanceOf(StateFunctionException.class)
                .hasMessageContaining("java.lang.String");
        assertThat(SysCalls.getState(pid, T)).isEqualTo(0);
    }

    @Test
    void replace_state_ofASupervisor_isRefused_sayingWhy(Node node) {
        Pid sup = io.loomotp.runtime.supervisor.Supervisor.start(node, () -> io.loomotp.runtime.supervisor
                .SupervisorSpec.of(io.loomotp.runtime.supervisor.SupervisorFlags.defaults()));
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        assertThatThrownBy(() -> SysCalls.replaceState(sup, s -> {
            ran.set(true);
            return s;
        }, T)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("a supervisor's state cannot be replaced (the function was not run): its children are "
                        + "processes; change them with startChild, terminateChild, restartChild or deleteChild");
        assertThat(ran).as("the function ran").isFalse();
        assertThat(SysCalls.getState(sup, T)).hasToString("one_for_one, at most 1 restart in 5 s; children: none");
        // the function sees the snapshot getState answers, not the supervisor's own table
        assertThat(SysCalls.<Object, Object>inspectState(sup, s -> s, T)).isEqualTo(SysCalls.getState(sup, T));
    }

    @Test
    void get_state_ofASupervisorWithManyChildren_namesTwentyAndCountsTheRest(Node node) {
        Pid sup = io.loomotp.runtime.supervisor.Supervisor.start(node, () -> io.loomotp.runtime.supervisor
                .SupervisorSpec.of(io.loomotp.runtime.supervisor.SupervisorFlags.of(
                        io.loomotp.Strategy.SIMPLE_ONE_FOR_ONE), io.loomotp.runtime.supervisor.ChildSpec.worker("w",
                        args -> io.loomotp.runtime.Process.spawnLink(() -> io.loomotp.runtime.Process.receive()))));
        for (int i = 0; i < 25; i++) {
            io.loomotp.runtime.supervisor.Supervisor.startChild(sup, List.of(i));
        }
        String state = String.valueOf(SysCalls.getState(sup, T));
        assertThat(state).startsWith("simple_one_for_one, at most 1 restart in 5 s; children: w[24] <")
                .endsWith(", ... 5 more (whichChildren lists them all)");
        GenServer.stop(sup);
    }

    @Test
    void sys_onADeadProcess_namesTheFunction(Node node) {
        Pid pid = start(node);
        GenServer.stop(pid);
        assertThatThrownBy(() -> SysCalls.getState(pid, T)).isInstanceOf(NoProcessException.class)
                .hasMessage("call sys:get_state: no process " + pid);
        assertThatThrownBy(() -> SysCalls.statistics(pid, true, T)).hasMessage("call sys:statistics(true): no process "
                + pid);
        assertThatThrownBy(() -> GenServer.stop(pid)).isInstanceOf(NoProcessException.class)
                .hasMessage("stop(normal): no process " + pid);
    }

    @Test
    void call_format_status(Node node) {
        Pid pid = start(node);
        SysStatus status = SysCalls.getStatus(pid, T);
        assertThat(status.pid()).isEqualTo(pid);
        assertThat(status.name()).isEqualTo("sys_SUITE_server");
        assertThat(status.behaviour()).isEqualTo("gen_server");
        assertThat(status.module()).isEqualTo(Negator.class.getName());
        assertThat(status.status()).isEqualTo("running");
        assertThat(status.parent()).isEqualTo(pid);
        assertThat(status.state()).isEqualTo("calls=0");
    }

    @Test
    void sys_toDeadProcess_throwsNoProcess(Node node) {
        Pid pid = start(node);
        GenServer.stop(pid);
        assertThatThrownBy(() -> SysCalls.getState(pid, T)).isInstanceOf(NoProcessException.class);
    }

    @Test
    void sys_toPlainProcess_timesOut(Node node) {
        Pid plain = node.spawn(() -> io.loomotp.runtime.Process.receive(
                m -> false, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> SysCalls.getState(plain, Duration.ofMillis(20)))
                .isInstanceOf(CallTimeoutException.class);
    }

    @Test
    void trace_failingSink_isSwitchedOff_andTheServerLives(Node node) {
        Pid pid = start(node);
        CompletableFuture<String> first = new CompletableFuture<>();
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.runtime.internal.Debug")) {
            SysCalls.trace(pid, true, line -> {
                first.complete(line);
                throw new IllegalStateException("sink broke");
            }, T);
            assertThat(GenServer.call(pid, 1)).isEqualTo(-1);
            assertThat(first).isDone();
            assertThat(SysCalls.getStatus(pid, T).debug()).isEmpty();
            LogCapture.Event warning = log.await(1).getFirst();
            assertThat(warning.message()).isEqualTo("trace sink of sys_SUITE_server failed; trace switched off");
            assertThat(warning.thrown()).hasMessage("sink broke");
        }
        GenServer.stop(pid, ExitReason.NORMAL, T);
    }
}
