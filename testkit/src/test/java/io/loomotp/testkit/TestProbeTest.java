package io.loomotp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallRequest;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.CastRequest;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.report.ProgressReport;
import io.loomotp.runtime.server.GenServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each expectation of a probe, passing and failing; a failure says what came instead. */
@LoomOtpTest
class TestProbeTest {
    private static final Duration SHORT = Duration.ofMillis(50);

    @Test
    void expectMessage_byType(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.send(probe.pid(), 42);
        assertThat(probe.expectMessage(Integer.class)).isEqualTo(42);
    }

    /**
     * With the wall clock, a message already in the probe's mailbox counts, as Erlang's {@code after 0} sees it (a
     * new user's finding: it passed in about a third of tries).
     */
    @Test
    void expectNoMessage_zero_seesAMessageAlreadyInTheMailbox(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        for (int i = 0; i < 50; i++) {
            node.send(probe.pid(), "x" + i);
            int n = i;
            assertThatThrownBy(() -> probe.expectNoMessage(java.time.Duration.ZERO)).as("try %d", n)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("\"x" + n + "\"");
        }
    }

    /** A primitive type stands for its box, as in {@code Process.receive(int.class, ...)} (it never matched). */
    @Test
    void expectMessage_byPrimitiveType_matchesItsBox(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.send(probe.pid(), 7);
        node.send(probe.pid(), 8L);
        int seven = probe.expectMessage(int.class);
        assertThat(seven).isEqualTo(7);
        assertThatThrownBy(() -> probe.expectMessage(int.class, SHORT))
                .hasMessage("probe " + probe.pid() + ": expected a message of type Integer, but received Long 8");
    }

