package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.DistributedApplications;
import io.loomotp.runtime.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §5 end to end, in separate JVMs: {@code bin/bsc --node n1}, {@code --node n2} and {@code --node n3} run
 * {@code {bsc, 1000, [n1, {n2, n3}]}}, each with phones of its own; this JVM is a fourth node, not a candidate, with
 * phones too, whose exact figures the test reads. {@code kill -9} of n1 under load: {@code bsc} fails over to n2 within
 * the failure detection plus the configured 1000 ms, every call attempt has an outcome (the ones in flight on n1 fail
 * cleanly, as dropped or cut), new calls from every surviving node succeed on n2; n1 started again, on its own port,
 * takes it back over. After each of the two steps, once the phones of every node have finished, issue 8's invariants
 * hold. Mirrors OTP's {@code dist_ac_SUITE} failover and takeover cases on the book's application.
 */
class BscClusterEndToEndTest {
    private static final String DIST = "{bsc, 1000, [n1, {n2, n3}]}";
    private static final Duration START = Duration.ofSeconds(40);
    /** Failure detection (FD_SOCK2, VERIFY_SUSPECT2 in a quarter of the 1 s timeout) + the 1000 ms wait, with room. */
    private static final Duration FAILOVER_BOUND = Duration.ofMillis(1000 + 1000 + 3000);
    private static final int NODE_PHONES = 15;
    private static final int TEST_PHONES = 30;
    /** The test node's numbers: after the three nodes' (100000, 200000 and 300000 on). */
    private static final int TEST_FIRST = 4 * NodePhones.NUMBERS_PER_NODE;
    private static final Pattern SET_UP = Pattern.compile("calls \\d+: set up (\\d+),.* \\| bsc on (\\S+)");
    private static final Pattern SUMMARY = Pattern.compile("bsc: phones stopped; summary: (\\d+) call attempts, (\\d+)"
            + " set up \\((\\d+) completed, (\\d+) cut\\), (\\d+) rejected, (\\d+) busy, (\\d+) invalid, (\\d+) without"
            + " a frequency, (\\d+) unanswered, (\\d+) hung up, (\\d+) dropped by a lost controller, (\\d+) lost");

