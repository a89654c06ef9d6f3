package io.loomotp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.ManualClock;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension's teardown checks, seen from outside: fixture tests (run here through the JUnit launcher, and skipped
 * when the build runs them on their own) leak a process, crash one, or expect a crash, and the failure each gets is
 * asserted.
 */
class LoomOtpExtensionTest {
    private static final String GATE = "loomotp.testkit.fixtures";
    static final AtomicReference<Node> SEEN = new AtomicReference<>();
    static final java.util.Set<Node> NODES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Runs one fixture test method and returns its failure message, or null if it passed. */
    private static String run(Class<?> fixture, String method) {
        System.setProperty(GATE, "on");
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectMethod(fixture, java.util.Arrays.stream(fixture.getDeclaredMethods())
                            .filter(m -> m.getName().equals(method)).findFirst().orElseThrow())).build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            assertThat(summary.getTestsStartedCount()).as("tests started; failures: %s", summary.getFailures()
                    .stream().map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException()).toList())
                    .isEqualTo(1);
            List<TestExecutionSummary.Failure> failures = summary.getFailures();
            if (failures.isEmpty()) {
                return null;
            }
            Throwable t = failures.getFirst().getException();
            List<String> all = new ArrayList<>();
            all.add(t.getMessage());
            for (Throwable s : t.getSuppressed()) {
                all.add(s.getMessage());
            }
            return String.join("\n--\n", all);
        } finally {
            System.clearProperty(GATE);
        }
    }

    /** Runs every fixture test of a class, in the launcher, and returns its summary. */
    private static TestExecutionSummary runClass(Class<?> fixture) {
        System.setProperty(GATE, "on");
        try {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(fixture)).build(),
                    listener);
            return listener.getSummary();
        } finally {
            System.clearProperty(GATE);
        }
    }

    @LoomOtpTest
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class Fixtures {
        @Test
        void leaksAServer(Node node) {
            Pid p = node.spawn(() -> Process.receive());
            node.register("forgotten", p);
        }

        /** What a cluster's join leaves on the node when the test does not close it (as the cluster names them). */
        @Test
        void leaksAClustersProcesses(Node node) {
            node.register("global_name_server", node.spawn(() -> Process.receive()));
            node.register("rex", node.spawn(() -> Process.receive()));
            node.spawn(() -> Process.receive());
        }

        @Test
        void leaksButAllowsIt(Node node, TestKit kit) {
            kit.allowAlive(node.spawn(() -> Process.receive()));
        }

        @Test
        void stopsItsProcessJustAfterTheTest(Node node) {
            Pid p = node.spawn(() -> Process.receive());
            node.send(p, "stop"); // ends on its own, maybe after the test body returned
        }

        @Test
        void crashesUnexpectedly(Node node, TestKit kit) {
            node.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            // the report is made on the crashing process's thread: let it come before the test ends
            TestKit.awaitAssert(() -> assertThat(kit.reports()).isNotEmpty());
        }

        @Test
        void crashesAsExpected(Node node, TestKit kit) {
            CrashExpectation crash = kit.expectCrash(IllegalStateException.class);
            node.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            crash.await();
        }

        @Test
        void expectsACrashThatNeverComes(TestKit kit) {
            kit.expectCrash(new ExitReason.Custom("bad_input"));
        }

        @Test
        void failsAndCrashes(Node node, TestKit kit) {
            CrashExpectation any = kit.expectReport("anything", r -> false);
            node.spawn(() -> {
                throw new IllegalArgumentException("the cause");
            });
            TestKit.awaitAssert(() -> assertThat(kit.reports()).isNotEmpty());
            throw new AssertionError("the test's own failure " + any.matched());
        }

        @Test
        void remembersItsNode(Node node) {
            SEEN.set(node);
        }
    }

    @LoomOtpTest(nodePerClass = true, virtualTime = true)
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class SharedFixtures {
        static Pid beforeAll;

        @BeforeAll
        static void startShared(Node node) {
            beforeAll = node.spawn(() -> Process.receive());
        }

        @Test
        void first(Node node, ManualClock clock) {
            NODES.add(node);
            assertThat(node.isAlive(beforeAll)).isTrue();
            assertThat(clock.elapsed()).isZero();
        }

        @Test
        void second(Node node) {
            NODES.add(node);
            assertThat(node.isAlive(beforeAll)).isTrue();
        }
    }

    /** A process older than the test starts one during it, as a shared supervisor restarting a child does. */
    @LoomOtpTest(nodePerClass = true)
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class FixtureStartsAProcess {
        static Pid spawner;

        @BeforeAll
        static void startSpawner(Node node) {
            spawner = node.spawn(() -> {
                while (true) {
                    Pid asker = (Pid) Process.receive();
                    Pid child = Process.spawn(() -> Process.receive());
                    Process.send(asker, child);
                }
            });
        }

        @Test
        void asksTheFixtureForAProcess(Node node, TestKit kit) {
            TestProbe p = kit.probe();
            node.send(spawner, p.pid());
            Pid child = p.expectMessage(Pid.class);
            assertThat(node.isAlive(child)).isTrue();
        }

        @Test
        void startsOneItself(Node node) {
            node.spawn(() -> Process.receive());
        }
    }

    /** A supervision tree left running: a supervisor of three trapping servers. */
    static Pid startTree(Node node) {
        ServerCallbacks<Object> trapping = new ServerCallbacks<>() {
            @Override
            public InitResult init(Object state) {
                Process.trapExits(true);
                return InitResult.ok();
            }

            @Override
            public Object handleCall(Object state, Object request, io.loomotp.runtime.From from) {
                return request;
            }

            @Override
            public void handleCast(Object state, Object message) {}
        };
        return Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.defaults(),
                ChildSpec.worker("w1", () -> GenServer.startLink(trapping, Object::new, StartOptions.defaults())),
                ChildSpec.worker("w2", () -> GenServer.startLink(trapping, Object::new, StartOptions.defaults())),
                ChildSpec.worker("w3", () -> GenServer.startLink(trapping, Object::new,
                        StartOptions.defaults().withName("w3")))));
    }

    @LoomOtpTest
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class TreeFixtures {
        @Test
        void leaksATree(Node node) {
            startTree(node);
        }
    }

    /** The first test fails leaving a registered process; the second starts the same one (ordered by name). */
    @LoomOtpTest(nodePerClass = true)
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class SharedAfterAFailure {
        @Test
        void a_failsLeavingATree(Node node) {
            startTree(node);
            throw new AssertionError("this test fails");
        }

        @Test
        void b_startsTheSameTree(Node node) {
            Pid sup = startTree(node); // its "w3" would be taken, were the first test's tree still alive
            GenServer.stop(sup);
        }
    }

    /** A class with virtual time and a node name; one method turns only the leak check off. */
    @LoomOtpTest(virtualTime = true, nodeName = "door-node")
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class MethodOverridesOneOption {
        @Test
        @LoomOtpTest(checkLeaks = false)
        void keepsTheClassesVirtualTimeAndName(Node node, TestKit kit) {
            assertThat(kit.clock()).as("the class's virtual time").isNotNull();
            assertThat(node.name()).isEqualTo("door-node");
            node.spawn(io.loomotp.runtime.Process::receive); // left alive: not checked, as the method asked
        }
    }

    @Test
    void aMethodsAnnotation_overridesWhatItSets_andKeepsTheClassesOtherOptions() {
        assertThat(run(MethodOverridesOneOption.class, "keepsTheClassesVirtualTimeAndName")).isNull();
    }

    /** A shared wall-clock node, and one method that asks for virtual time. */
    @LoomOtpTest(nodePerClass = true)
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class SharedWallClockMethodWantsVirtualTime {
        @Test
        @LoomOtpTest(virtualTime = true)
        void wantsVirtualTime(Node node) {
        }
    }

    @Test
    void virtualTimeOnAMethod_ofAClassSharingAWallClockNode_failsSayingSo() {
        assertThat(run(SharedWallClockMethodWantsVirtualTime.class, "wantsVirtualTime"))
                .contains("asks for virtual time, but its class's tests share one node (nodePerClass = true) that "
                        + "follows the wall clock");
    }

    /** With virtual time, the test's thread calls a server that never answers: only the clock could end the wait. */
    @LoomOtpTest(virtualTime = true)
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class StuckOnTheClock {
        @Test
        void callsAServerThatNeverAnswers_fromTheTestsThread(Node node) {
            Pid silent = GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public Object handleCall(Object state, Object request, io.loomotp.runtime.From from) {
                    return NO_REPLY;
                }

                @Override
                public void handleCast(Object state, Object message) {}
            }, Object::new, StartOptions.defaults());
            try {
                GenServer.call(silent, "anyone?", java.time.Duration.ofSeconds(1));
            } finally {
                GenServer.stop(silent);
            }
        }
    }

    @Test
    void virtualTime_aTestThreadWaitingForTheClockItAlone_advances_isInterrupted_withAMessageSayingWhy() {
        String failure = run(StuckOnTheClock.class, "callsAServerThatNeverAnswers_fromTheTestsThread");
        assertThat(failure).contains("interrupted")
                .contains("the test's thread waited 3 s (real time) in io.loomotp.runtime.server.GenServer.call")
                .contains("pending on its virtual clock").contains("probe's exec");
    }

    /**
     * The call the kit interrupted leaves the test's thread interrupted, so the {@code finally}'s stop fails too: the
     * failure shown is the kit's explanation, naming what the test called, with the test's own exception suppressed
     * under it, and the teardown does not repeat it (a new user's finding: the cleanup's CallInterruptedException was
     * the failure, and the kit's reason only a suppressed one).
     */
    @Test
    void virtualTime_aCleanupAfterTheInterruptedCallFails_theKitsExplanationIsTheFailure() {
        TestExecutionSummary summary = runClass(StuckOnTheClock.class);
        assertThat(summary.getFailures()).hasSize(1);
        Throwable failure = summary.getFailures().getFirst().getException();
        assertThat(failure).isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the test's thread waited 3 s (real time) in "
                        + "io.loomotp.runtime.server.GenServer.call, called from io.loomotp.testkit."
                        + "LoomOtpExtensionTest$StuckOnTheClock.callsAServerThatNeverAnswers_fromTheTestsThread("
                        + "LoomOtpExtensionTest.java:")
                .hasMessageContaining("so a call after it, such as a cleanup in a finally, fails at once too");
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0]).isInstanceOf(io.loomotp.runtime.CallInterruptedException.class);
    }

    /** A permanent application: killing its master would end the node, as OTP's rule has it. */
    static io.loomotp.runtime.application.Application permanentApp() {
        return new io.loomotp.runtime.application.Application() {
            @Override
            public String name() {
                return "perm";
            }

            @Override
            public Pid start(io.loomotp.runtime.application.Config config) {
                return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.defaults()));
            }
        };
    }

    /** The first test leaves a permanent application running and fails; the second needs the node open. */
    @LoomOtpTest(nodePerClass = true)
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class SharedAfterAPermanentApp {
        @Test
        void a_failsLeavingAPermanentApplication(Node node) {
            node.start(permanentApp(), io.loomotp.Restart.PERMANENT);
            throw new AssertionError("this test fails");
        }

        @Test
        void b_findsTheNodeOpen(Node node) {
            assertThat(node.isClosed()).isFalse();
            node.start(permanentApp(), io.loomotp.Restart.PERMANENT);
            io.loomotp.runtime.application.Applications.stop(node, "perm");
        }
    }

    @Test
    void nodePerClass_aPermanentApplicationLeftRunning_isStopped_notKilled_soTheNodeStaysOpen() {
        TestExecutionSummary summary = runClass(SharedAfterAPermanentApp.class);
        assertThat(summary.getFailures()).extracting(f -> f.getTestIdentifier().getDisplayName())
                .containsExactly("a_failsLeavingAPermanentApplication(Node)");
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    @Test
    void leak_ofATree_namesEveryProcess_andTheKitsKillsAreNotTheTestsReports() {
        for (int i = 0; i < 5; i++) { // the order of the deaths varied from run to run
            String failure = run(TreeFixtures.class, "leaksATree");
            assertThat(failure).startsWith("4 process(es) started by the test still alive after it")
                    .contains("registered as 'w3'").doesNotContain("unexpected error report");
            assertThat(failure.lines().filter(l -> l.startsWith("  <"))).hasSize(4);
        }
    }

    @Test
    void nodePerClass_aFailedTestsLeftovers_areKilled_soTheNextTestStartsClean() {
        TestExecutionSummary summary = runClass(SharedAfterAFailure.class);
        assertThat(summary.getFailures()).extracting(f -> f.getTestIdentifier().getDisplayName() + ": "
                + f.getException().getMessage()).containsExactly("a_failsLeavingATree(Node): this test fails");
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    @Test
    void aProcessStartedDuringTheTest_byOneOlderThanIt_isNotTheTests() {
        assertThat(run(FixtureStartsAProcess.class, "asksTheFixtureForAProcess")).isNull();
        assertThat(run(FixtureStartsAProcess.class, "startsOneItself"))
                .startsWith("1 process(es) started by the test still alive after it");
    }

    @Test
    void leak_failsTheTest_namingTheProcessAndItsInitialCall() {
        String failure = run(Fixtures.class, "leaksAServer");
        assertThat(failure).matches("(?s)1 process\\(es\\) started by the test still alive after it \\(stop them, or "
                + "TestKit.allowAlive them\\):\n  <\\d+\\.1> registered as 'forgotten', initial call "
                + "io\\.loomotp\\.testkit\\.LoomOtpExtensionTest\\$Fixtures.*");
        // a lambda's initial call names no method: where the process is now does, with the line
        assertThat(failure).contains(", at io.loomotp.testkit.LoomOtpExtensionTest$Fixtures.lambda$leaksAServer$",
                "(LoomOtpExtensionTest.java:");
    }

    /** A cluster's own processes left by a join never closed: the failure says so (it named them with no hint). */
    @Test
    void leak_ofAClustersProcesses_saysTheClusterWasNotClosed() {
        String failure = run(Fixtures.class, "leaksAClustersProcesses");
        assertThat(failure).startsWith("3 process(es) started by the test still alive after it")
                .containsPattern("<\\d+\\.\\d+> \\[cluster\\] registered as 'global_name_server'")
                .containsPattern("<\\d+\\.\\d+> \\[cluster\\] registered as 'rex'")
                .endsWith("\nthe 2 marked [cluster] are the cluster's own processes, which a join starts on the node "
                        + "and its close stops: a TestCluster (or Cluster) joined in the test was not closed; "
                        + "close it, as try (TestCluster cluster = TestCluster.join(node, ...)) { ... }, or in an "
                        + "@AfterEach");
    }

    @Test
    void allowAlive_passes() {
        assertThat(run(Fixtures.class, "leaksButAllowsIt")).isNull();
    }

    @Test
    void aProcessStoppingAsTheTestEnds_isGivenItsGrace() {
        assertThat(run(Fixtures.class, "stopsItsProcessJustAfterTheTest")).isNull();
    }

    @Test
    void unexpectedCrash_failsTheTest_printingTheReport() {
        String failure = run(Fixtures.class, "crashesUnexpectedly");
        assertThat(failure).startsWith("1 unexpected error report(s) (expect them with TestKit.expectCrash):\n")
                .contains("java.lang.IllegalStateException: boom");
    }

    @Test
    void expectedCrash_passes() {
        assertThat(run(Fixtures.class, "crashesAsExpected")).isNull();
    }

    @Test
    void expectedCrashThatNeverCame_failsTheTest() {
        assertThat(run(Fixtures.class, "expectsACrashThatNeverComes"))
                .isEqualTo("expected report(s) that never came: reason bad_input\nreports that came (0):");
    }

    @Test
    void aFailingTest_getsTheUnexpectedReportsAddedToItsFailure() {
        String failure = run(Fixtures.class, "failsAndCrashes");
        assertThat(failure).startsWith("the test's own failure []\n--\n1 unexpected error report(s)")
                .contains("the cause");
    }

    @Test
    void nodePerTest_isClosedAfterIt() {
        run(Fixtures.class, "remembersItsNode");
        assertThat(SEEN.get().isClosed()).isTrue();
    }

    @Test
    void nodePerClass_isSharedByItsTests_andSeesWhatBeforeAllStarted() {
        TestExecutionSummary summary = runClass(SharedFixtures.class);
        assertThat(summary.getFailures()).extracting(f -> f.getException().toString()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(NODES).hasSize(1);
        assertThat(NODES.iterator().next().isClosed()).isTrue();
    }

    /** Two tests on one shared node at once (JUnit's concurrent mode) would each count the other's reports. */
    @Test
    void nodePerClass_refusesASecondTestWhileOneRuns_namingBoth() {
        LoomOtpExtension.NodeHolder shared = LoomOtpExtension.NodeHolder.make("shared", false);
        try {
            shared.take("first()");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.take("second()"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("test 'second()' started while 'first()' runs on the node they share")
                    .hasMessageContaining("@Execution(ExecutionMode.SAME_THREAD)");
            shared.release();
            shared.take("second()");
            shared.release();
        } finally {
            shared.node().close();
        }
    }
}
