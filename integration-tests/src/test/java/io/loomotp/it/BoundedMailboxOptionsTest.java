package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.MailboxSpec;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Server(mailboxCapacity = ...)} bound is the default of its starts: start options that give a mailbox,
 * even an unbounded one, take precedence (a new user's finding: an explicit {@code MailboxSpec.unbounded()} could not
 * be told from the defaults' and was bounded all the same).
 */
@LoomOtpTest
class BoundedMailboxOptionsTest {

    /** Holds the server at a gate, casts five adds, opens the gate: the adds it kept. */
    private static int keptOfFive(Node node, StartOptions options) {
        CountDownLatch gate = new CountDownLatch(1);
        BoundedRef server = BoundedRef.start(node, () -> new Bounded(gate), options);
        server.hold();
        TestKit.awaitAssert(() -> assertThat(node.info(server.pid()).mailboxLength()).isZero()); // holding
        for (int i = 0; i < 5; i++) {
            server.add();
        }
        gate.countDown();
        // drained before the call, which a full mailbox would refuse as it refused the adds
        TestKit.awaitAssert(() -> assertThat(node.info(server.pid()).mailboxLength()).isZero());
        int kept = server.casts();
        server.stop();
        return kept;
    }

    @Test
    void theAnnotationsBound_byDefault(Node node) {
        assertThat(keptOfFive(node, StartOptions.defaults())).isEqualTo(2);
    }

    @Test
    void startOptionsGivingAnUnboundedMailbox_takePrecedence(Node node) {
        assertThat(keptOfFive(node, StartOptions.defaults().withMailbox(MailboxSpec.unbounded()))).isEqualTo(5);
        assertThat(StartOptions.defaults().mailboxGiven()).isFalse();
        assertThat(StartOptions.defaults().withName("x").mailboxGiven()).isFalse();
    }

    @Test
    void startOptionsGivingAnotherBound_takePrecedence(Node node) {
        assertThat(keptOfFive(node, StartOptions.defaults()
                .withMailbox(MailboxSpec.bounded(3, io.loomotp.Overflow.DROP_NEWEST)))).isEqualTo(3);
    }
}
