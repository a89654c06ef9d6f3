package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.report.ApplicationReport;
import io.loomotp.runtime.report.SupervisorReport;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole base-station controller under load: a few hundred phones, thousands of calls, and then some chaos. On the
 * test kit: a test that does not end with the node stopped stops the application, and the leak check then shows that
 * its tree and its phones left nothing alive; no error report comes that the test does not expect. A kill now and then
 * takes a set-up out of the regulator's queue while it waits, which the regulator tells in a WARN line: kept and
 * checked ({@link RejectionLines.ByChance}).
 */
// ByChance first: its capture ends after the kit's extension has closed the node, so the line the regulator writes as
// it closes is kept too
@ExtendWith(RejectionLines.ByChance.class)
@LoomOtpTest
class BscEndToEndTest {
    private static final Map<String, String> LOAD = Map.of("phones", "250", "calls_per_second", "600",
            "frequencies", "10-39", "talk_time", "100ms", "answer_timeout", "2s");

    @Test
    void thousandsOfCalls_andAfterwards_theInvariantsHold(Node node, @TempDir Path dir) throws Exception {
        Bscs.Running bsc = Bscs.start(node, dir, LOAD);
        Bscs.waitFor(() -> bsc.load().stats().attempts.get() >= 3000, Duration.ofSeconds(60), "3,000 call attempts");
        Bscs.stopLoad(bsc);
        Stats s = bsc.load().stats();
        assertThat(s.setUp.get()).isPositive();
        assertThat(s.busy.get() + s.rejected.get()).isPositive();
        Bscs.assertInvariants(node, bsc);
        assertThat(FreqOverload.counts(node).alarmsRaised()).as("the pool ran out now and then").isPositive();
        assertThat(Applications.stop(node, "bsc")).isTrue();
    }

    @Test
    void chaos_randomKillsDuringLoad_theTreeRepairsItself_andTheInvariantsHold(Node node, TestKit kit,
            @TempDir Path dir) throws Exception {
        kit.expectCrash(ExitReason.KILLED); // the supervisors' reports of the children they restart
        Bscs.Running bsc = Bscs.start(node, dir, LOAD);
        Bscs.waitFor(() -> bsc.load().stats().attempts.get() >= 500, Duration.ofSeconds(30), "the load to start");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // a fixed plan within the tree's intensities (bsc allows 2 restarts an hour, phones 10)
        List<Chaos.Victim> plan = List.of(Chaos.Victim.CONTROLLER, Chaos.Victim.CONTROLLER, Chaos.Victim.CONTROLLER,
                Chaos.Victim.FREQUENCY, Chaos.Victim.CONTROLLER, Chaos.Victim.CONTROLLER, Chaos.Victim.FREQ_OVERLOAD,
                Chaos.Victim.CONTROLLER, Chaos.Victim.CONTROLLER, Chaos.Victim.CONTROLLER);
        for (Chaos.Victim victim : plan) {
            long before = bsc.load().stats().attempts.get();
            Bscs.waitFor(() -> bsc.load().stats().attempts.get() >= before + 100, Duration.ofSeconds(30),
                    "more calls between kills");
            Pid pid = Chaos.pick(node, victim, random); // the victims bin/bsc --chaos picks (ChaosTest runs it)
            if (pid != null) {
                node.exit(pid, ExitReason.KILL);
            }
        }
        // the dust settles: the tree is whole, every phone has a controller again, and calls go through
        TestKit.awaitAssert(Duration.ofSeconds(30),
                () -> assertThat(missing(node, bsc)).as("what keeps the tree from being whole").isEmpty());
        long after = bsc.load().stats().setUp.get();
        Bscs.waitFor(() -> bsc.load().stats().setUp.get() > after + 50, Duration.ofSeconds(30), "calls after chaos");
        Bscs.stopLoad(bsc);
        assertThat(node.isClosed()).isFalse();
        Bscs.assertInvariants(node, bsc);
        assertThat(bsc.load().stats().reconnects.get()).isPositive();
        assertThat(Applications.stop(node, "bsc")).isTrue();
    }

    /** What the tree lacks, in words; empty when it is whole and every phone has one controller. */
    private static String missing(Node node, Bscs.Running bsc) {
        StringBuilder m = new StringBuilder();
        for (String name : List.of("frequency", FreqOverload.NAME)) {
            if (node.whereis(name) == null) {
                m.append("no ").append(name).append("; ");
            }
        }
        PhonesRef phones = PhonesRef.whereis(node);
        if (phones == null) {
            return m.append("no phones").toString();
        }
        int active = phones.countChildren().active();
        if (active != bsc.config().phones()) {
            m.append(active).append(" phone controllers for ").append(bsc.config().phones()).append(" phones, ")
                    .append(bsc.app().component().hlr().current().size()).append(" numbers in the HLR");
        }
        return m.toString();
    }

    @Test
    void escalation_killingTheFrequencyServerThreeTimesInTheHour_stopsTheApplication_withTheReport(Node node,
            TestKit kit, @TempDir Path dir) throws Exception {
        kit.expectCrash(ExitReason.KILLED); // the supervisor's reports of the frequency server it restarts
        // the application's own report: a permanent application that ends stops the node
        kit.expectReport("bsc's application report", r -> r instanceof ApplicationReport);
        kit.expectReport("bsc's supervisor giving up", r -> r instanceof SupervisorReport s
                && s.gaveUp());
        Bscs.Running bsc = Bscs.start(node, dir, Map.of("phones", "20", "calls_per_second", "50"));
        for (int i = 0; i < 3; i++) {
            Pid frequency = node.whereis("frequency");
            node.exit(frequency, ExitReason.KILL);
            if (i < 2) {
                Bscs.waitFor(() -> {
                    Pid now = node.whereis("frequency");
                    return now != null && !now.equals(frequency);
                }, Duration.ofSeconds(10), "restart " + (i + 1));
            }
        }
        ApplicationReport report = Applications.awaitStop(node, Duration.ofSeconds(30));
        assertThat(report).isNotNull();
        assertThat(report.format()).contains("application: bsc", "exited: shutdown", "type: permanent",
                "more than 2 restarts in 1 h (rest_for_one)", "the last child to fail was frequency: killed",
                "the node stops");
        assertThat(node.isClosed()).isTrue();
    }
}
