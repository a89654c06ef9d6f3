package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.testkit.LoomOtpTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Till}: a generated state machine whose {@code @Terminate} sees the state it stops in (OTP's terminate/3). */
@LoomOtpTest
class TillTest {
    @Test
    void terminate_getsTheCurrentState_andTheReason(Node node) {
        Till till = new Till();
        TillRef ref = TillRef.start(node, () -> till);
        ref.pay(50);
        ref.pay(20);
        ref.stop(ExitReason.shutdown("closing"), Duration.ofSeconds(5));
        assertThat(till.returned).containsExactly("70 on " + ExitReason.shutdown("closing"));
    }

    @Test
    void terminate_inAStateWithNothingToGiveBack_givesNothing(Node node) {
        Till till = new Till();
        TillRef.start(node, () -> till).stop();
        assertThat(till.returned).isEmpty();
    }
}
