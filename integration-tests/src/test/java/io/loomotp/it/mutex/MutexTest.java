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
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The book's mutex, a special process, driven through sys exactly as a server is: the trial run of chapter 10
 * (trace from the start options, log, statistics, status, a kill and a restart by its supervisor, a shutdown), plus
 * suspend and resume, get and replace state, and terminate.
 */
@ExtendWith(NodeExtension.class)
class MutexTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static Pid startPrinter(Probe parent, DebugOptions options) {
        return parent.exec(() -> Mutex.startLink("printer", options));
    }

    /** A client that takes the mutex, then tells the test, from its own process. */
    private static CompletableFuture<Pid> waitInBackground(Probe client) {
        CompletableFuture<Pid> holds = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                holds.complete(client.exec(() -> {
                    Mutex.waitFor("printer");
                    return Process.self();
                }));
            } catch (RuntimeException e) {
                holds.completeExceptionally(e);
            }
        });
        return holds;
    }

    @Test
    void startLink_returnsOnceRegistered(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
        assertThat(node.whereis("printer")).isEqualTo(mutex);
        assertThat(node.info(mutex).links()).contains(shell.pid());
        assertThat(node.info(mutex).trapExits()).isTrue();
    }

    @Test
    void startLink_nameTaken_failsTheStart(Node node) {
        Probe shell = Probe.spawn(node);
        startPrinter(shell, DebugOptions.none());
        assertThatThrownBy(() -> startPrinter(shell, DebugOptions.none()))
                .isInstanceOf(StartFailedException.class);
        assertThat(node.info(shell.pid())).isNotNull(); // a failed start never takes the starter down
    }

    @Test
    void trace_linesUseTheMutexFormatter(Node node) {
        Probe shell = Probe.spawn(node);
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid mutex = startPrinter(shell, DebugOptions.none().withTrace(lines::add));
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
    void sysFacade_worksOnTheMutexAsOnAServer(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
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
    void log_getAndPrint(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
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
    void statistics_countTheRequests(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
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
    void getStatus_showsTheLoopData(Node node) {
        Probe shell = Probe.spawn(node);
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
    void getState_andReplaceState(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
        shell.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        assertThat(SysCalls.getState(mutex, T)).isEqualTo(new Mutex.State("printer", shell.pid()));
        // an operator frees a mutex whose holder is stuck: the loop continues with the replaced state
        SysCalls.<Mutex.State>replaceState(mutex, s -> new Mutex.State(s.name(), null), T);
        Probe other = Probe.spawn(node);
        assertThat(other.exec(() -> Mutex.waitFor("printer", T))).isTrue();
    }

    @Test
    void suspend_aWaitingClientWaits_untilResume(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
        SysCalls.suspend(mutex, T);
        assertThat(node.info(mutex).status()).isEqualTo(ProcessStatus.SUSPENDED);
        assertThat(SysCalls.getStatus(mutex, T).status()).isEqualTo("suspended");
        Probe client = Probe.spawn(node);
        CompletableFuture<Pid> holds = waitInBackground(client);
        // the client's wait has arrived and stays in the mailbox: the suspended mutex takes system messages only
        Await.until(() -> node.info(mutex).mailboxLength() == 1, "the client's wait to arrive");
        assertThat(SysCalls.getState(mutex, T)).isEqualTo(new Mutex.State("printer", null));
        assertThat(holds).isNotDone();
        SysCalls.resume(mutex, T);
        assertThat(holds).succeedsWithin(T).isEqualTo(client.pid());
        assertThat(SysCalls.getState(mutex, T)).isEqualTo(new Mutex.State("printer", client.pid()));
    }

    @Test
    void busy_queuesTheNextClient_inTheMailbox(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
        Probe first = Probe.spawn(node);
        first.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        Probe second = Probe.spawn(node);
        CompletableFuture<Pid> holds = waitInBackground(second);
        Await.until(() -> node.info(mutex).mailboxLength() == 1, "the second wait to queue");
        assertThat(holds).isNotDone();
        first.run(() -> Mutex.signal("printer"));
        assertThat(holds).succeedsWithin(T).isEqualTo(second.pid());
    }

    @Test
    void holderDies_freesTheMutex(Node node) {
        Probe shell = Probe.spawn(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
        Probe holder = Probe.spawn(node);
        holder.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        Process.exit(holder.pid(), ExitReason.KILL);
        Await.until(() -> new Mutex.State("printer", null).equals(SysCalls.getState(mutex, T)),
                "the mutex to be free");
    }

    @Test
    void terminate_whileBusy_exitsTheHolderAndTheWaiting(Node node) {
        Probe shell = Probe.spawn(node);
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid mutex = startPrinter(shell, DebugOptions.none().withTrace(lines::add));
        Probe holder = Probe.spawnTrapping(node);
        holder.exec(() -> {
            Mutex.waitFor("printer");
            return null;
        });
        Probe waiting = Probe.spawnTrapping(node);
        waitInBackground(waiting);
        Await.until(() -> node.info(mutex).mailboxLength() == 1, "the second wait to queue");
        SysCalls.terminate(mutex, ExitReason.SHUTDOWN, T);
        assertThat(node.whereis("printer")).isNull();
        assertThat(lines).last().isEqualTo("*DBG* printer {terminate,shutdown}");
        assertThat(holder.next(io.loomotp.runtime.Exit.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(waiting.drain()).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(
                io.loomotp.runtime.Exit.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.SHUTDOWN)));
    }

    @Test
    void stop_whenFree_endsWithStopped(Node node) {
        Probe shell = Probe.spawnTrapping(node);
        Pid mutex = startPrinter(shell, DebugOptions.none());
        shell.run(() -> Mutex.stop("printer"));
        io.loomotp.runtime.Exit exit = shell.next(io.loomotp.runtime.Exit.class);
        assertThat(exit.from()).isEqualTo(mutex);
        assertThat(exit.reason()).isEqualTo(ExitReason.custom("stopped"));
    }

    @Test
    void supervisor_restartsTheMutex_andShutsItDown(Node node) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Probe shell = Probe.spawn(node);
        Pid sup = shell.exec(() -> Supervisor.startLink(() -> SupervisorSpec.of(
                SupervisorFlags.defaults().withIntensity(5, Duration.ofHours(1)),
                ChildSpec.worker("mutex", () -> Mutex.startLink("printer",
                        DebugOptions.none().withTrace(lines::add)))
                        .withRestart(io.loomotp.Restart.TRANSIENT))));
        Pid first = node.whereis("printer");
        assertThat(SysCalls.getStatus(first, T).parent()).isEqualTo(sup);
        Process.exit(first, ExitReason.KILL);
        Pid second = Await.until(() -> {
            Pid p = node.whereis("printer");
            return p != null && !p.equals(first) ? p : null;
        }, "the supervisor to restart the mutex");
        assertThat(Supervisor.whichChildren(sup)).singleElement()
                .satisfies(c -> assertThat(c.pid()).isEqualTo(second));
        SysCalls.getState(second, T); // a round trip: its init line, written after initAck, is out
        assertThat(lines).containsExactly("*DBG* printer init", "*DBG* printer init");
        // the supervisor's shutdown is the mutex's parent's exit: it cleans up and ends with shutdown
        io.loomotp.runtime.server.GenServer.stop(sup);
        Await.until(() -> node.info(second) == null, "the mutex to end with its supervisor");
        assertThat(lines).last().isEqualTo("*DBG* printer {terminate,shutdown}");
    }
}
