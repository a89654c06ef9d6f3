package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.application.Applications;
import io.loomotp.sys.Sys;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller's life beside its phone and its supervisor. A phone lost without leaving (in cluster mode, its node was lost): its controller ends the call as a hangup would,
 * and stops, so that nothing is left of it once things settle (issue 15 §5, "nothing leaked").
 */
@LoomOtpTest
class PhoneControllerTest {

    @Test
    void phoneDown_connected_peerHearsHangupFrequencyBackAndControllerGone(TestKit kit, @TempDir Path dir) {
        // given: phone 100 (a process that will be killed) called 101 (a probe), who answered
        Node node = kit.node();
        BscApplication app = new BscApplication(Map.of("frequencies", "10", "answer_timeout", "1h",
                "overload_log", dir.resolve("o.log").toString()));
        node.start(app);
        PhonesRef phones = PhonesRef.whereis(node);
        Pid lostPhone = node.spawn(() -> Process.receive(m -> false, Duration.ofHours(1)));
        PhoneControllerRef caller = phones.phone("100");
        caller.connect(lostPhone);
        TestProbe callee = kit.probe();
        PhoneControllerRef answering = phones.phone("101");
        answering.connect(callee.pid());
        caller.outbound("101");
        callee.expectMessageEquals(new PhoneReply.Inbound("100"));
        answering.accept();
        callee.expectMessageEquals(new PhoneReply.Connected("100", 10));
        assertThat(FrequencyRef.whereis(node).inUse()).isEqualTo(1);

        // when: the caller's phone is lost, without hanging up or disconnecting
        TestProbe watch = kit.probe();
        watch.monitor(caller.pid());
        node.exit(lostPhone, ExitReason.KILL);

        // then: the callee hears the hangup, its frequency is back, and the caller's controller is gone from the HLR
        callee.expectMessageEquals(new PhoneReply.Hangup("100"));
        watch.expectDown(caller.pid(), ExitReason.NORMAL);
        kit.settle();
        assertThat(FrequencyRef.whereis(node).inUse()).isZero();
        assertThat(phones.whichChildren()).hasSize(1);
        assertThat(app.component().hlr().current().numbers()).containsOnlyKeys("101");
        assertThat(Applications.stop(node, "bsc")).isTrue();
    }

    /**
     * The race a chaos run met: a phone whose controller was killed asks the phones' supervisor for a new one, but the
     * supervisor, behind on its mail, restarts the killed one first (its exit signal was queued before the ask). The
     * ask then starts nothing, and the number keeps one controller: the restarted one, which the phone finds in the HLR.
     */
    @Test
    void askForAController_whileTheSupervisorRestartsTheKilledOne_startsNoSecond(TestKit kit, @TempDir Path dir) {
        kit.expectCrash(ExitReason.KILLED); // the supervisor's report of the controller it restarts
        Node node = kit.node();
        BscApplication app = new BscApplication(Map.of("frequencies", "10", "overload_log",
                dir.resolve("o.log").toString()));
        node.start(app);
        PhonesRef phones = PhonesRef.whereis(node);
        Pid killed = phones.phone("100").pid();
        assertThat(phones.phone("100")).as("a second controller for a number served").isNull();

        // the supervisor is held, gets the killed controller's exit signal, and then the phone's ask
        Sys.suspend(phones.pid());
        node.exit(killed, ExitReason.KILL);
        TestKit.awaitAssert(() -> assertThat(node.info(phones.pid()).mailboxLength()).isPositive());
        int queued = node.info(phones.pid()).mailboxLength();
        TestProbe phone = kit.probe();
        node.spawn(() -> {
            PhoneControllerRef asked = phones.phone("100");
            node.send(phone.pid(), asked == null ? "none" : asked.pid());
        });
        TestKit.awaitAssert(() -> assertThat(node.info(phones.pid()).mailboxLength()).isGreaterThan(queued));
        Sys.resume(phones.pid());

        assertThat(phone.expectMessage(Object.class)).isEqualTo("none");
        Pid restarted = app.component().hlr().current().lookupId("100");
        assertThat(restarted).isNotNull().isNotEqualTo(killed);
        assertThat(phones.whichChildren()).extracting(c -> c.pid()).containsExactly(restarted);
        assertThat(Applications.stop(node, "bsc")).isTrue();
    }
}
