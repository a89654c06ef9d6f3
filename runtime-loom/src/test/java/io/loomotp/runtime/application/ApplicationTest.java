package io.loomotp.runtime.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.Restart;
import io.loomotp.Strategy;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.ApplicationReport;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Applications: the tree comes up, start types decide what a dying tree does to the node, stop runs in order. */
@ExtendWith(NodeExtension.class)
class ApplicationTest {
    private static final Duration T = Duration.ofSeconds(10);

    /** A worker that crashes on "crash". */
    private static Pid worker() {
        return Process.spawnLink(() -> {
            for (;;) {
                if ("crash".equals(Process.receive())) {
                    throw new IllegalStateException("worker crashed");
                }
            }
        });
    }

    /** An application whose top supervisor allows one restart an hour, and records its stop. */
    static class Small implements Application {
        final String name;
        final List<String> log;
        Config config;

        Small(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("workers", "2", "greeting", "hello");
        }

        @Override
        public Pid start(Config config) {
            this.config = config;
            int n = config.getInt("workers");
            ChildSpec[] children = new ChildSpec[n];
            for (int i = 0; i < n; i++) {
                children[i] = ChildSpec.worker("worker" + i, ApplicationTest::worker);
            }
            return Supervisor.startLink(() -> SupervisorSpec.of(
                    new SupervisorFlags(Strategy.ONE_FOR_ONE, 1, Duration.ofHours(1)), children));
        }

        @Override
        public void stop() {
            log.add(name + " stopped");
        }
    }

    /** Crashes a Small application's worker0, waits for its restart, and crashes it again. */
    private static void crashTwice(Pid top) {
        Pid first = Supervisor.whereis(top, "worker0");
        Process.send(first, "crash");
        Pid again = Await.until(() -> {
            Pid p = Supervisor.whereis(top, "worker0");
            return p != null && !p.equals(first) ? p : null;
        }, "the first restart");
        Process.send(again, "crash");
    }

