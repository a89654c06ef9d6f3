package io.loomotp.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.UnexpectedMessageReport;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Conformance with OTP's {@code gen_server_SUITE}; each case is named after the OTP case it mirrors. */
@ExtendWith(NodeExtension.class)
class GenServerSuiteTest {

    static Pid start(Node node, String mode) {
        return GenServer.start(node, TestServer.CALLBACKS, () -> new TestServer.State(mode));
    }

    static Pid start(Node node, String mode, StartOptions options) {
        return GenServer.start(node, TestServer.CALLBACKS, () -> new TestServer.State(mode), options);
    }

    @SuppressWarnings("unchecked")
    static List<Object> infos(Pid pid) {
        return (List<Object>) GenServer.call(pid, "infos");
    }

    /** Waits for a process to end and returns its reason. */
    static ExitReason awaitExit(Node node, Pid pid) {
        Probe watcher = Probe.spawn(node);
        MonitorRef ref = watcher.exec(() -> Process.monitor(pid));
        Down down = watcher.next(Down.class);
        assertThat(down.ref()).isEqualTo(ref);
        return down.reason();
    }

    @Nested
    class start {
        @Test
        void anonymous_startsAndStops(Node node) {
            Pid pid = start(node, "plain");
            assertThat(GenServer.call(pid, "started_p")).isEqualTo("ok");
            assertThat(GenServer.call(pid, "stop")).isEqualTo("ok");
            assertThat(awaitExit(node, pid)).isIn(ExitReason.custom("stopped"), ExitReason.NOPROC);
            assertThatThrownBy(() -> GenServer.call(pid, "started_p", Duration.ofMillis(1)))
                    .isInstanceOf(NoProcessException.class);
        }

        @Test
        void withTimeout_initTooSlow_failsWithTimeout_andLeavesNoProcess(Node node) {
            int before = node.processCount();
            assertThatThrownBy(() -> start(node, "sleep",
                    StartOptions.defaults().withStartTimeout(Duration.ofMillis(100))))
                    .isInstanceOfSatisfying(StartFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("timeout")));
            assertThat(node.processCount()).isEqualTo(before);
        }