    @Test
    void failoverAndTakeover_killMinus9OfTheNodeRunningBsc_underLoad_everyAttemptHasAnOutcome(@TempDir Path dir)
            throws Exception {
        int base = BscNodeJvm.freePorts(3);
        String[] flags = {"--distributed", DIST, "--base-port", Integer.toString(base), "--phones",
                Integer.toString(NODE_PHONES), "--rate", "30", "--frequencies", "10-19", "--sync-timeout", "10s"};
        BscConfig config = new BscConfig(BscConfig.parseFrequencies("10-19"), TEST_PHONES, 100, Duration.ofMillis(150),
                Duration.ofSeconds(1), dir.resolve("overload.log"));
        Node node = Node.create("t");
        long began = System.nanoTime();
        try (BscNodeJvm n1 = BscNodeJvm.start("n1", dir, flags); BscNodeJvm n2 = BscNodeJvm.start("n2", dir, flags);
             BscNodeJvm n3 = BscNodeJvm.start("n3", dir, flags); Cluster cluster = joinAfter(n1, n2, n3, node, base)) {
            DistributedApplications dist = DistributedApplications.of(cluster);
            Bscs.waitFor(() -> dist.whereRuns("bsc").equals(Optional.of("n1")), START, "t to see bsc on n1");

            // given: phones on every node, calling through bsc on n1
            Load load = startPhones(node, cluster, dist, config);
            Stats s = load.stats();
            Bscs.waitFor(() -> s.setUp.get() >= 30, Duration.ofSeconds(20), "t's calls set up through n1");
            for (BscNodeJvm n : List.of(n1, n2, n3)) {
                awaitSetUp(n, 0, 3, "n1");
            }

            // when: kill -9 of n1 under load
            int n2Mark = n2.mark();
            int n3Mark = n3.mark();
            long killedAt = System.nanoTime();
            n1.kill();
            Bscs.waitFor(() -> dist.whereRuns("bsc").equals(Optional.of("n2")), Duration.ofSeconds(15),
                    "bsc to fail over to n2 (the first of {n2, n3} by name, both running nothing)");
            Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
            n2.awaitLine("start type {failover, n1}", n2Mark, Duration.ofSeconds(5));

            // then: within the configured time, and new calls succeed on n2, from t's phones and from n2's and n3's
            assertThat(failover).as("failover time").isGreaterThanOrEqualTo(Duration.ofMillis(1000))
                    .isLessThan(FAILOVER_BOUND);
            long beforeFailover = s.setUp.get();
            Bscs.waitFor(() -> s.setUp.get() >= beforeFailover + 30, Duration.ofSeconds(20), "t's calls through n2");
            awaitSetUp(n2, n2Mark, setUpBefore(n2, n2Mark) + 3, "n2");
            awaitSetUp(n3, n3Mark, setUpBefore(n3, n3Mark) + 3, "n2");
            assertThat(s.dropped.get() + s.cut.get()).as("calls in flight on n1 failed cleanly").isPositive();
            assertThat(s.lost.get()).as("attempts without an outcome").isZero();

            // and, once every phone has finished its call and left: issue 8's invariants, on n2
            SwitchboardRef n2Board = SwitchboardRef.of(cluster.global().whereis(Switchboard.globalName("n2")));
            settledInvariants("after the failover, on n2", load, List.of(n2, n3), n2Board,
                    TEST_PHONES + 2 * NODE_PHONES);
            long failoverAttempts = s.attempts.get();

            // when: phones call again through n2, and n1 comes back on its own port
            n2.send("phones start");
            n3.send("phones start");
            Load again = startPhones(node, cluster, dist, config);
            Stats s2 = again.stats();
            Bscs.waitFor(() -> s2.setUp.get() >= 30, Duration.ofSeconds(20), "t's calls through n2 again");
            n2Mark = n2.mark();
            n3Mark = n3.mark();
            long restartedAt = System.nanoTime();
            try (BscNodeJvm n1Again = BscNodeJvm.start("n1", dir, flags)) {
                n1Again.awaitLine("start type {takeover, n2}", START);
                Bscs.waitFor(() -> dist.whereRuns("bsc").equals(Optional.of("n1")), Duration.ofSeconds(15),
                        "bsc taken back over by n1");
                Duration takeover = Duration.ofNanos(System.nanoTime() - restartedAt);
                n2.awaitLine("bsc: stopped here", n2Mark, Duration.ofSeconds(15));
                long beforeTakeover = s2.setUp.get();
                Bscs.waitFor(() -> s2.setUp.get() >= beforeTakeover + 30, Duration.ofSeconds(20),
                        "t's calls through n1 again");
                awaitSetUp(n1Again, 0, 3, "n1");
                awaitSetUp(n3, n3Mark, setUpBefore(n3, n3Mark) + 3, "n1");

                // then: the invariants again, on n1, with the phones of all four nodes
                SwitchboardRef n1Board = SwitchboardRef.of(cluster.global().whereis(Switchboard.globalName("n1")));
                settledInvariants("after the takeover, on n1", again, List.of(n1Again, n2, n3), n1Board,
                        TEST_PHONES + 3 * NODE_PHONES);
                System.out.println("bsc on 3 node JVMs: failover " + failover.toMillis() + " ms after kill -9 of n1;"
                        + " takeover " + takeover.toMillis() + " ms after n1's JVM was started again; t's phones: "
                        + failoverAttempts + " attempts (" + s.setUp.get() + " set up, " + s.dropped.get()
                        + " dropped, " + s.cut.get() + " cut), then " + s2.attempts.get() + " (" + s2.setUp.get()
                        + " set up, " + s2.dropped.get() + " dropped, " + s2.cut.get() + " cut); test "
                        + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s");
            }
        } finally {
            node.stop();
        }
    }

    /**
     * Stops the phones of t and of the nodes and, once every phone has finished its call and left, checks issue 8's
     * invariants: on every node, every attempt with exactly one outcome and none lost, every call set up ended once;
     * on the switchboard where bsc runs, every frequency back, one idle controller a phone ({@code phones} of them)
     * and the HLR holding exactly the live controllers.
     */
    private static void settledInvariants(String when, Load load, List<BscNodeJvm> nodes, SwitchboardRef board,
                                          int phones) throws InterruptedException {
        Bscs.waitFor(() -> board.audit().controllers() == phones, Duration.ofSeconds(15),
                when + ": every phone of every node attached to a controller");
        List<Integer> marks = new ArrayList<>();
        for (BscNodeJvm n : nodes) {
            marks.add(n.mark());
            n.send("phones stop");
        }
        load.stop();
        Stats s = load.stats();
        assertThat(load.awaitStopped(Duration.ofSeconds(30))).as(when + ": t's phones to finish and leave").isTrue();
        assertThat(s.lost.get()).as(when + ": attempts without an outcome").isZero();
        assertThat(s.outcomes()).as(when + ": every attempt has exactly one outcome").isEqualTo(s.attempts.get());
        assertThat(s.completed.get() + s.cut.get()).as(when + ": every call set up ended once, completed or cut")
                .isEqualTo(s.setUp.get());
        for (int i = 0; i < nodes.size(); i++) {
            BscNodeJvm n = nodes.get(i);
            Matcher m = SUMMARY.matcher(n.await(l -> SUMMARY.matcher(l).find(), marks.get(i), Duration.ofSeconds(30),
                    "its phones' summary"));
            assertThat(m.find()).isTrue();
            long attempts = Long.parseLong(m.group(1));
            long outcomes = 0;
            for (int g : new int[] {2, 5, 6, 7, 8, 9, 10, 11, 12}) {
                outcomes += Long.parseLong(m.group(g));
            }
            assertThat(Long.parseLong(m.group(12))).as(when + ": attempts without an outcome on " + n.name).isZero();
            assertThat(outcomes).as(when + ": every attempt of " + n.name + "'s phones has one outcome")
                    .isEqualTo(attempts).isPositive();
            assertThat(Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)))
                    .as(when + ": every call set up by " + n.name + "'s phones ended once")
                    .isEqualTo(Long.parseLong(m.group(2)));
        }
        Bscs.waitFor(() -> board.audit().frequenciesInUse() == 0, Duration.ofSeconds(10),
                when + ": every frequency back");
        Switchboard.Audit audit = board.audit();
        assertThat(audit.frequenciesFree()).as(when + ": no frequency leaked").isEqualTo(audit.poolSize());
        assertThat(audit.controllers()).as(when + ": one controller a phone").isEqualTo(phones);
        assertThat(audit.idleControllers()).as(when + ": every controller idle").isEqualTo(audit.controllers());
        assertThat(audit.hlrMatches()).as(when + ": the HLR's controllers are the live ones").isTrue();
    }

    /** The calls set up by a node's phones in the last figure line before {@code mark}, or 0. */
    private static long setUpBefore(BscNodeJvm n, int mark) {
        long last = 0;
        for (String l : n.output().lines().limit(mark).toList()) {
            Matcher m = SET_UP.matcher(l);
            if (m.find()) {
                last = Long.parseLong(m.group(1));
            }
        }
        return last;
    }

    /** Waits until a node's phones have set up {@code atLeast} calls, as a figure line that sees bsc on {@code on}. */
    private static void awaitSetUp(BscNodeJvm n, int from, long atLeast, String on) throws InterruptedException {
        n.await(l -> {
            Matcher m = SET_UP.matcher(l);
            return m.find() && Long.parseLong(m.group(1)) >= atLeast && m.group(2).equals(on);
        }, from, Duration.ofSeconds(20), "a figure line with " + atLeast + " calls set up through bsc on " + on);
    }

    /** Phones on t, numbered after the nodes', which dial the nodes' phones as well as each other. */
    private static Load startPhones(Node node, Cluster cluster, DistributedApplications dist, BscConfig config) {
        List<String> directory = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            for (int p = 0; p < (i == 4 ? TEST_PHONES : NODE_PHONES); p++) {
                directory.add(String.valueOf(i * NodePhones.NUMBERS_PER_NODE + p));
            }
        }
        return Load.startRemote(node, config, TEST_FIRST, directory,
                number -> NodePhones.controllerOf(cluster, dist, number));
    }

    /**
     * Joins t once n1, n2 and n3 see bsc on n1: t is then the youngest member, so that n2, not t, becomes the
     * coordinator when n1 is killed (the restarted n1's initial members are the three nodes' ports).
     */
    private static Cluster joinAfter(BscNodeJvm n1, BscNodeJvm n2, BscNodeJvm n3, Node node, int base)
            throws InterruptedException {
        // the three start at once: one of n2 and n3 may start bsc too before it sees n1's, and stop it (dist_ac)
        n1.awaitLine("| bsc on n1 |", START);
        n2.awaitLine("| bsc on n1", START);
        n3.awaitLine("| bsc on n1", START);
        return Cluster.join(node, ClusterConfig.of("t", "bsc-demo").withClusterName("bsc")
                .withBindPort(BscNodeJvm.freePort())
                .withInitialMembers(List.of("127.0.0.1:" + base, "127.0.0.1:" + (base + 1), "127.0.0.1:" + (base + 2)))
                .withFailureTimeout(Duration.ofSeconds(1)).allow(ClusterMode.WIRE));
    }
}
