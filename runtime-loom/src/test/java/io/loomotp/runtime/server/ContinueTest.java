package io.loomotp.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.statem.GenStatem;
import io.loomotp.runtime.statem.StateMachineCallbacks;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Handler.continueWith}, gen_server's {@code {continue, C}}, after {@code gen_server_SUITE}'s {@code continue}
 * case: the continuation runs as soon as the handler (or init) returns, before any message already queued.
 */
@ExtendWith(NodeExtension.class)
class ContinueTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** Logs what it does; init queues a message to itself and then asks to continue, so the order shows. */
    static final class Stepper implements ServerCallbacks<List<String>> {
        @Override
        public InitResult init(List<String> log) {
            log.add("init");
            Process.send(Process.self(), "early"); // already queued when init returns
            Handler.continueWith("setup");
            return InitResult.ok();
        }

        @Override
        public Object handleCall(List<String> log, Object request, From from) {
            log.add("call " + request);
            switch ((String) request) {
                case "steps" -> Handler.continueWith(1);
                case "stop-wins" -> {
                    Handler.continueWith("never");
                    Handler.stop(ExitReason.NORMAL);
                }
                case "boom" -> Handler.continueWith("boom");
                default -> { }
            }
            return List.copyOf(log);
        }

        @Override
        public void handleContinue(List<String> log, Object continuation) {
            log.add("continue " + continuation);
            switch (continuation) {
                case Integer n when n < 3 -> Handler.continueWith(n + 1); // one long job in steps
                case String s when s.equals("boom") -> throw new IllegalStateException("continuation failed");
                default -> { }
            }
        }

        @Override
        public boolean handleInfo(List<String> log, Object message) {
            log.add("info " + message);
            return true;
        }

        @Override
        public Class<?> module() {
            return Stepper.class;
        }
    }

    private static Pid start(Node node, List<String> log) {
        return GenServer.start(node, new Stepper(), () -> log);
    }

    @Test
    void continueFromInit_runsBeforeAMessageAlreadyQueued(Node node) {
        Pid pid = start(node, new CopyOnWriteArrayList<>());
        assertThat(GenServer.call(pid, "log")).isEqualTo(List.of("init", "continue setup", "info early", "call log"));
    }

    @Test
    void continueFromInit_alsoWhenInitRunsOnTheServersOwnThread(Node node) {
        // a start timeout runs init on the new process's thread (the starter waits for the ack)
        Pid pid = GenServer.start(node, new Stepper(), CopyOnWriteArrayList::new,
                StartOptions.defaults().withStartTimeout(T));
        assertThat(GenServer.call(pid, "log")).isEqualTo(List.of("init", "continue setup", "info early", "call log"));
    }

    @Test
    void aContinuationMayContinue_splittingOneJobIntoSteps_beforeTheNextMessage(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid pid = start(node, log);
        GenServer.call(pid, "steps");
        GenServer.call(pid, "log");
        assertThat(log).containsSubsequence("call steps", "continue 1", "continue 2",
                "continue 3", "call log");
    }

    @Test
    void sysTrace_showsTheContinuation(Node node) {
        Pid pid = start(node, new CopyOnWriteArrayList<>());
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(pid, true, lines::add, T);
        GenServer.call(pid, "steps");
        SysCalls.trace(pid, false, null, T);
        assertThat(lines).anyMatch(l -> l.equals("*DBG* " + pid + " continue 1"))
                .anyMatch(l -> l.equals("*DBG* " + pid + " continue 3"));
    }

    @Test
    void stopWinsOverAContinuation(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid pid = start(node, log);
        GenServer.call(pid, "stop-wins");
        Await.until(() -> !node.isAlive(pid), "the server to stop");
        assertThat(log).doesNotContain("continue never");
    }

    @Test
    void aFailingContinuation_crashesTheServer_andTheReportNamesIt(Node node, Reports reports) {
        Pid pid = start(node, new CopyOnWriteArrayList<>());
        GenServer.call(pid, "boom");
        CrashReport r = reports.await(CrashReport.class);
        assertThat(r.lastMessage()).isEqualTo("continue boom");
        assertThat(r.reason().toString()).contains("continuation failed");
        assertThatThrownBy(() -> GenServer.call(pid, "log", T)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aServerWithoutHandleContinue_crashesSayingSo(Node node, Reports reports) {
        ServerCallbacks<List<String>> noContinue = new ServerCallbacks<>() {
            @Override
            public InitResult init(List<String> s) {
                Handler.continueWith("more");
                return InitResult.ok();
            }
        };
        GenServer.start(node, noContinue, ArrayList::new);
        assertThat(reports.await(CrashReport.class).reason().toString())
                .contains("asked to continue with more but has no handleContinue (a @Continue method taking it)");
    }

    @Test
    void aStateMachine_isToldToInsertAnEventInstead(Node node, Reports reports) {
        StateMachineCallbacks<List<String>> machine = new StateMachineCallbacks<>() {
            @Override
            public Object init(List<String> data) {
                return "idle";
            }

            @Override
            public Class<?> module() {
                return ContinueTest.class;
            }

            @Override
            public Object handleEvent(List<String> data, Object state, Object event, From from) {
                Handler.continueWith(event);
                return KEEP;
            }
        };
        Pid m = GenStatem.start(node, machine, ArrayList::new, StartOptions.defaults());
        GenServer.cast(m, "go");
        assertThat(reports.await(CrashReport.class).reason().toString())
                .contains("Handler.continueWith is gen_server's {continue, C}; a gen_statem has no handleContinue: "
                        + "insert an event with Transition.nextEvent");
    }

    @Test
    void outsideAHandler_isRefused() {
        assertThatThrownBy(() -> Handler.continueWith("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Handler.continueWith");
    }
}
