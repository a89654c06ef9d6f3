package io.loomotp.runtime.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.sys.DebugOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ProcLib}: the synchronous start of a special process, after {@code proc_lib_SUITE}'s {@code sync_start_*}
 * and {@code init_fail} cases.
 */
@ExtendWith(NodeExtension.class)
class ProcLibTest {

    /** A special process that registers, acknowledges, then waits to be told to stop. */
    private static void registerThenAck(String name) {
        Process.register(name);
        ProcLib.initAck();
        Process.receive(m -> m.equals("stop"));
    }

    @Test
    void startLink_returnsOnceAcknowledged(Node node) {
        Probe starter = Probe.spawn(node);
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> registerThenAck("acked")));
        // what init did before initAck is visible as soon as startLink returns
        assertThat(node.whereis("acked")).isEqualTo(pid);
        assertThat(node.info(pid).links()).contains(starter.pid());
        assertThat(node.info(pid).behaviour()).isEqualTo(SystemCallbacks.SPECIAL);
        assertThat(node.info(pid).initialCall()).isEqualTo(ProcLibTest.class.getName()); // the lambda's writer
        Process.send(node, "acked", "stop");
    }

    /**
     * proc_lib_SUITE's crash reports: a process started by proc_lib that exits with a reason of its own (not normal or
     * shutdown) is reported with its initial call, ancestors and links; an exception once, not twice; normal,
     * shutdown and a kill from outside are not.
     */
    @Test
    void exitAfterAck_withACustomReason_isACrashReport_normalAndShutdownAndAKillAreNot(Node node, Reports reports) {
        Probe starter = Probe.spawnTrapping(node);
        for (Object how : java.util.List.of("foo", "boom", "normal", "shutdown", "killed")) {
            Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
                ProcLib.initAck();
                Process.receive();
                switch ((String) how) {
                    case "foo" -> throw Process.exit(ExitReason.custom("foo"));
                    case "boom" -> throw new IllegalStateException("boom");
                    case "normal" -> { }
                    case "shutdown" -> throw Process.exit(ExitReason.SHUTDOWN);
                    default -> Process.receive();
                }
            }));
            if (how.equals("killed")) {
                node.exit(pid, ExitReason.KILL);
            } else {
                node.send(pid, "go");
            }
            starter.next(io.loomotp.runtime.Exit.class);
        }
        java.util.List<io.loomotp.runtime.report.CrashReport> crashes =
                reports.of(io.loomotp.runtime.report.CrashReport.class);
        assertThat(crashes).extracting(io.loomotp.runtime.report.CrashReport::reason)
                .containsExactly(ExitReason.custom("foo"), crashes.get(1).reason());
        assertThat(crashes.get(1).reason()).isInstanceOf(ExitReason.Crash.class);
        assertThat(crashes.getFirst().format()).startsWith("** Process <")
                .contains("** Initial call: " + ProcLibTest.class.getName())
                .contains("** Ancestors: [" + starter.pid())
                .contains("** Links: [" + starter.pid() + "]")
                // proc_lib_SUITE's crash case: the neighbours, each linked process with what it does now
                .contains("** Neighbours:\n**   " + starter.pid() + " initial call ")
                .contains(", message queue length ")
                .doesNotContain("When Server state") // a special process's state is its own
                .contains("** Reason for termination ==\n** foo");
        assertThat(reports.of(io.loomotp.runtime.report.ProcessErrorReport.class)).as("not reported twice").isEmpty();
    }

    /**
     * A proc_lib process killed in a blocking JDK call (Thread.sleep) ends with the kill's InterruptedException: no
     * crash report of its own, as a killed process writes none (it reported the interrupt as its crash). The rule is
     * ProcessImpl.report's, for every behaviour: a dead process's report is dropped.
     */
    @Test
    void killedInABlockingCall_writesNoCrashReport(Node node, Reports reports) throws Exception {
        CompletableFuture<Thread> sleeping = new CompletableFuture<>();
        Pid pid = ProcLib.start(node, () -> {
            ProcLib.initAck();
            sleeping.complete(Thread.currentThread());
            Thread.sleep(30_000); // the blocking call a kill interrupts, not a wait of the test's
        });
        Thread t = sleeping.get(10, java.util.concurrent.TimeUnit.SECONDS);
        node.exit(pid, ExitReason.KILL);
        assertThat(t.join(java.time.Duration.ofSeconds(10))).as("its thread ended").isTrue(); // after any report
        assertThat(reports.all()).isEmpty();
    }

    /** proc_lib:spawn_link/1: no waiting, the caller its parent and link, and proc_lib's crash report at its end. */
    @Test
    void spawnLink_isAProcLibProcessWithoutAStart_reportedAsOne(Node node, Reports reports) {
        Probe starter = Probe.spawnTrapping(node);
        CompletableFuture<Pid> parent = new CompletableFuture<>();
        Pid pid = starter.exec(() -> ProcLib.spawnLink(() -> {
            parent.complete(ProcLib.parent());
            Process.receive();
            throw Process.exit(ExitReason.custom("bar"));
        }));
        assertThat(parent.join()).isEqualTo(starter.pid());
        assertThat(node.info(pid).links()).containsExactly(starter.pid());
        node.send(pid, "go");
        assertThat(starter.next(io.loomotp.runtime.Exit.class).reason()).isEqualTo(ExitReason.custom("bar"));
        assertThat(reports.await(io.loomotp.runtime.report.CrashReport.class).format())
                .contains("** Ancestors: [" + starter.pid());
        CompletableFuture<String> ack = new CompletableFuture<>();
        Pid alone = ProcLib.spawn(node, () -> {
            try {
                ProcLib.initAck();
                ack.complete("acknowledged");
            } catch (IllegalStateException e) {
                ack.complete(e.getMessage());
            }
            Process.receive();
        });
        assertThat(ack.join()).contains("ProcLib.spawn waits for nothing");
        assertThat(node.info(alone).links()).isEmpty();
        node.exit(alone, ExitReason.KILL);
    }

    @Test
    void startLink_parentIsTheStarter(Node node) {
        Probe starter = Probe.spawn(node);
        CompletableFuture<Pid> parent = new CompletableFuture<>();
        starter.exec(() -> ProcLib.startLink(() -> {
            ProcLib.initAck();
            parent.complete(ProcLib.parent());
        }));
        assertThat(parent.join()).isEqualTo(starter.pid());
    }

    @Test
    void start_unlinkedFromAThread_hasNoParent(Node node) {
        CompletableFuture<Pid> parent = new CompletableFuture<>();
        Pid pid = ProcLib.start(node, () -> {
            ProcLib.initAck();
            parent.complete(ProcLib.parent());
            Process.receive(m -> m.equals("stop"));
        });
        assertThat(parent.join()).isNull();
        assertThat(node.info(pid).links()).isEmpty();
        Process.send(pid, "stop");
    }

    @Test
    void init_fail_crash_reportedToTheStarter_whichLives(Node node) {
        Probe starter = Probe.spawn(node);
        assertThatThrownBy(() -> starter.exec(() -> ProcLib.startLink(() -> {
            throw new IllegalStateException("no printer");
        }))).isInstanceOfSatisfying(StartFailedException.class, e -> {
            assertThat(e.reason()).isInstanceOf(ExitReason.Crash.class);
            assertThat(e.getCause()).hasMessage("no printer");
        });
        assertThat(node.info(starter.pid())).isNotNull(); // the link was removed before the process died
    }

    @Test
    void init_fail_exitReason_isTheStartsReason(Node node) {
        Probe starter = Probe.spawn(node);
        assertThatThrownBy(() -> starter.exec(() -> ProcLib.startLink(() -> {
            throw Process.exit(ExitReason.custom("busy"));
        }))).isInstanceOfSatisfying(StartFailedException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("busy")));
        assertThat(node.info(starter.pid())).isNotNull();
    }

    @Test
    void init_fail_initFail_givesTheStarterItsReason_andTheProcessEndsOnItsOwn(Node node) {
        Probe starter = Probe.spawn(node);
        CompletableFuture<Throwable> afterwards = new CompletableFuture<>();
        assertThatThrownBy(() -> starter.exec(() -> ProcLib.startLink(() -> {
            Process.register("half_started");
            ProcLib.initFail(ExitReason.custom("no_port")); // OTP 26's proc_lib:init_fail/2
            try {
                ProcLib.initAck();
            } catch (IllegalStateException e) {
                afterwards.complete(e); // no starter waits any more
            }
            throw Process.exit(ExitReason.custom("no_port")); // its own end, after telling why
        }))).isInstanceOfSatisfying(StartFailedException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("no_port")));
        assertThat(afterwards.join()).hasMessageContaining("has no starter waiting");
        Await.until(() -> node.whereis("half_started") == null, "the failed process to end");
        assertThat(node.info(starter.pid())).isNotNull(); // unlinked first: its exit did not reach the starter
    }

    @Test
    void init_returnsWithoutAck_failsWithNormal(Node node) {
        assertThatThrownBy(() -> ProcLib.start(node, () -> { }))
                .isInstanceOfSatisfying(StartFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NORMAL));
    }

    @Test
    void sync_start_timeout_killsTheProcess(Node node) {
        assertThatThrownBy(() -> ProcLib.start(node, () -> {
            Process.register("slow");
            Process.receive(m -> false);
        }, Duration.ofMillis(50), SpawnOptions.defaults()))
                .isInstanceOfSatisfying(StartFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("timeout")));
        Await.until(() -> node.whereis("slow") == null, "the timed-out process to be gone");
    }

    @Test
    void initAck_twice_isRefused(Node node) {
        CompletableFuture<Throwable> second = new CompletableFuture<>();
        ProcLib.start(node, () -> {
            ProcLib.initAck();
            try {
                ProcLib.initAck();
            } catch (IllegalStateException e) {
                second.complete(e);
            }
        });
        assertThat(second.join()).hasMessageContaining("has no starter waiting");
    }

    @Test
    void start_negativeTimeout_isRefused(Node node) {
        assertThatThrownBy(() -> ProcLib.start(node, ProcLib::initAck, Duration.ofMillis(-1), SpawnOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start timeout must not be negative");
    }

    @Test
    void startLink_fromAThread_isRefused() {
        assertThatThrownBy(() -> ProcLib.startLink(() -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ProcLib.startLink");
    }

    @Test
    void sysDebugOptions_inABehaviour_isRefused(Node node) {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        io.loomotp.runtime.server.GenServer.start(node, new io.loomotp.runtime.server.ServerCallbacks<Object>() {
            @Override
            public io.loomotp.runtime.server.InitResult init(Object state) {
                try {
                    SysDebug.options(DebugOptions.none());
                } catch (IllegalStateException e) {
                    refused.complete(e);
                }
                return io.loomotp.runtime.server.InitResult.ok();
            }
        }, Object::new);
        assertThat(refused.join()).hasMessageContaining("runs a gen_server");
    }
}