    @Test
    void theTreeComesUp_andNodeStartReturnsItsTopSupervisor_asTopSupervisorDoes(Node node, Reports reports) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid top = node.start(new Small("app_up", log));
        // OTP's "application: app_up, started_at: nonode@nohost": the node, not a pid
        Await.until(() -> reports.of(io.loomotp.runtime.report.ProgressReport.class).stream()
                .anyMatch(r -> "app_up".equals(r.application())), "the application's progress report");
        assertThat(reports.of(io.loomotp.runtime.report.ProgressReport.class).stream()
                .filter(r -> "app_up".equals(r.application())).findFirst().orElseThrow().format())
                .isEqualTo("=PROGRESS REPORT====\n    application: app_up\n    started_at: " + node.name());
        assertThat(Supervisor.whichChildren(top)).extracting(ChildInfo::status)
                .containsOnly(ChildInfo.Status.RUNNING).hasSize(2);
        assertThat(Applications.running(node)).containsExactly("app_up");
        assertThat(Applications.topSupervisor(node, "app_up")).isEqualTo(top);
        assertThat(Applications.topSupervisor(node, "no_such_app")).isNull();
        assertThatThrownBy(() -> node.start(new Small("app_up", log))).isInstanceOf(ApplicationStartException.class)
                .hasMessageContaining("{already_started, app_up}");
    }

    @Test
    void aPermanentApplicationWhoseTreeGivesUp_stopsTheNode_withAReportNamingTheIntensity(Node node, Reports reports)
            throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        node.start(new Small("app_other", log), Restart.TEMPORARY);
        Pid top = node.start(new Small("app_perm", log), Restart.PERMANENT);
        crashTwice(top); // a second restart within the hour: more than the intensity allows

        ApplicationReport report = Applications.awaitStop(node, T);
        assertThat(report.application()).isEqualTo("app_perm");
        assertThat(report.reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(report.format()).contains("application: app_perm", "exited: shutdown", "type: permanent",
                "reached its maximum restart intensity: more than 1 restart in 1 h (one_for_one)",
                "the last child to fail was worker0", "worker crashed", "the node stops");
        assertThat(node.isClosed()).isTrue();
        assertThat(log).containsExactly("app_perm stopped", "app_other stopped");
    }

    @Test
    void aTransientApplicationThatEndsNormally_leavesTheNodeRunning(Node node, Reports reports) {
        Pid top = node.start(new Small("app_trans", new CopyOnWriteArrayList<>()), Restart.TRANSIENT);
        io.loomotp.runtime.server.GenServer.stop(top); // ends normally (a supervisor ignores exit signals but its
                                                       // parent's, as OTP's does)
        Await.until(() -> Applications.running(node).isEmpty(), "the application to end");
        // the controller forgets the application, then reports it: wait for the report itself
        Await.until(() -> reports.of(ApplicationReport.class).stream().anyMatch(r -> r.type().equals("transient")),
                "the application report");
        assertThat(node.isClosed()).isFalse();
    }

    /** application_controller: a transient application that ends with any reason but normal stops the node. */
    @Test
    void aTransientApplicationWhoseTreeGivesUp_stopsTheNode(Node node, Reports reports) throws Exception {
        Pid top = node.start(new Small("app_trans_up", new CopyOnWriteArrayList<>()), Restart.TRANSIENT);
        crashTwice(top); // the supervisor gives up: it exits with shutdown
        ApplicationReport report = Applications.awaitStop(node, T);
        assertThat(report.application()).isEqualTo("app_trans_up");
        assertThat(report.reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(report.format()).contains("type: transient", "the node stops");
        assertThat(node.isClosed()).isTrue();
    }

    /** application_controller: the application master killed (an operator's kill of its pid) ends the application. */
    @Test
    void theApplicationMasterKilled_endsAPermanentApplication_andStopsTheNode(Node node, Reports reports)
            throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid top = node.start(new Small("app_master", log), Restart.PERMANENT);
        Pid master = node.info(top).parent();
        assertThat(master).isNotNull();
        node.exit(master, ExitReason.KILL);
        ApplicationReport report = Applications.awaitStop(node, T);
        assertThat(report.application()).isEqualTo("app_master");
        assertThat(report.reason()).isEqualTo(ExitReason.KILLED);
        assertThat(report.format()).contains("type: permanent", "the node stops");
        assertThat(log).containsExactly("app_master stopped");
        assertThat(node.isClosed()).isTrue();
    }

    /** A stop asked while the application is ending by itself (its stop callback running) returns, with false. */
    @Test
    void stop_racingWithTheApplicationsOwnEnd_returnsFalse_andDoesNotHang(Node node) throws Exception {
        java.util.concurrent.CountDownLatch inStop = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Pid top = node.start(new Small("app_racer", new CopyOnWriteArrayList<>()) {
            @Override
            public void stop() {
                inStop.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Process.exit(top, ExitReason.KILL);
        assertThat(inStop.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Applications.running(node)).containsExactly("app_racer"); // not forgotten yet: the window
        java.util.concurrent.CompletableFuture<Boolean> stopped = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> stopped.complete(Applications.stop(node, "app_racer")));
        release.countDown();
        assertThat(stopped.get(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        assertThat(Applications.running(node)).isEmpty();
    }

    /** OTP's start/2 may return any {ok, Pid}: a plain process as the top is not asked a sys question it would eat. */
    @Test
    void aPlainProcessAsTheTop_isLeftAlone(Node node) {
        Pid top = node.start(new Application() {
            @Override
            public String name() {
                return "app_plain";
            }

            @Override
            public Pid start(Config config) {
                return Process.spawnLink(() -> Process.receive(m -> "stop".equals(m), null));
            }
        });
        assertThat(node.isAlive(top)).isTrue();
        assertThat(Applications.stop(node, "app_plain")).isTrue();
        assertThat(node.isAlive(top)).isFalse();
    }

    @Test
    void aTemporaryApplicationThatCrashes_isOnlyReported(Node node, Reports reports) {
        Pid top = node.start(new Small("app_temp", new CopyOnWriteArrayList<>()));
        Process.exit(top, ExitReason.KILL);
        ApplicationReport r = Await.until(() -> reports.of(ApplicationReport.class).stream().findFirst()
                .orElse(null), "the report");
        assertThat(r.reason()).isEqualTo(ExitReason.KILLED);
        assertThat(r.type()).isEqualTo("temporary");
        assertThat(node.isClosed()).isFalse();
    }

    @Test
    void nodeStop_stopsTheApplicationsInReverseOrder(Node node) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid first = node.start(new Small("app_a", log), Restart.PERMANENT);
        Pid second = node.start(new Small("app_b", log), Restart.PERMANENT);
        Pid firstWorker = Supervisor.whereis(first, "worker0");
        node.stop();
        assertThat(log).containsExactly("app_b stopped", "app_a stopped");
        assertThat(node.isAlive(second)).isFalse();
        assertThat(node.isAlive(firstWorker)).isFalse();
        assertThat(node.isClosed()).isTrue();
        assertThat(Applications.awaitStop(node, T)).isNull();
    }

    @Test
    void aStartThatFails_isAClearError_andNothingOfItRuns(Node node) {
        Application broken = new Application() {
            @Override
            public String name() {
                return "app_broken";
            }

            @Override
            public Pid start(Config config) {
                config.get("missing");
                return null;
            }
        };
        assertThatThrownBy(() -> node.start(broken)).isInstanceOf(ApplicationStartException.class)
                .hasMessageContaining("app_broken did not start")
                .hasMessageContaining("no configuration 'missing'")
                .hasMessageContaining("-Dapp_broken.missing=");
        assertThat(Applications.running(node)).isEmpty();
    }

    @Test
    void configuration_defaultsThenFileThenSystemProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cfg.properties");
        Files.writeString(file, "workers=3\nperiod=2s\n");
        System.setProperty("app_cfg.config", file.toString());
        System.setProperty("app_cfg.greeting", "hej");
        try {
            Config c = Config.load("app_cfg", Map.of("workers", "2", "greeting", "hello", "period", "1s",
                    "only", "default"));
            assertThat(c.getInt("workers")).isEqualTo(3);
            assertThat(c.get("greeting")).isEqualTo("hej");
            assertThat(c.getDuration("period")).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.get("only")).isEqualTo("default");
            assertThat(c.source("workers")).startsWith("file ");
            assertThat(c.source("greeting")).isEqualTo("system property app_cfg.greeting");
            assertThatThrownBy(() -> c.getInt("greeting")).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("app_cfg.greeting is 'hej' (from system property app_cfg.greeting)");
        } finally {
            System.clearProperty("app_cfg.config");
            System.clearProperty("app_cfg.greeting");
        }
        System.setProperty("app_cfg2.config", dir.resolve("absent.properties").toString());
        try {
            assertThatThrownBy(() -> Config.load("app_cfg2", Map.of())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("-Dapp_cfg2.config names");
        } finally {
            System.clearProperty("app_cfg2.config");
        }
    }

    /** An application that records the start type it was given, as OTP's {@code start/2} is given one. */
    @Test
    void start_withStartType_theCallbackIsToldIt(Node node) {
        List<StartType> seen = new CopyOnWriteArrayList<>();
        Application told = new Application() {
            @Override
            public String name() {
                return "told";
            }

            @Override
            public Pid start(StartType type, Config config) {
                seen.add(type);
                return Supervisor.startLink(() -> SupervisorSpec.of(
                        new SupervisorFlags(Strategy.ONE_FOR_ONE, 1, Duration.ofHours(1))));
            }
        };
        Applications.start(node, told, Restart.TEMPORARY, new StartType.Takeover("n3"));
        Applications.stop(node, "told");
        node.start(told);
        assertThat(seen).containsExactly(new StartType.Takeover("n3"), StartType.NORMAL);
        assertThat(seen.get(0)).hasToString("{takeover, n3}");
    }

    @Test
    void stop_onRequest_prepStopRunsWhileTheTreeRunsThenStop(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Application app = new Application() {
            Pid top;

            @Override
            public String name() {
                return "prep";
            }

            @Override
            public Pid start(Config config) {
                top = Supervisor.startLink(() -> SupervisorSpec.of(
                        new SupervisorFlags(Strategy.ONE_FOR_ONE, 1, Duration.ofHours(1))));
                return top;
            }

            @Override
            public void prepStop() {
                log.add("prepStop, tree alive: " + node.isAlive(top));
            }

            @Override
            public void stop() {
                log.add("stop, tree alive: " + node.isAlive(top));
            }
        };
        node.start(app);
        Applications.stop(node, "prep");
        assertThat(log).containsExactly("prepStop, tree alive: true", "stop, tree alive: false");
    }

    /**
     * OTP's application_master:loop_it: on its child's EXIT the master runs prep_stop, then stop. And it links the pid
     * that start returns (start_the_app), so a top supervisor started unlinked is watched all the same.
     */
    @Test
    void treeEndingByItself_unlinkedTop_prepStopThenStopRun(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Application app = new Application() {
            @Override
            public String name() {
                return "unlinked";
            }

            @Override
            public Pid start(Config config) {
                return Supervisor.start(Process.node(), () -> SupervisorSpec.of(
                        new SupervisorFlags(Strategy.ONE_FOR_ONE, 1, Duration.ofHours(1))));
            }

            @Override
            public void prepStop() {
                log.add("prepStop");
            }

            @Override
            public void stop() {
                log.add("stop");
            }
        };
        Pid top = node.start(app, Restart.TEMPORARY);
        node.exit(top, ExitReason.KILL);
        Await.until(() -> Applications.running(node).isEmpty(),
                "the application to end with its tree");
        assertThat(log).containsExactly("prepStop", "stop");
    }

    @Test
    void start_neitherStartImplemented_failsNamingBoth(Node node) {
        Application none = () -> "none";
        assertThatThrownBy(() -> node.start(none)).isInstanceOf(ApplicationStartException.class)
                .cause().isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("implements neither start(Config) nor start(StartType, Config)");
    }

    /**
     * OTP's application_SUITE {@code load}, {@code unload} and {@code get_key} shapes: a loaded application answers
     * get_env and get_key before it starts; a second load is refused without harm; a start loads, a stop does not
     * unload; unload refuses a running application and takes the environment with it.
     */
    @Test
    void load_getKey_unload_asOtpsApplicationController(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Small app = new Small("app_load", log) {
            @Override
            public String description() {
                return "an application to load";
            }

            @Override
            public String version() {
                return "1.2.0";
            }
        };
        assertThat(Applications.getKey(node, "app_load", "vsn")).as("not loaded: undefined").isEmpty();
        assertThat(Applications.unload(node, "app_load")).as("{error, {not_loaded, app_load}}").isFalse();

        assertThat(Applications.load(node, app)).isTrue();
        assertThat(Applications.load(node, app)).as("{error, {already_loaded, app_load}}").isFalse();
        assertThat(Applications.loadedApplications(node)).containsExactly("app_load");
        assertThat(Applications.running(node)).isEmpty();
        assertThat(Applications.getEnv(node, "app_load", "greeting")).contains("hello"); // loaded: its env is read
        assertThat(Applications.getKey(node, "app_load", "description")).contains("an application to load");
        assertThat(Applications.getKey(node, "app_load", "vsn")).contains("1.2.0");
        assertThat(Applications.getKey(node, "app_load", "applications")).contains(List.of());
        assertThat(Applications.getKey(node, "app_load", "mod")).contains(app.getClass().getName());
        assertThat(Applications.getKey(node, "app_load", "env")).contains(Map.of("greeting", "hello", "workers", "2"));
        assertThat(Applications.getKey(node, "app_load", "no_such_key")).isEmpty();

        Applications.setEnv(node, "app_load", "greeting", "hej");
        node.start(app, Restart.TEMPORARY);
        assertThat(app.config.get("greeting", null)).isEqualTo("hej");
        assertThatThrownBy(() -> Applications.unload(node, "app_load")).isInstanceOf(IllegalStateException.class)
                .hasMessage("{running, app_load}: application app_load runs on node " + node.name()
                        + "; stop it first (Applications.stop)");
        assertThat(Applications.stop(node, "app_load")).isTrue();
        assertThat(Applications.loadedApplications(node)).as("a stop does not unload").containsExactly("app_load");
        assertThat(Applications.getEnv(node, "app_load", "greeting")).contains("hej");

        assertThat(Applications.unload(node, "app_load")).isTrue();
        assertThat(Applications.loadedApplications(node)).isEmpty();
        assertThat(Applications.getEnv(node, "app_load", "greeting")).as("the environment went with it").isEmpty();
        assertThat(Applications.getKey(node, "app_load", "vsn")).isEmpty();

        Small other = new Small("app_started", log);
        node.start(other, Restart.TEMPORARY); // a start loads it
        assertThat(Applications.loadedApplications(node)).containsExactly("app_started");
        assertThat(Applications.getKey(node, "app_started", "vsn")).as("OTP's default vsn").contains("");
    }

    /** A null node is refused, not taken as one more node; a start of another object of a loaded name replaces it. */
    @Test
    void load_nullNode_isRefused_andAStartOfAnotherObjectOfThatName_isWhatGetKeyDescribes(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Small first = new Small("app_twice", log) {
            @Override
            public String version() {
                return "1";
            }
        };
        Small second = new Small("app_twice", log) {
            @Override
            public String version() {
                return "2";
            }
        };
        assertThatThrownBy(() -> Applications.load(null, first)).isInstanceOf(NullPointerException.class)
                .hasMessage("node");
        assertThatThrownBy(() -> Applications.loadedApplications(null)).isInstanceOf(NullPointerException.class);
        assertThat(Applications.load(node, first)).isTrue();
        node.start(second, Restart.TEMPORARY);
        assertThat(Applications.getKey(node, "app_twice", "vsn")).contains("2");
        assertThat(Applications.loadedApplications(node)).containsExactly("app_twice");
        assertThat(Applications.stop(node, "app_twice")).isTrue();

        Node closed = Node.create("closed_for_load");
        closed.close();
        assertThatThrownBy(() -> Applications.load(closed, first)).isInstanceOf(IllegalStateException.class)
                .hasMessage("node closed_for_load is closed: application app_twice cannot be loaded on it");
    }

    /**
     * application_SUITE's loaded_apps, and which_applications as OTP answers it: {@code [{Name, Description, Vsn}]},
     * running newest first, loaded in load order; an application that gives no description or version has empty ones.
     */
    @Test
    void loaded_apps_whichApplicationInfo_nameDescriptionAndVersion(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Small described = new Small("app_described", log) {
            @Override
            public String description() {
                return "an application that says what it is";
            }

            @Override
            public String version() {
                return "3.1.4";
            }
        };
        Small plain = new Small("app_plain", log);
        Small onlyLoaded = new Small("app_only_loaded", log) {
            @Override
            public String version() {
                return null; // a careless version(): empty, as an unset vsn
            }
        };
        assertThat(Applications.whichApplicationInfo(node)).isEmpty();

        node.start(described, Restart.TEMPORARY);
        node.start(plain, Restart.TEMPORARY);
        assertThat(Applications.load(node, onlyLoaded)).isTrue();

        assertThat(Applications.whichApplicationInfo(node)).containsExactly(
                new ApplicationInfo("app_plain", "", ""),
                new ApplicationInfo("app_described", "an application that says what it is", "3.1.4"));
        assertThat(Applications.whichApplicationInfo(node)).map(ApplicationInfo::name)
                .isEqualTo(Applications.whichApplications(node));
        assertThat(Applications.loadedApplicationInfo(node)).containsExactly(
                new ApplicationInfo("app_described", "an application that says what it is", "3.1.4"),
                new ApplicationInfo("app_plain", "", ""),
                new ApplicationInfo("app_only_loaded", "", ""));

        assertThat(Applications.stop(node, "app_described")).isTrue();
        assertThat(Applications.whichApplicationInfo(node)).containsExactly(new ApplicationInfo("app_plain", "", ""));
        assertThat(Applications.loadedApplicationInfo(node)).as("a stop does not unload").hasSize(3);
        assertThat(Applications.stop(node, "app_plain")).isTrue();
    }
}
