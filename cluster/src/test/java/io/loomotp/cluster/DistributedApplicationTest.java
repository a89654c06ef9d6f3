package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.testing.Await;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Distributed applications across JVMs, after the distributed cases of OTP's {@code application_SUITE}
 * ({@code failover}: start, failover, takeover, and the equal-precedence group {@code [{cp1, cp2}, cp3]}) and its
 * {@code sync_nodes_*} parameters. The test JVM's node "a" takes part as a node of the precedence lists; each case
 * uses its own application, so the cases do not see each other's. At most three JVMs run at once.
 */
@SuppressWarnings("try") // a node JVM held open by try-with-resources is used through its name only
class DistributedApplicationTest {
    /** Failure detection plus what a loaded 2-core machine adds; waits are on events, this is only their bound. */
    private static final Duration DETECTION = Duration.ofMillis(NodeJvm.FAILURE_TIMEOUT_MS + 4000);

    private static LocalNode a;
    private static DistributedApplications dist;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
        dist = DistributedApplications.of(a.cluster);
    }

    @AfterAll
    static void stopCluster() {
        if (a != null) {
            a.close();
        }
    }

    private static String start(String spec, AppEvents events) {
        DistributedApp d = DistributedApp.parse(spec);
        return dist.start(d, new DistApp(d.name(), a.node, events.pid()), Restart.TEMPORARY);
    }

    /** Waits until node a sees the application on {@code node} (its start event may come before a hears of it). */
    private static void awaitWhere(String app, String node) {
        Await.until(() -> dist.whereRuns(app).equals(Optional.of(node)), "a sees " + app + " on " + node);
    }

    private static Wire.AppEvent event(String node, String app, String what) {
        return new Wire.AppEvent(node, app, what);
    }

    @Test
    void failover_killNine_nextNodeStartsItAfterTheWaitWithFailover() {
        AppEvents events = new AppEvents(a.node);
        String spec = "{app_fo, 1000, [b, a]}";
        try (NodeJvm b = a.startJvm("b")) {
            assertThat(a.startDist("b", spec, events.pid())).isEqualTo(new Wire.DistStarted("b", "b", null));
            assertThat(events.next(DETECTION)).isEqualTo(event("b", "app_fo", "normal"));
            assertThat(start(spec, events)).isEqualTo("b"); // a is a candidate; b comes first and runs it
            assertThat(dist.whereRuns("app_fo")).contains("b");

            long t0 = System.nanoTime();
            b.kill();
            Wire.AppEvent failover = events.next(DETECTION.plusSeconds(1));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("failover of app_fo (wait 1000 ms, failure timeout %d ms): started on a %d ms after "
                    + "kill -9 of b%n", NodeJvm.FAILURE_TIMEOUT_MS, ms);
            assertThat(failover).isEqualTo(event("a", "app_fo", "{failover, b}"));
            assertThat(ms).isGreaterThanOrEqualTo(1000).isLessThan(DETECTION.plusSeconds(1).toMillis());
            awaitWhere("app_fo", "a");
            assertThat(a.node.whereis("app_fo")).isNotNull(); // its server runs here now
        }
    }

    @Test
    void takeover_higherPrecedenceNodeReturns_startsThereThenStopsHere() {
        AppEvents events = new AppEvents(a.node);
        String spec = "{app_to, 500, [b, a]}";
        assertThat(start(spec, events)).isEqualTo("a"); // b is not up: a runs it
        assertThat(events.next(DETECTION)).isEqualTo(event("a", "app_to", "normal"));
        Pid here = a.node.whereis("app_to");
        try (NodeJvm b = a.startJvm("b")) {
            assertThat(a.startDist("b", spec, events.pid()).runsOn()).isEqualTo("b");
            // OTP's order: the new instance starts, then the old one stops
            assertThat(events.next(DETECTION)).isEqualTo(event("b", "app_to", "{takeover, a}"));
            assertThat(events.next(DETECTION)).isEqualTo(event("a", "app_to", "stopped"));
            awaitWhere("app_to", "b");
            Await.until(() -> a.node.whereis("app_to") == null, "app_to's server gone from a");
            assertThat(a.node.isAlive(here)).isFalse();
            assertThat(a.whereis("b", "app_to")).isNotNull();
        }
    }

    /**
     * OTP's dist_ac_app_stopped: an application stopped on request on the node running it stays stopped on every node.
     * It used to move: the next candidate started it at once, and the stopping node stopped being a candidate.
     */
    @Test
    void stop_onTheNodeRunningIt_staysStoppedOnEveryNode() {
        AppEvents events = new AppEvents(a.node);
        String spec = "{app_st, 300, [a, b]}";
        try (NodeJvm b = a.startJvm("b")) {
            assertThat(start(spec, events)).isEqualTo("a");
            assertThat(events.next(DETECTION)).isEqualTo(event("a", "app_st", "normal"));
            assertThat(a.startDist("b", spec, events.pid()).runsOn()).isEqualTo("a"); // b a candidate too
            assertThat(io.loomotp.runtime.application.Applications.stop(a.node, "app_st")).isTrue();
            assertThat(events.next(DETECTION)).isEqualTo(event("a", "app_st", "stopped"));
            // started again from a, which first asks b for its state: had b started it meanwhile, a would find it
            // running there (and take it over); it starts here, as the only candidate, with normal
            assertThat(start(spec, events)).isEqualTo("a");
            assertThat(events.next(DETECTION)).isEqualTo(event("a", "app_st", "normal"));
            assertThat(events.drain()).as("no start on b").isEmpty();
        }
    }

    /**
     * A node that leaves with close() is lost to the others, which fail its distributed application over; its own
     * instance stops (it used to keep running: two instances).
     */
    @Test
    void close_onTheNodeRunningIt_stopsItThere_andTheNextNodeFailsItOver() {
        nodeEnds("app_cl", Restart.TEMPORARY, (dn, dc) -> {
            dc.close(); // closed again when the block ends: a second close does nothing
            assertThat(io.loomotp.runtime.application.Applications.running(dn)).doesNotContain("app_cl");
        }, false);
    }

    @Test
    void nodeStop_onTheNodeRunningIt_othersSeeItGo_andFailItOver() {
        nodeEnds("app_ns", Restart.TEMPORARY, (dn, dc) -> dn.stop(), true);
    }

    /** A permanent application that ends stops its node (book, line 8608); the others fail it over. */
    @Test
    void permanentAppEnds_itsNodeStops_andTheOthersFailItOver() {
        // d says so: dist_ac's warning and the application's report, taken here rather than printed
        try (io.loomotp.runtime.testing.LogCapture.Capture log = io.loomotp.runtime.testing.LogCapture.capture(
                "io.loomotp.cluster.dist_ac", "io.loomotp.report.application")) {
            nodeEnds("app_pe", Restart.PERMANENT, (dn, dc) -> dn.exit(
                    io.loomotp.runtime.application.Applications.topSupervisor(dn, "app_pe"),
                    io.loomotp.runtime.ExitReason.KILL), true);
            assertThat(log.await(2)).anyMatch(e -> e.message().contains("the node stops, and the others fail it over"))
                    .anyMatch(e -> e.message().contains("application: app_pe"));
        }
    }

    /**
     * Node d joins, runs {@code app} (a's copy waiting as the next candidate), then ends as {@code end} says; a sees
     * it go and fails the application over with {failover, d}. {@code nodeCloses}: d itself is closed by then.
     */
    private void nodeEnds(String app, Restart restart,
                          java.util.function.BiConsumer<io.loomotp.runtime.Node, Cluster> end, boolean nodeCloses) {
        AppEvents events = new AppEvents(a.node);
        String spec = "{" + app + ", 300, [d, a]}";
        int pd = NodeJvm.freePort();
        try (io.loomotp.runtime.Node dn = io.loomotp.runtime.Node.create("d");
             Cluster dc = Cluster.join(dn, ClusterConfig.of("d", NodeJvm.SECRET).withClusterName("loomotp-test")
                     .withBindPort(pd).withInitialMembers(java.util.List.of("127.0.0.1:" + a.port, "127.0.0.1:" + pd))
                     .withFailureTimeout(Duration.ofMillis(NodeJvm.FAILURE_TIMEOUT_MS))
                     .allow(Wire.ALLOWED).allow(Wire.OnlyHere.class))) {
            Await.until(() -> a.cluster.nodes().contains("d"), "d up");
            DistributedApp d = DistributedApp.parse(spec);
            assertThat(DistributedApplications.of(dc).start(d, new DistApp(app, dn, events.pid()), restart))
                    .isEqualTo("d");
            assertThat(events.next(DETECTION)).isEqualTo(event("d", app, "normal"));
            assertThat(start(spec, events)).isEqualTo("d");
            end.accept(dn, dc);
            Await.until(() -> !a.cluster.nodes().contains("d"), "a to see d go");
            // d's own "stopped" may come first, or not at all: d left before its application stopped
            Object first = events.next(DETECTION);
            if (!first.equals(event("a", app, "{failover, d}"))) {
                assertThat(first).isEqualTo(event("d", app, "stopped"));
                assertThat(events.next(DETECTION)).isEqualTo(event("a", app, "{failover, d}"));
            }
            awaitWhere(app, "a");
            assertThat(dn.isClosed()).isEqualTo(nodeCloses);
        }
    }

    @Test
    void failover_equalPrecedenceGroup_staysInTheGroupAndIsNotTakenBackWithinIt() {
        AppEvents events = new AppEvents(a.node);
        String spec = "{app_sp, 300, [{b, c}, a]}";
        try (NodeJvm b = a.startJvm("b")) {
            NodeJvm c = a.startJvm("c");
            try {
                assertThat(a.startDist("c", spec, events.pid()).runsOn()).isEqualTo("c");
                assertThat(events.next(DETECTION)).isEqualTo(event("c", "app_sp", "normal"));
                assertThat(a.startDist("b", spec, events.pid()).runsOn()).isEqualTo("c");
                assertThat(start(spec, events)).isEqualTo("c");

                c.kill(); // b, of c's group, takes it rather than a, which comes after the group
                assertThat(events.next(DETECTION.plusSeconds(1))).isEqualTo(event("b", "app_sp", "{failover, c}"));
                awaitWhere("app_sp", "b");
            } finally {
                c.close();
            }
            try (NodeJvm c2 = a.startJvm("c")) {
                // c is back, of the same precedence as b: OTP does not move the application within a group
                assertThat(a.startDist("c", spec, events.pid()).runsOn()).isEqualTo("b");
                assertThat(events.drain()).isEmpty();
                assertThat(dist.whereRuns("app_sp")).contains("b");
            }
        }
    }

    @Test
    void sync_nodes_mandatory_missingAtTimeout_nodeDoesNotStart() {
        int p = NodeJvm.freePort();
        NodeJvm.Exited e = NodeJvm.runToExit("d", p, "127.0.0.1:" + a.port + ",127.0.0.1:" + p,
                Duration.ofSeconds(30), "a,zz|b|1000");
        assertThat(e.status()).isEqualTo(1);
        // zz never comes; a is up at once on an idle machine, but on a loaded one its join can outlast the 1 s
        // timeout too (a fresh-clone CI saw "[a, zz]"): the refusal names what was missing, whichever it was
        assertThat(e.output()).containsPattern("ERROR node d: mandatory nodes \\[(a, )?zz\\] were not up within "
                + "sync_nodes_timeout \\(1000 ms\\); start them, or raise the timeout");
        assertThat(waited(e.output(), "ERROR")).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void sync_nodes_optional_missingAtTimeout_nodeStartsWithoutThem() {
        try (NodeJvm e = a.startJvm("e", "a|zz|800")) {
            assertThat(waited(e.output(), "SYNCED")).isGreaterThanOrEqualTo(800); // it waited for zz up to the timeout
            assertThat(a.whereis("e", "kv")).isNotNull();
        }
    }

    @Test
    void sync_nodes_allUp_nodeStartsWithoutWaitingForTheTimeout() {
        try (NodeJvm e = a.startJvm("e", "a||20000")) {
            assertThat(waited(e.output(), "SYNCED")).isLessThan(20000);
        }
    }

    /** The milliseconds NodeMain says its sync_nodes wait took, on its line starting with {@code prefix}. */
    private static long waited(String output, String prefix) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + prefix + ".*after (\\d+) ms")
                .matcher(output);
        assertThat(m.find()).as("a line %s ... after N ms in:%n%s", prefix, output).isTrue();
        return Long.parseLong(m.group(1));
    }
}
