package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.application.Applications;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A phone lost without leaving (in cluster mode, its node was lost): its controller ends the call as a hangup would,
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
}
