package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A deferred reply: two clients meet at a rendezvous server, which answers the first only when the second comes. */
@ExtendWith(NodeExtension.class)
class RendezvousTest {

    @Test
    void twoClientsMeet(Node node) {
        RendezvousRef rendezvous = RendezvousRef.start(node);
        Probe alice = Probe.spawn(node);
        Probe bob = Probe.spawn(node);
        CompletableFuture<String> aliceMet = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> aliceMet.complete(alice.exec(() -> rendezvous.meet("alice"))));
        // alice waits: her reply is deferred until someone else arrives
        Await.until(() -> node.info(rendezvous.pid()).messagesIn() == 1, "alice's call to arrive");
        assertThat(aliceMet).isNotDone();
        String bobMet = bob.exec(() -> rendezvous.meet("bob"));
        assertThat(bobMet).isEqualTo("alice");
        assertThat(aliceMet).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("bob");
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
        Await.until(() -> node.info(rendezvous.pid()).messagesIn() == 2, "carol's call to arrive");
        assertThat(rendezvous.meet("dave")).isEqualTo("carol");
        assertThat(first).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("dave");
    }
}