        /**
         * proc_lib:sync_start kills a process whose init outlasts the start timeout, and a killed process writes no
         * report. Init in a blocking JDK call (Thread.sleep) ends with the kill's InterruptedException, which was
         * reported as init's own crash ("init failed ... InterruptedException") after the start had said timeout.
         */
        @Test
        void withTimeout_initInABlockingCall_failsWithTimeout_andWritesNoReport(Node node, Reports reports)
                throws Exception {
            TestServer.State state = new TestServer.State("thread-sleep");
            assertThatThrownBy(() -> GenServer.start(node, TestServer.CALLBACKS, () -> state,
                    StartOptions.defaults().withStartTimeout(Duration.ofMillis(100))))
                    .isInstanceOfSatisfying(StartFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("timeout")));
            Thread init = state.initThread.get(10, TimeUnit.SECONDS);
            assertThat(init.join(Duration.ofSeconds(10))).as("init's thread ended").isTrue(); // a report comes first
            assertThat(reports.of(CrashReport.class)).isEmpty();
        }

        @Test
        void ignore_returnsNoProcess(Node node) {
            assertThat(start(node, "ignore")).isNull();
        }

        @Test
        void stop_failsTheStart_withoutTerminate(Node node) {
            CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
            assertThatThrownBy(() -> GenServer.start(node, TestServer.CALLBACKS,
                    () -> new TestServer.State("stop", terminated)))
                    .isInstanceOfSatisfying(StartFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("stopped")));
            assertThat(terminated).isNotDone();
        }

        /**
         * OTP 26's {@code {error, Reason}} from init: the start fails with the reason, the process ends normal, so
         * no crash report is written and a linked starter is not taken down; with and without a start timeout (a
         * thread of its own, or init inline on the starter's).
         */
        @Test
        void error_failsTheStartQuietly_withItsReason(Node node, Reports reports) {
            for (StartOptions options : List.of(StartOptions.defaults(),
                    StartOptions.defaults().withStartTimeout(Duration.ofSeconds(10)))) {
                int before = node.processCount();
                Probe starter = Probe.spawn(node);
                assertThatThrownBy(() -> starter.exec(() -> GenServer.startLink(TestServer.CALLBACKS,
                        () -> new TestServer.State("error"), options)))
                        .isInstanceOfSatisfying(StartFailedException.class,
                                e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("port_in_use")));
                assertThat(node.isAlive(starter.pid())).isTrue();
                Await.until(() -> node.processCount() == before + 1, "only the starter left");
            }
            assertThat(reports.of(CrashReport.class)).isEmpty();
        }

        /**
         * proc_lib:sync_start_link answers {error, killed} at once when the new process is killed in its init. With
         * no start timeout the init runs on the starter's own thread, and a kill did not wake its receive: the
         * starter (a supervisor, say) waited for init's own timeout. With a timeout, a kill before the new thread
         * took the start's answer left the starter waiting for the whole timeout. And init in a blocking JDK call
         * (Thread.sleep) run inline was not interrupted: the start failed only when the sleep ended; now the kill
         * interrupts it as it would on a thread of the process's own, and the starter is left uninterrupted.
         */
        @Test
        void aKillDuringInit_endsTheStartAtOnce_withKilled(Node node) {
            for (String mode : List.of("sleep", "thread-sleep")) {
                for (StartOptions options : List.of(StartOptions.defaults().withName("sleeper"),
                        StartOptions.defaults().withName("sleeper").withStartTimeout(Duration.ofMinutes(1)))) {
                    killDuringInit(node, mode, options);
                }
            }
        }

        private void killDuringInit(Node node, String mode, StartOptions options) {
            {
                Probe killer = Probe.spawn(node);
                Thread.ofVirtual().start(() -> {
                    Pid p;
                    while ((p = node.whereis("sleeper")) == null) {
                        Thread.onSpinWait();
                    }
                    node.exit(p, ExitReason.KILL);
                });
                long started = System.nanoTime();
                assertThatThrownBy(() -> killer.exec(Duration.ofSeconds(20), () -> {
                    try {
                        return GenServer.start(node, TestServer.CALLBACKS, () -> new TestServer.State(mode), options);
                    } finally {
                        assertThat(Thread.currentThread().isInterrupted()).as("the starter left uninterrupted")
                                .isFalse();
                    }
                })).isInstanceOfSatisfying(StartFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as(mode + " " + options)
                        .isLessThan(Duration.ofSeconds(20)); // init sleeps 30 s
            }
        }

        /** Handler.stop in init is init's {stop, Reason}: the start fails; it was applied after the first message. */
        @Test
        void handlerStopInInit_failsTheStart(Node node) {
            CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
            assertThatThrownBy(() -> GenServer.start(node, TestServer.CALLBACKS,
                    () -> new TestServer.State("handler-stop", terminated)))
                    .isInstanceOfSatisfying(StartFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("from_init")));
            assertThat(terminated).isNotDone();
        }

        /** sys:debug_options/1 skips a log_to_file it cannot open; the server starts, and logs no file. */
        @Test
        void aLogFileThatCannotBeOpened_doesNotFailTheStart(Node node) {
            try (io.loomotp.runtime.testing.LogCapture.Capture log =
                         io.loomotp.runtime.testing.LogCapture.capture("io.loomotp.runtime.internal.SystemMessages")) {
                Pid p = GenServer.start(node, TestServer.CALLBACKS, () -> new TestServer.State("normal"),
                        StartOptions.defaults().withDebug(io.loomotp.runtime.sys.DebugOptions.none()
                                .withLogFile(java.nio.file.Path.of("/nonexistent-dir/x.log"))));
                assertThat(GenServer.call(p, "started_p")).isEqualTo("ok");
                assertThat(log.await(1).getFirst().message()).contains("log file /nonexistent-dir/x.log not opened");
            }
        }

        @Test
        void initCrash_failsTheStart_withTheCrash(Node node, Reports reports) {
            assertThatThrownBy(() -> start(node, "crash"))
                    .isInstanceOf(StartFailedException.class)
                    .hasRootCauseMessage("init crashed");
            assertThat(reports.await(CrashReport.class).format()).contains("init failed").contains("init crashed");
        }

        @Test
        void factoryReturningNull_failsTheStart(Node node) {
            assertThatThrownBy(() -> GenServer.start(node, TestServer.CALLBACKS, () -> null))
                    .isInstanceOf(StartFailedException.class)
                    .hasRootCauseMessage("the factory of " + TestServer.class.getName() + " returned null");
        }

        @Test
        void linked_parentGetsTheExit(Node node) {
            Probe parent = Probe.spawnTrapping(node);
            Pid pid = parent.exec(() -> GenServer.startLink(TestServer.CALLBACKS, () -> new TestServer.State("p"),
                    StartOptions.defaults()));
            assertThat(GenServer.call(pid, "stop")).isEqualTo("ok");
            assertThat(parent.next()).isEqualTo(new Exit(pid, ExitReason.custom("stopped")));
        }

        @Test
        void linked_initFailure_doesNotTakeTheStarterDown(Node node) {
            Probe parent = Probe.spawn(node); // not trapping exits: a link signal would kill it
            assertThatThrownBy(() -> parent.exec(() -> GenServer.startLink(TestServer.CALLBACKS,
                    () -> new TestServer.State("crash"), StartOptions.defaults())))
                    .isInstanceOf(StartFailedException.class);
            assertThat(node.isAlive(parent.pid())).isTrue();
            assertThat(parent.drain()).isEmpty();
        }

        @Test
        void localRegister_alreadyStarted_namesTheHolder(Node node) {
            Pid pid = start(node, "p", StartOptions.defaults().withName("my_test_name"));
            assertThat(GenServer.call(node, "my_test_name", "started_p", Timeouts.DEFAULT_CALL)).isEqualTo("ok");
            assertThatThrownBy(() -> start(node, "p", StartOptions.defaults().withName("my_test_name")))
                    .isInstanceOfSatisfying(AlreadyStartedException.class,
                            e -> assertThat(e.holder()).isEqualTo(pid));
            GenServer.stop(pid);
            assertThat(node.whereis("my_test_name")).isNull();
        }

        /** {@code {global, Name}} needs a cluster here (OTP's global works on a lone node; ours lives in cluster). */
        @Test
        void globalRegister_onANodeInNoCluster_failsTheStart_andLeavesNothing(Node node) {
            int before = node.processCount();
            Probe parent = Probe.spawn(node);
            assertThatThrownBy(() -> parent.exec(() -> GenServer.startLink(TestServer.CALLBACKS,
                    () -> new TestServer.State("p"), StartOptions.defaults().withGlobalName("my_test_name"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in no cluster");
            assertThat(parent.drain()).isEmpty(); // no exit signal from the process that never ran
            assertThat(node.processCount()).isEqualTo(before + 1); // the probe only
            assertThatThrownBy(() -> StartOptions.defaults().withName("a").withGlobalName("b"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one name, local or global, not both");
        }
    }

    @Nested
    class stop {
        @Test
        void stop1_normal_thenNoproc(Node node) {
            Pid pid = start(node, "p");
            GenServer.stop(pid);
            assertThat(node.isAlive(pid)).isFalse();
            assertThatThrownBy(() -> GenServer.stop(pid)).isInstanceOf(NoProcessException.class);
        }

        @Test
        void stop2_otherReason_runsTerminateWithIt(Node node) {
            CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
            Pid pid = GenServer.start(node, TestServer.CALLBACKS, () -> new TestServer.State("p", terminated));
            GenServer.stop(pid, ExitReason.custom("other_reason"), Timeouts.INFINITY);
            assertThat(node.isAlive(pid)).isFalse();
            assertThat(terminated).isCompletedWithValue(ExitReason.custom("other_reason"));
        }

        /**
         * A caller is told of the server's death whatever the handler did before it (gen's do_call monitors the
         * server): here the handler took a message with a receive of its own, which once left the call unreachable,
         * so the caller waited out its timeout, or forever.
         */
        @Test
        void call_handlerReceivesThenDies_theCallerGetsTheExitAtOnce(Node node, Reports reports) {
            Pid crashing = start(node, "p");
            assertThatThrownBy(() -> GenServer.call(crashing, "receive_then_crash", Timeouts.INFINITY))
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isInstanceOf(ExitReason.Crash.class));
            reports.await(CrashReport.class);
            Pid killed = start(node, "p");
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            node.spawn(() -> {
                try {
                    GenServer.call(killed, "receive_then_wait", Timeouts.INFINITY);
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            // the call and the handler's own "go" taken, and the handler parked in its second receive: an idle
            // server before the call arrived also waits with an empty mailbox, so the count is what tells them apart
            Await.until(() -> node.counters(killed) != null && node.counters(killed).messagesIn() >= 2
                    && node.counters(killed).status() == io.loomotp.runtime.ProcessStatus.WAITING, "the handler waits");
            node.exit(killed, ExitReason.KILL);
            assertThat(outcome.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join())
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
        }

        /** A suspended server's bounded mailbox under DROP_OLDEST drops the oldest cast, not the arriving one. */
        @Test
        void suspended_boundedDropOldest_dropsTheOldest(Node node) {
            Pid pid = start(node, "p", StartOptions.defaults().withMailbox(
                    io.loomotp.runtime.MailboxSpec.bounded(2, io.loomotp.Overflow.DROP_OLDEST)));
            io.loomotp.runtime.sys.SysCalls.suspend(pid, Duration.ofSeconds(5));
            GenServer.cast(pid, new TestServer.Inc(1));
            GenServer.cast(pid, new TestServer.Inc(10));
            Await.until(() -> node.counters(pid).unseenMessages() == 0, "the suspended loop looked at both");
            GenServer.cast(pid, new TestServer.Inc(100)); // full: the oldest, Inc(1), goes
            io.loomotp.runtime.sys.SysCalls.resume(pid, Duration.ofSeconds(5));
            Await.until(() -> node.counters(pid).mailboxLength() == 0, "both casts handled"); // room for the call
            assertThat(GenServer.call(pid, "get")).isEqualTo(110);
            assertThat(node.counters(pid).droppedMessages()).isEqualTo(1);
            GenServer.stop(pid);
        }

        /** A deferred reply (gen_server:reply/2) is a send of the server, counted in its messages out. */
        @Test
        void call_deferredReply_countsInTheServersMessagesOut(Node node) {
            Pid pid = start(node, "p");
            long before = node.counters(pid).messagesOut();
            CompletableFuture<Object> reply = new CompletableFuture<>();
            node.spawn(() -> reply.complete(GenServer.call(pid, "defer", Timeouts.INFINITY)));
            Await.until(() -> node.counters(pid).messagesIn() >= 1, "the server took the call");
            GenServer.cast(pid, new TestServer.Answer("later"));
            assertThat(reply.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo("later");
            // counted by the replier just after the reply reaches the caller: wait for it, then check it is one
            Await.until(() -> node.counters(pid).messagesOut() >= before + 1, "the reply counted");
            assertThat(node.counters(pid).messagesOut()).isEqualTo(before + 1);
            GenServer.stop(pid);
        }

        /** system_terminate passes no last message: the call handled before the stop is not blamed for it. */
        @Test
        void stop3_otherReason_crashReportNamesNoLastMessage(Node node, Reports reports) {
            Pid pid = start(node, "p");
            assertThat(GenServer.call(pid, "started_p")).isEqualTo("ok");
            GenServer.stop(pid, ExitReason.custom("my_reason"), Timeouts.INFINITY);
            CrashReport report = reports.await(CrashReport.class);
            assertThat(report.lastMessage()).isNull();
            assertThat(report.format()).doesNotContain("Last message").contains("my_reason");
        }

        @Test
        void stop3_invalidTimeout_isRefused_andTheServerLives(Node node) {
            Pid pid = start(node, "p");
            assertThatThrownBy(() -> GenServer.stop(pid, ExitReason.NORMAL, Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(node.isAlive(pid)).isTrue();
            GenServer.stop(pid);
            assertThat(node.isAlive(pid)).isFalse();
        }

        @Test
        void stop_terminateCrashes_reportsTheNewReason(Node node, Reports reports) {
            Pid pid = start(node, "bad_terminate");
            assertThatThrownBy(() -> GenServer.stop(pid))
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isInstanceOf(ExitReason.Crash.class));
            assertThat(reports.await(CrashReport.class).format()).contains("terminate crashed");
        }

        @Test
        void stop_suspendedServer_stillStops(Node node) {
            Pid pid = start(node, "p");
            io.loomotp.runtime.sys.SysCalls.suspend(pid, Duration.ofSeconds(5));
            GenServer.stop(pid);
            assertThat(node.isAlive(pid)).isFalse();
        }
    }

    @Nested
    class crash {
        @Test
        void shutdownReason_noCrashReport(Node node, Reports reports) {
            Probe parent = Probe.spawnTrapping(node);
            Pid pid = parent.exec(() -> GenServer.startLink(TestServer.CALLBACKS, () -> new TestServer.State("p"),
                    StartOptions.defaults()));
            assertThatThrownBy(() -> GenServer.call(pid, "shutdown_reason"))
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.shutdown("reason")));
            assertThat(parent.next()).isEqualTo(new Exit(pid, ExitReason.shutdown("reason")));
            assertThat(reports.of(CrashReport.class)).isEmpty();
        }

        @Test
        void crash_reportNamesLastMessageAndState(Node node, Reports reports) {
            Pid pid = start(node, "p");
            GenServer.cast(pid, new TestServer.Inc(4));
            assertThatThrownBy(() -> GenServer.call(pid, "crash"))
                    .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                        assertThat(e.reason()).isInstanceOf(ExitReason.Crash.class);
                        assertThat(e.getCause()).hasMessage("crashed");
                    });
            CrashReport report = reports.await(CrashReport.class);
            assertThat(report.pid()).isEqualTo(pid);
            assertThat(report.lastMessage()).isEqualTo("call crash from " + node.systemPid());
            assertThat(report.state()).isEqualTo("{formatted, 4}");
            assertThat(report.format())
                    .startsWith("** Generic server " + pid + " terminating")
                    .contains("** Last message in was call crash from")
                    .contains("** When Server state == {formatted, 4}")
                    .contains("java.lang.IllegalStateException: crashed");
            assertThat(reports.of(CrashReport.class)).hasSize(1);
        }

        @Test
        void checkedException_crashesLikeAnyOther(Node node, Reports reports) {
            Pid pid = start(node, "p");
            assertThatThrownBy(() -> GenServer.call(pid, "checked")).isInstanceOf(ProcessExitException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
            assertThat(reports.await(CrashReport.class).reason()).isInstanceOf(ExitReason.Crash.class);
        }

        @Test
        void castCrash_isReportedWithTheCast(Node node, Reports reports) {
            Pid pid = start(node, "p");
            GenServer.cast(pid, "crash");
            assertThat(awaitExit(node, pid)).isInstanceOfAny(ExitReason.Crash.class, ExitReason.NoProc.class);
            assertThat(reports.await(CrashReport.class).lastMessage()).isEqualTo("cast crash");
        }
    }

    @Nested
    class call {
        /** OTP's gen:call exits {Reason, {gen_server, call, [Pid, Request]}}: the message names the call that failed. */
        @Test
        void toAPlainProcessThatTakesItAndEnds_processExitNamesTheCall(Node node) {
            Pid plain = node.spawn(() -> Process.receive());
            assertThatThrownBy(() -> GenServer.call(plain, "which_state", Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ExitReason.NORMAL);
                        assertThat(e.pid()).isEqualTo(plain);
                        assertThat(e).hasMessage("process " + plain + " exited: normal, during the call which_state");
                    });
        }

        @Test
        void delayedAnswer_withinTimeout(Node node) {
            Pid pid = start(node, "p");
            assertThat(GenServer.call(pid, new TestServer.Delayed(Duration.ofMillis(1)), Duration.ofSeconds(5)))
                    .isEqualTo("delayed");
        }

        @Test
        void timeout_thenLateReplyIsDiscarded(Node node) {
            Pid pid = start(node, "p");
            Probe caller = Probe.spawn(node);
            assertThatThrownBy(() -> caller.exec(() ->
                    GenServer.call(pid, new TestServer.Delayed(Duration.ofSeconds(1)), Duration.ofMillis(1))))
                    .isInstanceOfSatisfying(CallTimeoutException.class, e -> {
                        assertThat(e.callee()).isEqualTo(pid);
                        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(1));
                    });
            // the server is still working on it; once it is done, the caller's mailbox must hold nothing from it
            assertThat(GenServer.call(pid, "started_p")).isEqualTo("ok");
            assertThat(caller.drain()).isEmpty();
            assertThat(caller.exec(() -> Process.receive(Duration.ZERO))).isNull();
        }

        @Test
        void noproc(Node node) {
            Pid pid = start(node, "p");
            GenServer.stop(pid);
            assertThatThrownBy(() -> GenServer.call(pid, "started_p"))
                    .isInstanceOf(NoProcessException.class)
                    .hasMessageContaining("no process " + pid);
        }

        @Test
        void calleeDiesMidCall_raisesItsReason(Node node) {
            Pid pid = start(node, "p");
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    GenServer.call(pid, "defer", Duration.ofSeconds(10));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            // the call is deferred (held by the server); killing the server must fail it at once, not at 10 s
            io.loomotp.runtime.testing.Await.until(() -> node.info(pid).messagesIn() >= 1, "the call to arrive");
            node.exit(pid, ExitReason.custom("mid_call"));
            assertThat(outcome).succeedsWithin(Duration.ofSeconds(5))
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("mid_call")));
        }

        @Test
        void queuedCalls_failWhenTheCalleeDies(Node node) throws Exception {
            Pid pid = start(node, "p");
            io.loomotp.runtime.sys.SysCalls.suspend(pid, Duration.ofSeconds(5)); // calls now wait in the queue
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    GenServer.call(pid, "get", Duration.ofSeconds(10));
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            io.loomotp.runtime.testing.Await.until(() -> node.info(pid).mailboxLength() >= 1, "the call to queue");
            node.exit(pid, ExitReason.KILL);
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
        }

        @Test
        void nullReply_isAReply(Node node) {
            Pid pid = start(node, "p");
            assertThat(GenServer.call(pid, "null")).isNull();
        }

        @Test
        void callingSelf_isRefusedWithAClearError(Node node) {
            Probe p = Probe.spawn(node);
            assertThatThrownBy(() -> p.exec(() -> GenServer.call(p.pid(), "x")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("called itself");
            // a stop of itself names the way a handler stops its server (a new user's finding: it said to handle the
            // request directly)
            assertThatThrownBy(() -> p.exec(() -> {
                GenServer.stop(p.pid());
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("call Handler.stop(reason) there");
        }

        /** A call to {@code pid} that it defers (keeping its From), from a thread of its own, once it has arrived. */
        private CompletableFuture<Object> deferredCall(Node node, Pid pid) {
            CompletableFuture<Object> reply = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> reply.complete(GenServer.call(pid, "defer")));
            io.loomotp.runtime.testing.Await.until(() -> node.info(pid).messagesIn() >= 1, "the call to arrive");
            return reply;
        }

        @Test
        void deferredReply_fromAnotherProcess(Node node) {
            Pid pid = start(node, "p");
            CompletableFuture<Object> reply = deferredCall(node, pid);
            GenServer.cast(pid, new TestServer.Answer("later"));
            assertThat(reply).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("later");
        }

        @Test
        void deferredReply_theKeptFrom_keepsNoMessageTakenAfterIt(Node node) {
            // A server that keeps a From to answer later must not keep every message it takes meanwhile: the From is
            // the call's envelope, and the mailbox once left each taken envelope linked to the next.
            Pid pid = start(node, "p");
            CompletableFuture<Object> reply = deferredCall(node, pid);
            List<java.lang.ref.WeakReference<Object>> later = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                TestServer.Inc inc = new TestServer.Inc(1);
                later.add(new java.lang.ref.WeakReference<>(inc));
                GenServer.cast(pid, inc);
            }
            assertThat(GenServer.call(pid, "get")).isEqualTo(1_000);
            GenServer.cast(pid, new TestServer.Inc(0)); // and one more: the get's envelope is not the last taken
            assertThat(GenServer.call(pid, "get")).isEqualTo(1_000);
            io.loomotp.runtime.testing.Await.until((java.util.function.BooleanSupplier) () -> {
                System.gc();
                return later.stream().allMatch(r -> r.get() == null);
            }, "the casts taken after the deferred call to be collected");
            GenServer.cast(pid, new TestServer.Answer("later"));
            assertThat(reply).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("later");
        }
    }

    @Nested
    class castAndInfo {
        @Test
        void cast(Node node) {
            Pid pid = start(node, "p");
            for (int i = 0; i < 100; i++) {
                GenServer.cast(pid, new TestServer.Inc(1));
            }
            assertThat(GenServer.call(pid, "get")).isEqualTo(100);
        }

        @Test
        void cast_toDeadServer_isDroppedSilently(Node node) {
            Pid pid = start(node, "p");
            GenServer.stop(pid);
            GenServer.cast(pid, new TestServer.Inc(1));
        }

        @Test
        void info(Node node) {
            Pid pid = start(node, "p");
            node.send(pid, 42);
            assertThat(GenServer.call(pid, "infos")).isEqualTo(List.of(42));
        }

        @Test
        void info_unknown_isReportedOncePerType_andDropped(Node node, Reports reports) {
            Pid pid = start(node, "p");
            node.send(pid, "first string");
            node.send(pid, "second string");
            node.send(pid, 1.5);
            assertThat(GenServer.call(pid, "started_p")).isEqualTo("ok");
            List<UnexpectedMessageReport> r = reports.of(UnexpectedMessageReport.class);
            assertThat(r).extracting(UnexpectedMessageReport::message).containsExactly("first string", "1.5");
            assertThat(node.isAlive(pid)).isTrue();
        }

        private static Object nextInfo(TestServer.State s) throws InterruptedException {
            Object m = s.infoLog.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("an info message within 5 s").isNotNull();
            return m;
        }

        @Test
        void idleTimeout_fromInit(Node node) throws Exception {
            TestServer.State s = new TestServer.State("timeout");
            GenServer.start(node, TestServer.CALLBACKS, () -> s);
            assertThat(nextInfo(s)).isEqualTo(IdleTimeout.INSTANCE);
        }

        @Test
        void idleTimeout_perWait_fromAHandler(Node node) throws Exception {
            TestServer.State s = new TestServer.State("p");
            Pid pid = GenServer.start(node, TestServer.CALLBACKS, () -> s);
            assertThat(GenServer.call(pid, "idle")).isEqualTo("ok");
            assertThat(nextInfo(s)).isEqualTo(IdleTimeout.INSTANCE);
            // it covered one wait only: the next info is the one we send, not a second timeout
            node.send(pid, 7);
            assertThat(nextInfo(s)).isEqualTo(7);
        }

        @Test
        void idleTimeout_ofInfinity_isNone(Node node) throws Exception {
            TestServer.State s = new TestServer.State("p");
            Pid pid = GenServer.start(node, TestServer.CALLBACKS, () -> s);
            assertThat(GenServer.call(pid, "idle_then_infinity")).isEqualTo("ok");
            node.sendAfter(Duration.ofMillis(50), pid, 7); // after the 10 ms the first request asked for
            assertThat(nextInfo(s)).isEqualTo(7);
        }

        @Test
        void idleTimeout_isCancelledByAMessage(Node node) throws Exception {
            TestServer.State s = new TestServer.State("p");
            Pid pid = GenServer.start(node, TestServer.CALLBACKS, () -> s,
                    StartOptions.defaults().withIdleTimeout(Duration.ofHours(1)));
            node.send(pid, 1);
            assertThat(nextInfo(s)).isEqualTo(1);
        }

        @Test
        void idleTimeout_persistent_fromOptions(Node node) throws Exception {
            TestServer.State s = new TestServer.State("p");
            GenServer.start(node, TestServer.CALLBACKS, () -> s,
                    StartOptions.defaults().withIdleTimeout(Duration.ofMillis(5)));
            for (int i = 0; i < 3; i++) {
                assertThat(nextInfo(s)).isEqualTo(IdleTimeout.INSTANCE);
            }
        }

        @Test
        void hibernate_thenServesTheNextCall(Node node) {
            Pid pid = start(node, "p");
            assertThat(GenServer.call(pid, "hibernate")).isEqualTo("ok");
            assertThat(GenServer.call(pid, "started_p")).isEqualTo("ok");
        }

        @Test
        void parentExit_whenTrapping_runsTerminateWithItsReason(Node node) {
            CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
            Probe parent = Probe.spawn(node);
            Pid pid = parent.exec(() -> GenServer.startLink(TestServer.CALLBACKS,
                    () -> new TestServer.State("trap", terminated), StartOptions.defaults()));
            Pid parentPid = parent.pid();
            node.exit(parentPid, ExitReason.shutdown("bye"));
            assertThat(terminated).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(ExitReason.shutdown("bye"));
        }

        @Test
        void exitFromOtherProcess_whenTrapping_isAnInfo(Node node) {
            Pid pid = start(node, "trap");
            node.exit(pid, ExitReason.custom("not_from_parent"));
            assertThat(GenServer.call(pid, "infos"))
                    .isEqualTo(List.of(new Exit(node.systemPid(), ExitReason.custom("not_from_parent"))));
        }

        @Test
        void callWithHugeMessageQueue(Node node) {
            Pid pid = start(node, "p");
            io.loomotp.runtime.sys.SysCalls.suspend(pid, Duration.ofSeconds(5));
            for (int i = 0; i < 100_000; i++) {
                node.send(pid, i);
            }
            io.loomotp.runtime.sys.SysCalls.resume(pid, Duration.ofSeconds(5));
            assertThat(GenServer.call(pid, "started_p", Duration.ofSeconds(30))).isEqualTo("ok");
            assertThat(infos(pid)).hasSize(100_000);
        }
    }
}
