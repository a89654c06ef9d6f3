package io.loomotp.it.mutex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessStatus;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.sys.DebugOptions;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The book's mutex, a special process, driven through sys exactly as a server is: the trial run of chapter 10
 * (trace from the start options, log, statistics, status, a kill and a restart by its supervisor, a shutdown), plus
 * suspend and resume, get and replace state, and terminate. On the test kit: each mutex is linked to a probe (or a
 * supervisor) and ends with it after the test, which the leak check sees.
 */
@LoomOtpTest
class MutexTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static Pid startPrinter(TestProbe parent, DebugOptions options) {
        return parent.exec(() -> Mutex.startLink("printer", options));
    }

    /** A client that takes the mutex, then tells the test, from its own process. */
    private static CompletableFuture<Pid> waitInBackground(TestProbe client) {
        CompletableFuture<Pid> holds = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                holds.complete(client.exec(() -> {
                    Mutex.waitFor("printer");
                    return Process.self();
                }));
            } catch (RuntimeException | AssertionError e) {
                holds.completeExceptionally(e);
            }
        });
        return holds;
    }

    /**
     * Lets a mutex outlive the test whose parent probe was also its client: the book's mutex links to the process that
     * takes it and unlinks it at the signal, which, for the parent, drops the parent's link too (a link is one per
     * pair of processes, as in Erlang), so the parent's exit no longer ends the mutex. The node kills it at close.
     */
    private static void parentWasAClient(TestKit kit, Pid mutex) {
        kit.allowAlive(mutex);
    }

    /** A probe that traps exits: its parent's or a linked process's exit comes as a message. */
    private static TestProbe trapping(TestKit kit) {
        TestProbe p = kit.probe();
        p.exec(() -> {
            Process.trapExits(true);
            return null;
        });
        return p;
    }

    @Test
    void startLink_returnsOnceRegistered(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        assertThat(node.whereis("printer")).isEqualTo(mutex);
        assertThat(node.info(mutex).links()).contains(shell.pid());
        assertThat(node.info(mutex).trapExits()).isTrue();
    }

    @Test
    void startLink_nameTaken_failsTheStart(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        startPrinter(shell, DebugOptions.none());
        // the second mutex's process reports its crash, as proc_lib does for an init that throws
        kit.expectCrash(io.loomotp.runtime.AlreadyRegisteredException.class);
        assertThatThrownBy(() -> startPrinter(shell, DebugOptions.none()))
                .cause().isInstanceOf(StartFailedException.class);
        assertThat(node.info(shell.pid())).isNotNull(); // a failed start never takes the starter down
    }

    @Test
    void trace_linesUseTheMutexFormatter(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid mutex = startPrinter(shell, DebugOptions.none().withTrace(lines::add));
        parentWasAClient(kit, mutex);
        shell.exec(() -> {
            Mutex.waitFor("printer");
            Mutex.signal("printer");
            return null;
        });
        SysCalls.getState(mutex, T); // a round trip: the signal has been handled
        assertThat(lines).containsExactly(
                "*DBG* printer init",
                "*DBG* printer {wait," + shell.pid() + "}",
                "*DBG* printer {signal," + shell.pid() + "}");
    }

    /** The facade a user is taught works on a special process exactly as on a server. */
    @Test
    void sysFacade_worksOnTheMutexAsOnAServer(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        parentWasAClient(kit, mutex);
        List<String> lines = new CopyOnWriteArrayList<>();
        io.loomotp.sys.Sys.trace(mutex, lines::add);
        io.loomotp.sys.Sys.statistics(mutex, true);
        shell.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        assertThat(io.loomotp.sys.Sys.getState(mutex)).isEqualTo(new Mutex.State("printer", shell.pid()));
        assertThat(lines).containsExactly("*DBG* printer {wait," + shell.pid() + "}");
        assertThat(io.loomotp.sys.Sys.statistics(mutex).messagesIn()).isGreaterThanOrEqualTo(1);

        io.loomotp.sys.Sys.suspend(mutex);
        assertThat(io.loomotp.sys.Sys.getStatus(mutex).status()).isEqualTo("suspended");
        io.loomotp.sys.Sys.resume(mutex);
        assertThat(io.loomotp.sys.Sys.getStatus(mutex).status()).isEqualTo("running");
        io.loomotp.sys.Sys.trace(mutex, false);
        shell.exec(() -> {
            Mutex.signal("printer");
            return null;
        });
        assertThat(io.loomotp.sys.Sys.getState(mutex)).isEqualTo(new Mutex.State("printer", null));
        assertThat(lines).hasSize(1);
    }

    @Test
    void log_getAndPrint(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        parentWasAClient(kit, mutex);
        SysCalls.log(mutex, DebugOptions.DEFAULT_LOG_SIZE, T);
        shell.exec(() -> {
            Mutex.waitFor("printer");
            Mutex.signal("printer");
            return null;
        });
        List<SysEvent> logged = SysCalls.logGet(mutex, T);
        assertThat(logged).extracting(e -> ((SysEvent.UserEvent) e).event())
                .containsExactly(new Mutex.Wait(shell.pid()), new Mutex.Signal(shell.pid()));
        List<String> printed = new CopyOnWriteArrayList<>();
        SysCalls.logPrint(mutex, printed::add, T);
        assertThat(printed).containsExactly("*DBG* printer {wait," + shell.pid() + "}",
                "*DBG* printer {signal," + shell.pid() + "}");
    }

    @Test
    void statistics_countTheRequests(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        parentWasAClient(kit, mutex);
        SysCalls.statistics(mutex, true, T);
        shell.exec(() -> {
            Mutex.waitFor("printer");
            Mutex.signal("printer");
            return null;
        });
        SysCalls.getState(mutex, T);
        Statistics s = SysCalls.statisticsGet(mutex, T);
        // the wait and the signal, and the get_state, each a message in; the grant a message out
        assertThat(s.messagesIn()).isGreaterThanOrEqualTo(2);
        assertThat(s.messagesOut()).isGreaterThanOrEqualTo(1);
        assertThat(s.currentTime()).isAfterOrEqualTo(s.startTime());
    }

    @Test
    void getStatus_showsTheLoopData(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none().withTrace(line -> { }).withStatistics());
        SysCalls.log(mutex, 10, T);
        SysStatus status = SysCalls.getStatus(mutex, T);
        assertThat(status.pid()).isEqualTo(mutex);
        assertThat(status.name()).isEqualTo("printer");
        assertThat(status.module()).isEqualTo(Mutex.class.getName());
        assertThat(status.status()).isEqualTo("running");
        assertThat(status.parent()).isEqualTo(shell.pid());
        assertThat(status.debug()).containsExactly("trace", "log(10)", "statistics");
        assertThat(status.state()).isEqualTo("{free,printer}");
    }

    @Test
    void getState_andReplaceState(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        shell.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        assertThat(SysCalls.getState(mutex, T)).isEqualTo(new Mutex.State("printer", shell.pid()));
        // an operator frees a mutex whose holder is stuck: the loop continues with the replaced state
        SysCalls.<Mutex.State>replaceState(mutex, s -> new Mutex.State(s.name(), null), T);
        TestProbe other = kit.probe();
        assertThat(other.exec(() -> Mutex.waitFor("printer", T))).isTrue();
    }

    @Test
    void suspend_aWaitingClientWaits_untilResume(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        SysCalls.suspend(mutex, T);
        assertThat(node.info(mutex).status()).isEqualTo(ProcessStatus.SUSPENDED);
        assertThat(SysCalls.getStatus(mutex, T).status()).isEqualTo("suspended");
        TestProbe client = kit.probe();
        CompletableFuture<Pid> holds = waitInBackground(client);
        // the client's wait has arrived and stays in the mailbox: the suspended mutex takes system messages only
        TestKit.awaitAssert(() -> assertThat(node.info(mutex).mailboxLength()).as("the client's wait arrived").isOne());
        assertThat(SysCalls.getState(mutex, T)).isEqualTo(new Mutex.State("printer", null));
        assertThat(holds).isNotDone();
        SysCalls.resume(mutex, T);
        assertThat(holds).succeedsWithin(T).isEqualTo(client.pid());
        assertThat(SysCalls.getState(mutex, T)).isEqualTo(new Mutex.State("printer", client.pid()));
    }

    @Test
    void busy_queuesTheNextClient_inTheMailbox(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        TestProbe first = kit.probe();
        first.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        TestProbe second = kit.probe();
        CompletableFuture<Pid> holds = waitInBackground(second);
        TestKit.awaitAssert(() -> assertThat(node.info(mutex).mailboxLength()).as("the second wait queued").isOne());
        assertThat(holds).isNotDone();
        first.exec(() -> {
            Mutex.signal("printer");
            return null;
        });
        assertThat(holds).succeedsWithin(T).isEqualTo(second.pid());
    }

    @Test
    void holderDies_freesTheMutex(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid mutex = startPrinter(shell, DebugOptions.none());
        TestProbe holder = kit.probe();
        holder.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        Process.exit(holder.pid(), ExitReason.KILL);
        TestKit.awaitAssert(() -> assertThat(SysCalls.getState(mutex, T)).as("the mutex is free")
                .isEqualTo(new Mutex.State("printer", null)));
    }

    @Test
    void terminate_whileBusy_exitsTheHolderAndTheWaiting(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid mutex = startPrinter(shell, DebugOptions.none().withTrace(lines::add));
        TestProbe holder = trapping(kit);
        holder.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        TestProbe waiting = trapping(kit);
        waitInBackground(waiting);
        TestKit.awaitAssert(() -> assertThat(node.info(mutex).mailboxLength()).as("the second wait queued").isOne());
        SysCalls.terminate(mutex, ExitReason.SHUTDOWN, T);
        assertThat(node.whereis("printer")).isNull();
        assertThat(lines).last().isEqualTo("*DBG* printer {terminate,shutdown}");
        holder.expectExit(mutex, ExitReason.SHUTDOWN);
        waiting.fishForMessage(TestKit.DEFAULT_TIMEOUT, "the mutex's exit, shutdown", m ->
                m instanceof io.loomotp.runtime.Exit e && e.from().equals(mutex)
                        && e.reason().equals(ExitReason.SHUTDOWN));
    }

    @Test
    void stop_whenFree_endsWithStopped(Node node, TestKit kit) {
        kit.expectCrash(ExitReason.custom("stopped")); // a proc_lib process's exit(stopped): proc_lib's crash report
        TestProbe shell = trapping(kit);
        Pid mutex = startPrinter(shell, DebugOptions.none());
        shell.exec(() -> {
            Mutex.stop("printer");
            return null;
        });
        io.loomotp.runtime.Exit exit = shell.expectMessage(io.loomotp.runtime.Exit.class);
        assertThat(exit.from()).isEqualTo(mutex);
        assertThat(exit.reason()).isEqualTo(ExitReason.custom("stopped"));
    }

    @Test
    void supervisor_restartsTheMutex_andShutsItDown(Node node, TestKit kit) {
        kit.expectCrash(ExitReason.KILLED); // the supervisor's report of the child it restarts
        List<String> lines = new CopyOnWriteArrayList<>();
        TestProbe shell = kit.probe();
        Pid sup = shell.exec(() -> Supervisor.startLink(() -> SupervisorSpec.of(
                SupervisorFlags.defaults().withIntensity(5, Duration.ofHours(1)),
                ChildSpec.worker("mutex", () -> Mutex.startLink("printer",
                        DebugOptions.none().withTrace(lines::add)))
                        .withRestart(io.loomotp.Restart.TRANSIENT))));
        Pid first = node.whereis("printer");
        assertThat(SysCalls.getStatus(first, T).parent()).isEqualTo(sup);
        Process.exit(first, ExitReason.KILL);
        AtomicReference<Pid> restarted = new AtomicReference<>();
        TestKit.awaitAssert(() -> assertThat(restarted.updateAndGet(_ -> node.whereis("printer")))
                .as("the mutex restarted by its supervisor").isNotNull().isNotEqualTo(first));
        Pid second = restarted.get();
        assertThat(Supervisor.whichChildren(sup)).singleElement()
                .satisfies(c -> assertThat(c.pid()).isEqualTo(second));
        SysCalls.getState(second, T); // a round trip: its init line, written after initAck, is out
        assertThat(lines).containsExactly("*DBG* printer init", "*DBG* printer init");
        // the supervisor's shutdown is the mutex's parent's exit: it cleans up and ends with shutdown
        io.loomotp.runtime.server.GenServer.stop(sup);
        TestKit.awaitAssert(() -> assertThat(node.isAlive(second)).as("the mutex ended with its supervisor").isFalse());
        assertThat(lines).last().isEqualTo("*DBG* printer {terminate,shutdown}");
    }
}
