package io.loomotp.runtime.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.Restart;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.ApplicationReport;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules of a start, as OTP's application_controller keeps them (a new user's findings): an application starts
 * once however many ask at the same time (its {@code start_req} queue), its own start may not start it again, a failed
 * start is reported and, for a permanent or transient application, stops the node
 * ({@code application_start_failure}), and a misnamed application or dependency gets a precise error.
 */
@ExtendWith(NodeExtension.class)
class ApplicationStartRulesTest {
    private static final Duration T = Duration.ofSeconds(10);

    /** An application whose start waits at a gate, counts its starts, and returns a plain linked process. */
    static final class Gated implements Application {
        final String name;
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(2);
        final AtomicInteger starts = new AtomicInteger();
        final List<Application> deps;

        Gated(String name, List<Application> deps) {
            this.name = name;
            this.deps = deps;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Application> dependencies() {
            return deps;
        }

        @Override
        public Pid start(Config config) throws Exception {
            starts.incrementAndGet();
            entered.countDown();
            gate.await(10, TimeUnit.SECONDS);
            return Process.spawnLink(Process::receive);
        }
    }

    @Test
    void twoStartsAtOnce_startItOnce_andBothGetItsTop(Node node) throws Exception {
        Gated twin = new Gated("twin", List.of());
        CompletableFuture<Pid> first = CompletableFuture.supplyAsync(() -> node.start(twin));
        Await.until(() -> twin.entered.getCount() == 1, "the first start under way");
        CompletableFuture<Pid> second = new CompletableFuture<>();
        Thread starter = Thread.ofPlatform().start(() -> {
            try {
                second.complete(node.start(twin));
            } catch (Throwable e) {
                second.completeExceptionally(e);
            }
        });
        // the second waits for the first's outcome: it does not run start again
        Await.until(() -> starter.getState() == Thread.State.WAITING, "the second start waiting");
        assertThat(twin.starts.get()).isEqualTo(1);
        twin.gate.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(first.get(10, TimeUnit.SECONDS));
        assertThat(twin.starts.get()).isEqualTo(1);
        assertThat(Applications.running(node)).containsExactly("twin");
        assertThatThrownBy(() -> node.start(twin)).isInstanceOfSatisfying(ApplicationStartException.class,
                e -> assertThat(e.alreadyStarted()).isTrue());
    }

    @Test
    void ensureAllStartedTwiceAtOnce_aSharedDependency_startsOnce(Node node) throws Exception {
        Gated db = new Gated("db", List.of());
        Gated a = new Gated("a", List.of(db));
        Gated b = new Gated("b", List.of(db));
        a.gate.countDown();
        b.gate.countDown();
        CompletableFuture<List<String>> startA = CompletableFuture.supplyAsync(
                () -> Applications.ensureAllStarted(node, a, Restart.TEMPORARY));
        Await.until(() -> db.entered.getCount() == 1, "db's start under way");
        CompletableFuture<List<String>> startB = CompletableFuture.supplyAsync(
                () -> Applications.ensureAllStarted(node, b, Restart.TEMPORARY));
        db.gate.countDown();
        startA.get(10, TimeUnit.SECONDS);
        startB.get(10, TimeUnit.SECONDS);
        assertThat(db.starts.get()).isEqualTo(1);
        assertThat(Applications.running(node)).containsExactlyInAnyOrder("db", "a", "b").startsWith("db");
    }

    @Test
    void anApplicationsOwnStart_startingItAgain_aPreciseError_andItStillStarts(Node node) {
        List<Throwable> seen = new ArrayList<>();
        Application[] selfish = new Application[1];
        selfish[0] = app("selfish", config -> {
            try {
                Process.node().start(selfish[0]);
            } catch (ApplicationStartException e) {
                seen.add(e);
            }
            return Process.spawnLink(Process::receive);
        });
        node.start(selfish[0]);
        assertThat(seen).singleElement().satisfies(e -> assertThat(e).hasMessageContaining(
                "application selfish is being started, and its own start asked to start it again"));
        assertThat(Applications.running(node)).containsExactly("selfish");
    }

    /** The same refusal left to fail the start is said once, not wrapped in a second exception of the same start. */
    @Test
    void anApplicationsOwnStart_startingItAgain_uncaught_failsTheStartWithTheRefusalItself(Node node) {
        Application[] selfish = new Application[1];
        selfish[0] = app("selfish", config -> {
            Process.node().start(selfish[0]);
            return Process.spawnLink(Process::receive);
        });
        assertThatThrownBy(() -> node.start(selfish[0], Restart.TEMPORARY))
                .isInstanceOfSatisfying(ApplicationStartException.class, e -> {
                    assertThat(e.getMessage()).contains("its own start asked to start it again");
                    assertThat(e.getCause()).isNotInstanceOf(ApplicationStartException.class);
                });
    }