    /** Misuses a newcomer makes: a negative wait, and a Down expected of a pid the probe never monitored. */
    @Test
    void misuse_aNegativeWait_refused_aDownNotMonitored_saidSo(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        assertThatThrownBy(() -> probe.expectMessage(String.class, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> probe.expectNoMessage(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> probe.fishForMessage(Duration.ofSeconds(-1), "x", m -> true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> probe.receiveN(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more messages");
        Pid other = node.spawn(() -> { });
        assertThatThrownBy(() -> probe.expectDown(other)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("probe.monitor(" + other + ") was not called");
    }

    /** An Exit expected of a pid the probe never linked to says so, as expectDown does of a monitor. */
    @Test
    void expectExit_ofAProcessNotLinked_saysLinkWasNotCalled(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid other = node.spawn(() -> { });
        assertThatThrownBy(() -> probe.expectExit(other, ExitReason.NORMAL)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("received nothing (probe.link(" + other + ") was not called: an Exit message "
                        + "comes only to a process that is linked and traps exits");
        Pid linked = node.spawn(() -> Process.receive());
        probe.link(linked);
        node.send(linked, "go");
        assertThat(probe.expectExit(linked, ExitReason.NORMAL).from()).isEqualTo(linked);
    }

    /**
     * {@code Timeouts.INFINITY}, the runtime's "forever", is a legal wait for every expectation (OTP's
     * {@code receive ... after infinity}): it waits as long as the test's {@code @Timeout} lets it, and never overflows
     * in {@code Duration.toNanos} (a new user's finding: an ArithmeticException from inside the probe).
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void expectations_waitOfInfinity_waitUntilTheMessageComes(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid sender = node.spawn(() -> {
            Process.receive(); // the go
            for (int i = 1; i <= 4; i++) {
                Process.send(probe.pid(), i);
            }
        });
        node.send(sender, "go");
        assertThat(probe.expectMessage(Integer.class, Timeouts.INFINITY)).isEqualTo(1);
        assertThat(probe.receiveN(1, Timeouts.INFINITY)).containsExactly(2);
        assertThat(probe.fishForMessage(Timeouts.INFINITY, "4", m -> m.equals(4))).isEqualTo(4);
        node.send(probe.pid(), "late");
        assertThat(probe.expectMessageEquals("late", Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo("late");
        TestKit.awaitAssert(Timeouts.INFINITY, () -> assertThat(node.isAlive(sender)).isFalse());
        CrashExpectation crash = kit.expectCrash(IllegalStateException.class);
        node.spawn(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(crash.await(Timeouts.INFINITY)).isNotNull();
    }

    @Test
    void expectMessage_byType_failsWithWhatCame(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.send(probe.pid(), "hi");
        node.send(probe.pid(), 7);
        probe.exec(() -> null); // through the probe's mailbox after both: both are recorded
        assertThatThrownBy(() -> probe.expectMessage(Integer.class))
                .isInstanceOf(AssertionError.class)
                .hasMessage("probe " + probe.pid() + ": expected a message of type Integer, but received "
                        + "String \"hi\" (then [Integer 7])");
    }

    /**
     * {@code expectCrash(KILL)} matches the report of a process killed by the signal, whose reason is {@code killed}
     * (OTP's), as a user first writes it (a new user's finding: it never matched).
     */
    @Test
    void expectCrash_kill_matchesTheReportOfAKilledChild(TestKit kit, Node node) {
        CrashExpectation killed = kit.expectCrash(ExitReason.KILL);
        Pid sup = io.loomotp.runtime.supervisor.Supervisor.start(node, () -> io.loomotp.runtime.supervisor
                .SupervisorSpec.of(io.loomotp.runtime.supervisor.SupervisorFlags.defaults(),
                        io.loomotp.runtime.supervisor.ChildSpec.worker("w",
                                () -> Process.spawnLink(() -> Process.receive()))));
        Pid child = io.loomotp.runtime.supervisor.Supervisor.whichChildren(sup).getFirst().pid();
        node.exit(child, ExitReason.KILL);
        killed.await();
        GenServer.stop(sup);
    }

    /**
     * An expectation also matches the reports made before it was declared (a child's first start), so a wait for a
     * restart leaves out the old pid: the docs' recipe (docs/testing.md, "expectReport").
     */
    @Test
    void expectReport_matchesEarlierReports_aRestartIsAwaitedByLeavingOutTheOldPid(TestKit kit, Node node) {
        Pid sup = io.loomotp.runtime.supervisor.Supervisor.start(node, () -> io.loomotp.runtime.supervisor
                .SupervisorSpec.of(io.loomotp.runtime.supervisor.SupervisorFlags.defaults(),
                        io.loomotp.runtime.supervisor.ChildSpec.worker("w",
                                () -> Process.spawnLink(() -> Process.receive()))));
        Pid old = io.loomotp.runtime.supervisor.Supervisor.whichChildren(sup).getFirst().pid();
        // declared after the first start: that start's report matches at once
        assertThat(((ProgressReport) kit.expectReport("w started", r -> r instanceof ProgressReport p
                && p.started().id().equals("w")).await()).started().pid()).isEqualTo(old);

        kit.expectCrash(ExitReason.KILL); // the supervisor's child_terminated report
        CrashExpectation restarted = kit.expectReport("w restarted", r -> r instanceof ProgressReport p
                && p.started().id().equals("w") && !p.started().pid().equals(old));
        node.exit(old, ExitReason.KILL);
        Pid fresh = ((ProgressReport) restarted.await()).started().pid();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(node.isAlive(fresh)).isTrue();
        GenServer.stop(sup);
    }

    /** A probe is bound to no thread: another plain thread, or another process, may expect on it (docs say so). */
    @Test
    void expectations_fromAnotherThread_orFromAnotherProcess(TestKit kit, Node node) throws Exception {
        TestProbe probe = kit.probe();
        node.send(probe.pid(), 1);
        node.send(probe.pid(), 2);
        java.util.concurrent.CompletableFuture<Integer> fromThread = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().start(() -> fromThread.complete(probe.expectMessage(Integer.class)));
        assertThat(fromThread.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(kit.probe().exec(() -> probe.expectMessage(Integer.class))).isEqualTo(2);
    }

    /** A probe killed by a link says so, with the reason, instead of only "received nothing". */
    @Test
    void expectMessage_ofAProbeADeadLinkTookDown_saysTheProbeIsDeadAndWhy(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid linked = probe.exec(() -> Process.spawnLink(() -> Process.receive()));
        node.exit(linked, ExitReason.custom("boom"));
        TestKit.awaitAssert(() -> assertThat(node.isAlive(probe.pid())).as("the probe died with its link").isFalse());
        assertThatThrownBy(() -> probe.expectMessage(Integer.class, SHORT))
                .hasMessageContaining("received nothing (the probe's process is dead: exit: boom; a probe dies with")
                .hasMessageContaining("Process.trapExits(true)");
        // a dead probe's waits end at once, however long they were allowed (a new user's finding: the whole timeout)
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> probe.expectMessage(Integer.class, java.time.Duration.ofMinutes(5)))
                .hasMessageContaining("the probe's process is dead");
        assertThatThrownBy(() -> probe.exec(() -> 1)).hasMessageContaining("the action cannot run (the probe's "
                + "process is dead");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofMinutes(1));
    }

    /** As Pekko's awaitAssert: a call to a server still restarting throws before its assertion can fail. */
    @Test
    void awaitAssert_retriesAnExceptionAsItRetriesAFailedAssertion() {
        AtomicInteger tries = new AtomicInteger();
        TestKit.awaitAssert(() -> {
            if (tries.incrementAndGet() < 3) {
                throw new io.loomotp.runtime.NoProcessException("frequency", "call allocate");
            }
        });
        assertThat(tries).hasValue(3);
        assertThatThrownBy(() -> TestKit.awaitAssert(Duration.ofMillis(20), () -> {
            throw new IllegalStateException("never");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("java.lang.IllegalStateException: never");
    }

    @Test
    void expectMessage_failsWhenNothingCame(TestKit kit) {
        TestProbe probe = kit.probe();
        assertThatThrownBy(() -> probe.expectMessage(Integer.class, SHORT))
                .hasMessage("probe " + probe.pid() + ": expected a message of type Integer within PT0.05S, but "
                        + "received nothing");
    }

    @Test
    void expectMessage_byPredicate(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.send(probe.pid(), 12);
        assertThat(probe.expectMessage(m -> m instanceof Integer i && i > 10, "a number over 10")).isEqualTo(12);
        node.send(probe.pid(), 3);
        assertThatThrownBy(() -> probe.expectMessage(m -> m instanceof Integer i && i > 10, "a number over 10"))
                .hasMessage("probe " + probe.pid() + ": expected a number over 10, but received Integer 3");
    }

    @Test
    void expectMessageEquals(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.send(probe.pid(), "pong");
        assertThat(probe.expectMessageEquals("pong")).isEqualTo("pong");
        node.send(probe.pid(), "ping");
        assertThatThrownBy(() -> probe.expectMessageEquals("pong"))
                .hasMessage("probe " + probe.pid() + ": expected String \"pong\", but received String \"ping\"");
    }

    @Test
    void expectNoMessage(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        probe.expectNoMessage(SHORT);
        node.send(probe.pid(), "surprise");
        assertThatThrownBy(() -> probe.expectNoMessage(SHORT))
                .hasMessage("probe " + probe.pid() + ": expected no message within PT0.05S, but received String "
                        + "\"surprise\"");
    }

    @Test
    void expectDown_ofAMonitoredProcess(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid worker = node.spawn(() -> Process.receive());
        probe.monitor(worker);
        node.exit(worker, ExitReason.KILL);
        Down down = probe.expectDown(worker, ExitReason.KILLED);
        assertThat(down.reason()).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void expectDown_failsWithTheOtherDown(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid a = node.spawn(() -> Process.receive());
        Pid b = node.spawn(() -> Process.receive());
        probe.monitor(a);
        node.exit(a, ExitReason.KILL);
        assertThatThrownBy(() -> probe.expectDown(b))
                .hasMessageStartingWith("probe " + probe.pid() + ": expected Down from " + b + ", but received Down "
                        + "{'DOWN', #Ref<")
                .hasMessageEndingWith(">, process, " + a + ", killed}");
        node.exit(b, ExitReason.KILL);
    }

    @Test
    void expectExit_ofALinkedProcess(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid worker = node.spawn(() -> Process.receive());
        probe.link(worker);
        node.exit(worker, ExitReason.SHUTDOWN);
        Exit exit = probe.expectExit(worker, ExitReason.SHUTDOWN);
        assertThat(exit.from()).isEqualTo(worker);
    }

    @Test
    void expectExit_failsOnAnotherReason(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid worker = node.spawn(() -> Process.receive());
        probe.link(worker);
        node.exit(worker, ExitReason.KILL);
        assertThatThrownBy(() -> probe.expectExit(worker, ExitReason.SHUTDOWN))
                .hasMessageStartingWith("probe " + probe.pid() + ": expected Exit from " + worker
                        + " with reason shutdown, but received Exit {'EXIT', " + worker + ", killed}");
    }

    @Test
    void receiveN(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.send(probe.pid(), 1);
        node.send(probe.pid(), 2);
        assertThat(probe.receiveN(2)).containsExactly(1, 2);
        node.send(probe.pid(), 3);
        assertThatThrownBy(() -> probe.receiveN(2, SHORT))
                .hasMessage("probe " + probe.pid() + ": expected 2 messages within PT0.05S, but received 1: "
                        + "[Integer 3]");
    }

    /** Erlang's selective receive: the match is taken, the others stay, in order; a late match is waited for. */
    @Test
    void expectMatching_takesTheMatch_andLeavesTheOthersInOrder(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        for (int i = 1; i <= 5; i++) {
            node.send(probe.pid(), i);
        }
        assertThat(probe.expectMatching(Duration.ofSeconds(5), "4", m -> m.equals(4))).isEqualTo(4);
        assertThat(probe.expectMatching(Integer.class, n -> n % 2 == 0)).isEqualTo(2);
        assertThat(probe.receiveN(3)).containsExactly(1, 3, 5);
        Pid sender = node.spawn(() -> {
            Process.receive(m -> m.equals("go"), Duration.ofSeconds(5));
            Process.send(probe.pid(), "late");
        });
        node.send(probe.pid(), "early");
        node.send(sender, "go");
        assertThat(probe.expectMatching(String.class, s -> s.equals("late"))).isEqualTo("late");
        assertThat(probe.expectMessage(String.class)).isEqualTo("early");
        node.send(probe.pid(), 7);
        assertThatThrownBy(() -> probe.expectMatching(SHORT, "a String", m -> m instanceof String))
                .hasMessageStartingWith("probe " + probe.pid() + ": expected a String within PT0.05S, but none came");
        assertThat(probe.expectMessage(Integer.class)).isEqualTo(7);
    }

    @Test
    void fishForMessage_skipsUntilOneMatches(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        for (int i = 1; i <= 5; i++) {
            node.send(probe.pid(), i);
        }
        assertThat(probe.fishForMessage(Duration.ofSeconds(1), "4", m -> m.equals(4))).isEqualTo(4);
        // what fishing skipped is gone, what came after it is still there (it may still be on its way: expect it,
        // drain() takes only what has arrived)
        assertThat(probe.expectMessage(Integer.class)).isEqualTo(5);
        node.send(probe.pid(), "x");
        assertThatThrownBy(() -> probe.fishForMessage(SHORT, "a number", m -> m instanceof Integer))
                .hasMessage("probe " + probe.pid() + ": fished for a number for PT0.05S, but it never came; "
                        + "received [String \"x\"]");
    }

    @Test
    void awaitAssert_retriesUntilItPasses_orFailsWithTheLastFailure() {
        AtomicInteger tries = new AtomicInteger();
        TestKit.awaitAssert(Duration.ofSeconds(1), () -> assertThat(tries.incrementAndGet()).isGreaterThan(3));
        assertThatThrownBy(() -> TestKit.awaitAssert(SHORT, () -> assertThat(1).as("one").isEqualTo(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("still failing after PT0.05S: [one] ");
    }

    @Test
    void stub_answersCallsByTheTestsFunction_andRecordsThem(TestKit kit, Node node) {
        TestProbe stub = kit.stub("prices", request -> request.equals("tea") ? 120 : TestProbe.NO_REPLY);

        assertThat(GenServer.call(node, "prices", "tea", Duration.ofSeconds(1))).isEqualTo(120);
        assertThatThrownBy(() -> GenServer.call(node, "prices", "caviar", Duration.ofMillis(20)))
                .isInstanceOf(CallTimeoutException.class);
        GenServer.cast(node, "prices", "restock");

        assertThat(stub.expectMessage(CallRequest.class).request()).isEqualTo("tea");
        assertThat(stub.expectMessage(CallRequest.class).request()).isEqualTo("caviar");
        assertThat(stub.expectMessage(CastRequest.class).message()).isEqualTo("restock");
    }

    @Test
    void exec_runsInsideTheProbe_andReportsItsFailure(TestKit kit) {
        TestProbe probe = kit.probe();
        assertThat(probe.exec(Process::self)).isEqualTo(probe.pid());
        assertThatThrownBy(() -> probe.exec(() -> {
            throw new IllegalStateException("no");
        })).hasMessage("probe " + probe.pid() + ": the action failed: java.lang.IllegalStateException: no");
    }

    /** drain() right after a send takes the message: it first lets the probe take what is in its mailbox. */
    @Test
    void drain_rightAfterASend_takesIt(TestKit kit) {
        TestProbe probe = kit.probe();
        for (int i = 0; i < 200; i++) {
            kit.node().send(probe.pid(), i);
            assertThat(probe.drain()).as("round " + i).containsExactly(i);
        }
    }

    /**
     * A test's assertion that fails inside exec is the test's failure, as if it had run on the test's thread: the
     * probe lives on (it died, and the kit then counted its crash report as an unexpected error of the test, and
     * later expectations blamed a link). An expectation inside exec, where nothing can come, is refused.
     */
    @Test
    void exec_aFailingAssertionIsTheTestsOwn_andAnExpectationInsideExecIsRefused(TestKit kit) {
        TestProbe probe = kit.probe();
        assertThatThrownBy(() -> probe.exec(() -> {
            assertThat(1).as("inside").isEqualTo(2);
            return null;
        })).isInstanceOf(AssertionError.class).hasMessageContaining("[inside]");
        assertThat(kit.node().isAlive(probe.pid())).isTrue();
        kit.node().send(probe.pid(), "after");
        probe.expectMessageEquals("after");
        assertThatThrownBy(() -> probe.exec(() -> probe.expectMessage(Object.class)))
                .hasMessageContaining("an expectation inside the probe's own exec can see nothing");
    }
}
