package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A deferred reply: two clients meet at a rendezvous server, which answers the first only when the second comes. */
@LoomOtpTest
class RendezvousTest {

    @Test
    void twoClientsMeet(Node node, TestKit kit) {
        RendezvousRef rendezvous = RendezvousRef.start(node);
        TestProbe alice = kit.probe();
        TestProbe bob = kit.probe();
        CompletableFuture<String> aliceMet = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> aliceMet.complete(alice.exec(() -> rendezvous.meet("alice"))));
        // alice waits: her reply is deferred until someone else arrives
        TestKit.awaitAssert(() -> assertThat(node.info(rendezvous.pid()).messagesIn()).isEqualTo(1));
        assertThat(aliceMet).isNotDone();
        String bobMet = bob.exec(() -> rendezvous.meet("bob"));
        assertThat(bobMet).isEqualTo("alice");
        assertThat(aliceMet).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("bob");
        rendezvous.stop();
    }

    @Test
    void aCallerThatGaveUp_isNotMatched(Node node) {
        RendezvousRef rendezvous = RendezvousRef.start(node);
        try {
            rendezvous.meet("early", Duration.ofMillis(1));
        } catch (io.loomotp.runtime.CallTimeoutException expected) {
            // early gave up; its ReplyTo is no longer pending
        }
        CompletableFuture<String> first = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> first.complete(rendezvous.meet("carol")));
        TestKit.awaitAssert(() -> assertThat(node.info(rendezvous.pid()).messagesIn()).isEqualTo(2));
        assertThat(rendezvous.meet("dave")).isEqualTo("carol");
        assertThat(first).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("dave");
        rendezvous.stop();
    }
}