    @Test
    void aPermanentApplicationWhoseStartFails_isReported_andStopsTheNode(Node node, Reports reports)
            throws Exception {
        Application bad = failing("bad_perm");
        assertThatThrownBy(() -> node.start(bad, Restart.PERMANENT)).isInstanceOf(ApplicationStartException.class);
        ApplicationReport stop = Applications.awaitStop(node, T);
        assertThat(stop.application()).isEqualTo("bad_perm");
        assertThat(stop.detail()).contains("application_start_failure").contains("the node stops");
        assertThat(stop.isError()).isTrue();
        assertThat(node.isClosed()).isTrue();
    }

    @Test
    void aTemporaryApplicationWhoseStartFails_isReportedAsInformation_andTheNodeRuns(Node node, Reports reports) {
        assertThatThrownBy(() -> node.start(failing("bad_temp"))).isInstanceOf(ApplicationStartException.class);
        ApplicationReport r = Await.until(() -> reports.of(ApplicationReport.class).stream().findFirst()
                .orElse(null), "the report");
        assertThat(r.application()).isEqualTo("bad_temp");
        assertThat(r.type()).isEqualTo("temporary");
        assertThat(r.isError()).isFalse(); // OTP's info_exited: a notice
        assertThat(node.isClosed()).isFalse();
    }

    @Test
    void misnamed_aNullName_aNullDependency_aNullStop_preciseErrors(Node node) {
        Application nameless = app(null, config -> {
            return Process.spawnLink(Process::receive);
        });
        assertThatThrownBy(() -> node.start(nameless)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".name() returned null");
        List<Application> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> node.start(new Gated("needs_null", withNull)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("a dependency of application needs_null is null");
        assertThatThrownBy(() -> Applications.stop(node, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("application");
        assertThat(Applications.running(node)).isEmpty();
    }

    @Test
    void anUnlinkedTopSupervisor_isStoppedAllTheSame_andItsMasterNamesItsApplication(Node node) {
        Application unlinked = app("unlinked_top", config -> {
            return Supervisor.start(Process.node(), () -> SupervisorSpec.of(SupervisorFlags.defaults(),
                    ChildSpec.worker("w", () -> Process.spawnLink(Process::receive))));
        });
        Pid top = node.start(unlinked);
        Pid master = node.info(top).links().stream().filter(p -> !p.equals(Supervisor.whereis(top, "w")))
                .findFirst().orElseThrow();
        assertThat(node.info(master).initialCall()).isEqualTo("application_master(unlinked_top)");
        assertThat(Applications.stop(node, "unlinked_top")).isTrue(); // it waited for ever before
        assertThat(node.isAlive(top)).isFalse();
    }

    /** As OTP's application master kills the processes whose group leader it is: a stray its start spawned. */
    @Test
    void stop_killsWhatTheApplicationStartedOutsideItsTree(Node node) {
        Pid[] stray = new Pid[1];
        Application leaky = app("leaky", config -> {
            stray[0] = Process.spawn(() -> Process.receive()); // not linked, not under the tree
            return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.defaults()));
        });
        node.start(leaky);
        assertThat(node.isAlive(stray[0])).isTrue();
        Pid unrelated = node.spawn(() -> Process.receive()); // the node's, not the application's
        assertThat(Applications.stop(node, "leaky")).isTrue();
        Await.until(() -> !node.isAlive(stray[0]), "the stray killed with its application");
        assertThat(node.isAlive(unrelated)).isTrue();
    }

    /**
     * An application started from another's start (the usual ensure_all_started in a start) is not that one's: OTP's
     * controller spawns every master, so stopping the first kills none of the second's processes (a new user's
     * finding: a permanent inner application took the node down with it).
     */
    @Test
    void stop_leavesAnApplicationItsStartStarted_running(Node node) {
        Pid[] innerWorker = new Pid[1];
        Application inner = app("inner", config -> {
            innerWorker[0] = Process.spawnLink(() -> Process.receive());
            return innerWorker[0];
        });
        Application outer = app("outer", config -> {
            node.start(inner, Restart.PERMANENT);
            return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.defaults()));
        });
        node.start(outer);
        assertThat(Applications.whichApplications(node)).containsExactly("outer", "inner"); // newest first
        assertThat(Applications.stop(node, "outer")).isTrue();
        assertThat(Applications.whichApplications(node)).containsExactly("inner");
        assertThat(node.isAlive(innerWorker[0])).isTrue();
        assertThat(node.isClosed()).isFalse();
        assertThat(Applications.stop(node, "inner")).isTrue();
        assertThat(node.isAlive(innerWorker[0])).isFalse();
    }

