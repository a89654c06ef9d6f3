package io.loomotp.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.MailboxSpec;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.proc.ProcLib;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code gen_server:enter_loop}, after {@code gen_server_SUITE:enter_loop}: a process started by {@code proc_lib}
 * acknowledges its start, then becomes a server with a state it made itself, without init; the errors of its misuse.
 */
@ExtendWith(NodeExtension.class)
class EnterLoopTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void enter_loop_afterInitAck_runsAsAServer_callsCastsSysAndStop(Node node) throws Exception {
        Probe starter = Probe.spawn(node);
        CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            Process.register("entered");
            ProcLib.initAck();
            GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal", terminated),
                    StartOptions.defaults().withName("entered"));
            throw new AssertionError("enterLoop returned");
        }));
        assertThat(GenServer.call(pid, "get")).isEqualTo(0);
        GenServer.cast(pid, new TestServer.Inc(2));
        assertThat(GenServer.call(node.whereis("entered"), "get")).isEqualTo(2);
        assertThat(node.info(pid).behaviour()).isEqualTo("gen_server");
        assertThat(SysCalls.getState(pid, T).toString()).contains("count=2");
        assertThat(node.info(pid).links()).contains(starter.pid()); // still the ProcLib child of its starter
        GenServer.stop(pid);
        assertThat(terminated.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(node.isAlive(starter.pid())).isTrue();
    }

    @Test
    void enter_loop_trappingExits_parentsExitStopsTheServer_withTerminate(Node node) throws Exception {
        Probe starter = Probe.spawn(node);
        CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            Process.trapExits(true);
            ProcLib.initAck();
            GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal", terminated));
        }));
        node.exit(starter.pid(), ExitReason.shutdown("going"));
        assertThat(terminated.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.shutdown("going"));
        Await.gone(node, pid);
    }

    @Test
    void spec_init_not_proc_lib_aPlainProcessIsRefused(Node node) throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        Probe owner = Probe.spawn(node);
        owner.exec(() -> Process.spawn(() -> {
            try {
                GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal"));
            } catch (IllegalStateException e) {
                refused.complete(e);
            }
        }));
        assertThat(refused.get(5, TimeUnit.SECONDS)).hasMessageContaining("was not started by ProcLib")
                .hasMessageContaining("process_was_not_started_by_proc_lib");
    }

    @Test
    void enter_loop_crashingServer_itsMonitorSeesTheCrash(Node node,
            io.loomotp.runtime.testing.NodeExtension.Reports reports) {
        Probe owner = Probe.spawn(node);
        Process.Spawned s = owner.exec(() -> ProcLib.startMonitor(() -> {
            ProcLib.initAck();
            GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal"));
        }, T, io.loomotp.runtime.SpawnOptions.defaults()));
        assertThat(GenServer.call(s.pid(), "get")).isEqualTo(0);
        GenServer.cast(s.pid(), "crash");
        Down down = (Down) owner.next(); // a message between two actions goes to the probe's queue
        assertThat(down.ref()).isEqualTo(s.ref());
        assertThat(down.reason().isNormal()).isFalse();
        // the server's crash report, once: proc_lib's own is not added for an end the loop reported
        assertThat(reports.of(io.loomotp.runtime.report.CrashReport.class)).singleElement()
                .satisfies(r -> assertThat(r.behaviour()).isEqualTo("gen_server"));
    }

    @Test
    void spec_init_default_timeout_theFirstWaitOnly(Node node) throws Exception {
        Probe starter = Probe.spawn(node);
        TestServer.State state = new TestServer.State("normal");
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            ProcLib.initAck();
            GenServer.enterLoop(TestServer.CALLBACKS, state, StartOptions.defaults(), Duration.ZERO);
        }));
        assertThat(state.infoLog.poll(5, TimeUnit.SECONDS)).isEqualTo(IdleTimeout.INSTANCE);
        assertThat(GenServer.call(pid, "infos")).isEqualTo(java.util.List.of(IdleTimeout.INSTANCE)); // once only
        GenServer.stop(pid);
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        ProcLib.start(node, () -> {
            ProcLib.initAck();
            try {
                GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal"), StartOptions.defaults(),
                        Duration.ofSeconds(-1));
            } catch (IllegalArgumentException e) {
                refused.complete(e);
            }
        });
        assertThat(refused.get(5, TimeUnit.SECONDS)).hasMessageContaining("timeout must not be negative");
    }

    /** Records what the server ran, in order; {@code "log"} answers the record. */
    private static final ServerCallbacks<java.util.List<String>> RECORDING = new ServerCallbacks<>() {
        @Override
        public Object handleCall(java.util.List<String> log, Object request, From from) {
            return java.util.List.copyOf(log);
        }

        @Override
        public boolean handleInfo(java.util.List<String> log, Object message) {
            return log.add("info " + message);
        }

        @Override
        public void handleContinue(java.util.List<String> log, Object continuation) {
            log.add("continue " + continuation);
        }
    };

    @Test
    void enter_loop_continue_runsHandleContinueBeforeAnyMessage(Node node) throws Exception {
        // given: a proc_lib process with a message already in its mailbox
        Probe starter = Probe.spawn(node);
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            ProcLib.initAck();
            Process.send(Process.self(), "queued");
            // when: it enters the loop with {continue, setup}
            GenServer.enterLoopContinuing(RECORDING, new java.util.ArrayList<>(), StartOptions.defaults(), "setup");
        }));
        // then: handleContinue ran first, then the queued message, and the server answers calls
        assertThat(GenServer.call(pid, "log")).isEqualTo(java.util.List.of("continue setup", "info queued"));
    }

    @Test
    void enter_loop_hibernate_thenServesMessagesAndCalls(Node node) throws Exception {
        // given: a proc_lib process that enters the loop hibernating
        Probe starter = Probe.spawn(node);
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            ProcLib.initAck();
            GenServer.enterLoopHibernating(RECORDING, new java.util.ArrayList<>(), StartOptions.defaults());
        }));
        // when: a message and a call come
        Process.send(pid, "hello");
        // then: it handles them as any server
        assertThat(GenServer.call(pid, "log")).isEqualTo(java.util.List.of("info hello"));
        assertThat(node.info(pid).behaviour()).isEqualTo("gen_server");
    }

    @Test
    void enter_loop_continueWithoutHandleContinue_crashesTheServer_namingTheFix(Node node) throws Exception {
        // given: callbacks with no handleContinue
        Probe starter = Probe.spawnTrapping(node);
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            ProcLib.initAck();
            // when: the process enters the loop with a continuation
            GenServer.enterLoopContinuing(TestServer.CALLBACKS, new TestServer.State("normal"),
                    StartOptions.defaults(), "setup");
        }));
        // then: it crashes, and the reason says what is missing
        io.loomotp.runtime.Exit exit = starter.next(io.loomotp.runtime.Exit.class);
        assertThat(exit.from()).isEqualTo(pid);
        assertThat(exit.reason().toString()).contains("handleContinue");
    }

    @Test
    void enter_loop_beforeInitAck_failsTheStart_sayingSo(Node node) {
        Probe starter = Probe.spawn(node);
        assertThatThrownBy(() -> starter.exec(() -> ProcLib.startLink(
                () -> GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal")))))
                .isInstanceOf(StartFailedException.class)
                .hasMessageContaining("call ProcLib.initAck() first");
    }

    @Test
    void enter_loop_notRegisteredUnderTheName_isRefused(Node node) throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        ProcLib.start(node, () -> {
            ProcLib.initAck();
            try {
                GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal"),
                        StartOptions.defaults().withName("nobody"));
            } catch (IllegalStateException e) {
                refused.complete(e);
            }
        });
        assertThat(refused.get(5, TimeUnit.SECONDS)).hasMessageContaining("is not registered as \"nobody\"")
                .hasMessageContaining("process_not_registered");
    }

    @Test
    void enter_loop_withAMailboxOption_isRefused_andFromAThreadThatIsNotAProcess(Node node) throws Exception {
        CompletableFuture<Throwable> mailbox = new CompletableFuture<>();
        ProcLib.start(node, () -> {
            ProcLib.initAck();
            try {
                GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal"),
                        StartOptions.defaults().withMailbox(MailboxSpec.bounded(10, io.loomotp.Overflow.REJECT)));
            } catch (IllegalArgumentException e) {
                mailbox.complete(e);
            }
        });
        assertThat(mailbox.get(5, TimeUnit.SECONDS)).hasMessageContaining("cannot change the mailbox");
        assertThatThrownBy(() -> GenServer.enterLoop(TestServer.CALLBACKS, new TestServer.State("normal")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GenServer.enterLoop");
    }

    /** Waits, with a bound, for a process to be gone. */
    private static final class Await {
        static void gone(Node node, Pid pid) {
            io.loomotp.runtime.testing.Await.until(() -> !node.isAlive(pid), pid + " gone");
        }
    }
}
