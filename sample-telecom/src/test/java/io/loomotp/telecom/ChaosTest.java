package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.report.SupervisorReport;
import io.loomotp.sys.Sys;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos monkey of {@code bin/bsc --chaos}: under load, it kills until the tree's restart intensities are spent
 * and then holds back, so that {@code bsc} never gives up; the tree is whole again, and every call is accounted for.
 * A kill can take a set-up out of the regulator's queue while it waits, which the regulator tells in a WARN line: kept
 * and checked ({@link RejectionLines.ByChance}).
 */
// ByChance first: its capture ends after the kit's extension has closed the node, so the line the regulator writes as
// it closes is kept too
@ExtendWith(RejectionLines.ByChance.class)
@LoomOtpTest(checkLeaks = false)
class ChaosTest {

    @Test
    void chaos_atAHighRate_spendsTheIntensities_butNeverMakesBscGiveUp_andEveryCallIsCounted(Node node, TestKit kit,
            @TempDir Path dir) throws Exception {
        kit.expectReport("the supervisors' reports of the kills", r -> r instanceof SupervisorReport);
        kit.expectCrash(ExitReason.KILLED); // whatever reports the kills make, each with reason killed
        Bscs.Running bsc = Bscs.start(node, dir, Map.of("phones", "50", "calls_per_second", "200",
                "frequencies", "10-29", "talk_time", "100ms", "answer_timeout", "2s"));
        Pid top = node.whereis("bsc");
        Bscs.waitFor(() -> bsc.load().stats().setUp.get() >= 50, Duration.ofSeconds(30), "calls to be set up");

        Chaos chaos = Chaos.on(node);
        chaos.rate(Chaos.Rate.parse("50/s"));
        // phones allows 10 restarts an hour, bsc 2: once both are spent, the monkey holds back, tick after tick
        Pid[] spentPhones = new Pid[1];
        TestKit.awaitAssert(Duration.ofSeconds(60), () -> {
            assertThat(Sys.getStatus(top).extra()).containsEntry("restarts_in_period", "2");
            spentPhones[0] = node.whereis("phones");
            assertThat(spentPhones[0]).isNotNull();
            assertThat(Sys.getStatus(spentPhones[0]).extra()).containsEntry("restarts_in_period", "10");
        });
        long spent = chaos.counts().killed();
        long heldBefore = chaos.counts().heldBack();
        TestKit.awaitAssert(() -> assertThat(chaos.counts().heldBack()).isGreaterThanOrEqualTo(heldBefore + 10));
        assertThat(chaos.counts().killed()).as("no kill past the intensities").isEqualTo(spent);
        chaos.close();
        TestKit.awaitAssert(() -> assertThat(node.whereis("chaos")).as("the monkey gone").isNull());

        Chaos.Counts done = chaos.counts();
        assertThat(done.controllers()).as("phones' 10 at least").isGreaterThanOrEqualTo(10);
        assertThat(done.frequency() + done.freqOverload()).as("within bsc's 2").isLessThanOrEqualTo(2);
        assertThat(node.isClosed()).isFalse();
        assertThat(node.whereis("bsc")).as("bsc never gave up").isEqualTo(top);
        assertThat(Sys.getStatus(top).extra()).containsEntry("restarts_in_period", "2");
        assertThat(node.whereis("phones")).as("phones not restarted since").isEqualTo(spentPhones[0]);

        // the tree is whole, calls go on, and every attempt has its outcome: a killed call is counted, not lost
        Bscs.waitFor(() -> {
            PhonesRef phones = PhonesRef.whereis(node);
            return node.whereis("frequency") != null && node.whereis(FreqOverload.NAME) != null && phones != null
                    && phones.countChildren().active() == bsc.config().phones();
        }, Duration.ofSeconds(30), "the tree to be whole");
        long after = bsc.load().stats().setUp.get();
        Bscs.waitFor(() -> bsc.load().stats().setUp.get() > after + 20, Duration.ofSeconds(30), "calls after chaos");
        Bscs.stopLoad(bsc);
        Bscs.assertInvariants(node, bsc);
        assertThat(bsc.load().stats().reconnects.get()).isPositive();
    }

    @Test
    void rateParse_readsPerSecondMinuteAndHour_andRefusesTheRest() {
        assertThat(Chaos.Rate.parse("2/s").perSecond()).isEqualTo(2.0);
        assertThat(Chaos.Rate.parse("30/m").perSecond()).isEqualTo(0.5);
        assertThat(Chaos.Rate.parse("0.5/s").interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Chaos.Rate.parse("36/h").toString()).isEqualTo("36/h");
        for (String bad : new String[] {"2", "0/s", "-1/s", "2/d", "abc", "/s", "2/s/s"}) {
            assertThatThrownBy(() -> Chaos.Rate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is no rate: expected kills a second, a minute or an hour, more than 0, "
                            + "such as 2/s, 30/m or 1/h");
        }
        assertThatThrownBy(() -> Chaos.Rate.parse("101/s")).hasMessage("'101/s' is too fast: expected 100/s at "
                + "most, such as 2/s");
    }
}