    /**
     * An application a distributed controller decides about (OTP's control_application) is refused when started by
     * hand, as OTP's already_started on every node of its list (a new user's finding: it ran twice, then nobody
     * managed it); the controller's own start goes through.
     */
    @Test
    void aControlledApplication_startedByHand_isRefused_theControllersStartIsNot(Node node) {
        Application dist = app("dist_bsc", config -> Process.spawnLink(() -> Process.receive()));
        Applications.controlApplication(node, "dist_bsc");
        assertThatThrownBy(() -> node.start(dist)).isInstanceOf(ApplicationStartException.class)
                .hasMessageContaining("{already_started, dist_bsc}: application dist_bsc is distributed")
                .hasMessageContaining("DistributedApplications.start");
        assertThat(Applications.whichApplications(node)).doesNotContain("dist_bsc");
        Applications.start(node, dist, Restart.TEMPORARY, StartType.NORMAL); // the controller's start
        assertThat(Applications.stop(node, "dist_bsc")).isTrue();
        Applications.releaseControl(node, "dist_bsc");
        node.start(dist); // by hand again, once no controller decides about it
        assertThat(Applications.whichApplications(node)).contains("dist_bsc");
    }

    /** A's start starts B, whose start starts A: OTP's controller waits for ever; here the cycle is refused. */
    @Test
    void twoStartsThatStartEachOther_theCycleIsRefused_notAHang(Node node) {
        Application[] apps = new Application[2];
        apps[0] = starting("cyc_a", () -> apps[1]);
        apps[1] = starting("cyc_b", () -> apps[0]);
        assertThatThrownBy(() -> node.start(apps[0])).isInstanceOf(ApplicationStartException.class)
                .hasMessageContaining("the starts of applications wait for each other: cyc_a -> cyc_b -> cyc_a");
        assertThat(Applications.running(node)).isEmpty();
        assertThat(node.isClosed()).isFalse(); // both temporary
    }

    /** An application whose start starts another first. */
    private static Application starting(String name, java.util.function.Supplier<Application> other) {
        return app(name, config -> {
            Process.node().start(other.get());
            return Process.spawnLink(Process::receive);
        });
    }

