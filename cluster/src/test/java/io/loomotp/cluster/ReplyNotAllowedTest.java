package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call whose reply the callee's node may not write (its class is not on that node's allow-list) fails the caller
 * with the {@link ClassNotAllowedException} that every other refusal gives, naming the class, and the server lives on:
 * a new user's finding (2026-12-05), where the caller got a plain {@code ClusterException}. Two nodes in this JVM.
 */
class ReplyNotAllowedTest {

    /** Answers every call with a record that its own node may not send. */
    private static final ServerCallbacks<Object> ANSWERS_ONLY_HERE = new ServerCallbacks<>() {
        @Override
        public Object handleCall(Object state, Object request, From from) {
            return "alive".equals(request) ? "yes" : new Wire.OnlyHere(1);
        }

        @Override
        public void handleCast(Object state, Object message) {}
    };

    @Test
    void call_replyNotAllowedOnTheCalleesNode_classNotAllowedNamingIt_theServerLives() {
        int pp = NodeJvm.freePort();
        int pq = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + pp, "127.0.0.1:" + pq);
        Node p = Node.create("p");
        Node q = Node.create("q");
        try (Cluster cp = Cluster.join(p, TwoNodes.config("p", "loomotp-reply", pp, members).allow(Wire.ALLOWED)
                .allow(Wire.OnlyHere.class));
             Cluster cq = Cluster.join(q, TwoNodes.config("q", "loomotp-reply", pq, members).allow(Wire.ALLOWED))) {
            Await.until(() -> cp.nodes().contains("q") && cq.nodes().contains("p"), "p and q see each other");
            GenServer.start(q, ANSWERS_ONLY_HERE, Object::new, StartOptions.defaults().withName("srv"));
            Pid srv = cp.whereis("q", "srv");

            try (LogCapture.Capture warned = LogCapture.capture("io.loomotp.cluster")) {
                assertThatThrownBy(() -> GenServer.call(srv, "x", Duration.ofSeconds(10)))
                        .isInstanceOfSatisfying(ClassNotAllowedException.class, e -> {
                            assertThat(e.className()).isEqualTo(Wire.OnlyHere.class.getName());
                            assertThat(e.onReceipt()).isFalse();
                        })
                        .hasMessageStartingWith("the reply of " + srv + ", refused by its node q before it was sent: ");
                assertThat(warned.await(1).getFirst().message()).startsWith("reply to a call from node p not sent");
            }
            assertThat(GenServer.call(srv, "alive", Duration.ofSeconds(10))).isEqualTo("yes");
        } finally {
            LocalNode.closeAll(q, p);
        }
    }
}
