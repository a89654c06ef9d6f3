package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** bin/bsc's alarm_handler is supervised, as sasl_sup holds it: killed, it is back, and takes alarms again. */
@LoomOtpTest
class SaslApplicationTest {
    @Test
    void alarmHandler_killed_isRestartedByItsSupervisor(Node node, TestKit kit) {
        kit.expectCrash(ExitReason.KILLED); // the supervisor's report of the child it restarts
        node.start(new SaslApplication(), Restart.PERMANENT);
        Pid first = node.whereis(Alarms.NAME);
        assertThat(first).isNotNull();
        Alarms.set(node, "disk_almost_full", "90%");
        assertThat(Alarms.get(node)).extracting(Alarm::id).containsExactly("disk_almost_full");

        node.exit(first, ExitReason.KILL);
        TestKit.awaitAssert(Duration.ofSeconds(5), () -> {
            Pid again = node.whereis(Alarms.NAME);
            assertThat(again).isNotNull().isNotEqualTo(first);
        });
        Alarms.set(node, "fan_failure", "fan 2");
        assertThat(Alarms.get(node)).extracting(Alarm::id).containsExactly("fan_failure");
        assertThat(Applications.stop(node, "sasl")).isTrue();
    }
}