    /** application:get_env/set_env/unset_env and get_application, as chapter 9 of the book uses them. */
    @Test
    void environment_readSetUnset_atRunTime_andTheApplicationOfAProcess(Node node) throws Exception {
        CompletableFuture<Object> fromInside = new CompletableFuture<>();
        Pid[] worker = new Pid[1];
        java.util.List<Config> startedWith = new java.util.concurrent.CopyOnWriteArrayList<>();
        Application env = new Application() {
            @Override
            public String name() {
                return "env_app";
            }

            @Override
            public java.util.Map<String, String> defaults() {
                return java.util.Map.of("greeting", "hello", "workers", "2");
            }

            @Override
            public Pid start(Config config) {
                startedWith.add(config);
                return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.defaults(),
                        ChildSpec.worker("w", () -> worker[0] = Process.spawnLink(() -> {
                            Process.receive(); // asked: answers what its application's environment says now
                            fromInside.complete(Applications.getEnv("greeting").orElse("none"));
                            Process.receive();
                        }))));
            }
        };
        assertThat(Applications.getEnv(node, "env_app", "greeting")).isEmpty(); // not started yet
        node.start(env);
        assertThat(Applications.getEnv(node, "env_app", "greeting")).contains("hello");
        assertThat(Applications.getEnv(node, "env_app", "nothing")).isEmpty();
        Applications.setEnv(node, "env_app", "greeting", "bonjour");
        assertThat(Applications.getEnv(node, "env_app", "greeting")).contains("bonjour");
        node.send(worker[0], "go");
        assertThat(fromInside.get(10, TimeUnit.SECONDS)).isEqualTo("bonjour");
        assertThat(Applications.applicationOf(node, worker[0])).contains("env_app");
        assertThat(Applications.applicationOf(node, Applications.topSupervisor(node, "env_app"))).contains("env_app");
        assertThat(Applications.applicationOf(node, node.spawn(() -> Process.receive()))).isEmpty();
        // application:get_env/1 in a process of no application answers undefined, not an error
        CompletableFuture<java.util.Optional<String>> outside = new CompletableFuture<>();
        node.spawn(() -> outside.complete(Applications.getEnv("greeting")));
        assertThat(outside.join()).isEmpty();
        assertThat(Applications.getAllEnv(node, "env_app")).isEqualTo(java.util.Map.of("greeting", "bonjour",
                "workers", "2")); // application:get_all_env/1
        Applications.unsetEnv(node, "env_app", "workers");
        assertThat(Applications.getEnv(node, "env_app", "workers")).isEmpty();
        assertThat(Applications.getAllEnv(node, "env_app")).isEqualTo(java.util.Map.of("greeting", "bonjour"));
        assertThat(Applications.getAllEnv(node, "no_such_app")).isEmpty();

        assertThat(startedWith.getFirst().get("greeting")).isEqualTo("hello"); // a running start's does not change

        Applications.stop(node, "env_app"); // OTP keeps a loaded application's environment across a stop
        node.start(env);
        assertThat(Applications.getEnv(node, "env_app", "greeting")).contains("bonjour");
        // and one environment, as OTP's: the next start reads what was set and unset, not its defaults again
        Config again = startedWith.getLast();
        assertThat(again.get("greeting")).isEqualTo("bonjour");
        assertThat(again.source("greeting")).isEqualTo("setEnv");
        assertThat(again.asMap()).doesNotContainKey("workers");
        assertThatThrownBy(() -> Applications.getEnv("greeting")).isInstanceOf(IllegalStateException.class) // a thread
                .hasMessageContaining("Applications.getEnv(key) reads the calling process's application")
                .hasMessageContaining("Applications.getEnv(node, application, key)");
    }

    /** A prepStop() that throws: an error report naming the callback; the stop goes on, and stop() still runs. */
    @Test
    void prepStopThrows_errorReportNamingTheCallback_andTheStopGoesOn(Node node) throws Exception {
        java.util.List<io.loomotp.runtime.report.Report> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> stopped = new CompletableFuture<>();
        Application app = new Application() {
            @Override
            public String name() {
                return "prep_app";
            }

            @Override
            public Pid start(Config config) {
                return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.defaults()));
            }

            @Override
            public void prepStop() {
                throw new IllegalStateException("cannot prepare");
            }

            @Override
            public void stop() {
                stopped.complete(true);
            }
        };
        node.start(app);
        try (AutoCloseable _ = node.onReport(reports::add)) {
            assertThat(Applications.stop(node, "prep_app")).isTrue();
        }
        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reports).filteredOn(r -> r instanceof io.loomotp.runtime.report.ApplicationReport a
                && a.type().equals("prep_stop")).singleElement().satisfies(r -> {
                    assertThat(r.isError()).isTrue();
                    assertThat(r.format()).startsWith("=ERROR REPORT====\n    application: prep_app\n    callback: "
                            + "prepStop()\n    threw: ").contains("cannot prepare");
                });
    }

    /**
     * OTP's application_controller reports every application exit with info_exited, at notice level: a transient
     * application that ended normal, and a temporary one however it ended, are notices (logged at INFO), not warnings;
     * the node runs on.
     */
    @Test
    void transientNormalExit_andTemporaryCrash_areNotices_andTheNodeRuns(Node node, Reports reports) {
        Pid normal = node.start(app("ends_normal", config -> Process.spawnLink(ApplicationStartRulesTest::awaitEnd)),
                Restart.TRANSIENT);
        Pid crashed = node.start(app("ends_crashed", config -> Process.spawnLink(() -> {
            awaitEnd();
            throw new IllegalStateException("boom");
        })), Restart.TEMPORARY);
        node.send(normal, "end");
        node.send(crashed, "end");
        Await.until(() -> reports.of(ApplicationReport.class).size() == 2, "both exit reports");

        assertThat(reports.of(ApplicationReport.class)).allSatisfy(r -> {
            assertThat(r.isNotice()).as(r.format()).isTrue();
            assertThat(r.isError()).isFalse();
            assertThat(r.isInformational()).isFalse();
            assertThat(r.format()).startsWith("=INFO REPORT====\n    application: ends_");
        });
        assertThat(reports.of(ApplicationReport.class)).filteredOn(r -> r.application().equals("ends_normal"))
                .singleElement().satisfies(r -> assertThat(r.format()).contains("exited: normal\n    type: transient"));
        assertThat(node.isClosed()).isFalse();
    }

    /** The report that says why the node stops stays an error, and a stop on request stays quiet (DEBUG). */
    @Test
    void transientAbnormalExit_isAnError_andAStopOnRequest_isNeitherNoticeNorError(Node node, Reports reports)
            throws Exception {
        node.start(app("asked_to_stop", config -> Process.spawnLink(Process::receive)), Restart.TEMPORARY);
        assertThat(Applications.stop(node, "asked_to_stop")).isTrue();
        ApplicationReport stopped = reports.await(ApplicationReport.class);
        assertThat(stopped.isInformational()).isTrue();
        assertThat(stopped.isNotice()).isFalse();

        Pid badly = node.start(app("ends_badly", config -> Process.spawnLink(() -> {
            awaitEnd();
            throw new IllegalStateException("boom");
        })), Restart.TRANSIENT);
        node.send(badly, "end");
        ApplicationReport stops = Applications.awaitStop(node, T);
        assertThat(stops.application()).isEqualTo("ends_badly");
        assertThat(stops.isError()).isTrue();
        assertThat(stops.isNotice()).isFalse();
    }

    /**
     * OTP's application_master calls {@code catch Mod:stop(State)} and ignores what it threw. Here a stop() that
     * throws is a warning, once, naming the callback; the application stops all the same, on request or when its tree
     * ends, and its exit report keeps its own reason. What it throws may be an Error of user code (an assertion).
     */
    @Test
    void stopThrows_warningOnce_andTheApplicationStillStops(Node node, Reports reports) throws Exception {
        node.start(throwingStop("stop_on_request", new IllegalStateException("cannot clean up")), Restart.TEMPORARY);
        assertThat(Applications.stop(node, "stop_on_request")).isTrue();
        assertThat(Applications.running(node)).isEmpty();

        Pid top = node.start(throwingStop("stop_after_exit", new AssertionError("cannot clean up either")),
                Restart.TRANSIENT);
        node.send(top, "end");
        Await.until(() -> reports.of(ApplicationReport.class).stream()
                .anyMatch(r -> r.application().equals("stop_after_exit") && r.type().equals("transient")),
                "the exit report");
        assertThat(Applications.running(node)).isEmpty();
        assertThat(node.isClosed()).isFalse();

        List<ApplicationReport> threw = reports.of(ApplicationReport.class).stream()
                .filter(r -> r.type().equals("stop")).toList();
        assertThat(threw).extracting(ApplicationReport::application)
                .containsExactly("stop_on_request", "stop_after_exit");
        assertThat(threw).allSatisfy(r -> {
            assertThat(r.isError()).isFalse();
            assertThat(r.isNotice()).isFalse(); // a warning: logged at WARN
            assertThat(r.format()).startsWith("=WARNING REPORT====\n    application: " + r.application()
                    + "\n    callback: stop()\n    threw: ");
        });
        assertThat(threw.get(1).format()).contains("cannot clean up either");
        assertThat(reports.of(ApplicationReport.class)).filteredOn(r -> r.application().equals("stop_after_exit")
                && r.type().equals("transient")).singleElement().satisfies(r -> {
                    assertThat(r.reason()).isEqualTo(io.loomotp.runtime.ExitReason.NORMAL);
                    assertThat(r.isNotice()).isTrue();
                });
        assertThat(reports.of(ApplicationReport.class)).filteredOn(r -> r.application().equals("stop_on_request")
                && r.type().equals("temporary")).singleElement()
                .satisfies(r -> assertThat(r.isInformational()).as("exited: stopped").isTrue());
    }

    /** A top process's body: it ends normal when it is sent {@code "end"}. */
    private static void awaitEnd() {
        Process.receive(m -> m.equals("end"), null);
    }

    /** An application whose top process ends normal when it is sent {@code "end"}, and whose stop() throws. */
    private static Application throwingStop(String name, Throwable thrown) {
        return new Application() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Pid start(Config config) {
                return Process.spawnLink(ApplicationStartRulesTest::awaitEnd);
            }

            @Override
            public void stop() {
                if (thrown instanceof RuntimeException e) {
                    throw e;
                }
                throw (Error) thrown;
            }
        };
    }

    /** What an application's start does, for {@link #app}. */
    @FunctionalInterface
    interface Start {
        Pid start(Config config) throws Exception;
    }

    /** An application of {@code name} whose start does {@code start}. */
    static Application app(String name, Start start) {
        return new Application() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Pid start(Config config) throws Exception {
                return start.start(config);
            }
        };
    }

    private static Application failing(String name) {
        return app(name, config -> {
            throw new IllegalStateException("cannot start " + name);
        });
    }
}
