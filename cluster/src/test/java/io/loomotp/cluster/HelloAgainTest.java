package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;
import org.junit.jupiter.api.Test;

/**
 * A hello lost on its way to an older member (ADR 0021, the amendment "a member whose hello never came is asked
 * again"): the joining node took the older one up on its hello, but the older one never heard the joining node's, so
 * it keeps it pending. Before the timer's re-ask the two stayed apart for good (the joining node asked again only for
 * members it had not heard itself). Two nodes of this JVM; the older one's stack drops the first frame it receives from
 * another node (the hello), once.
 */
class HelloAgainTest {
    @Test
    void nodeup_helloToTheOlderMemberLost_itAsksAgainAndBothAreUp() throws Exception {
        int pa = NodeJvm.freePort();
        int pb = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
        Node a = Node.create("a");
        Node b = Node.create("b");
        Cluster ca = null;
        Cluster cb = null;
        try {
            ca = Cluster.join(a, TwoNodes.config("a", "loomotp-hello", pa, members));
            DropFirstFrame drop = new DropFirstFrame(ca.endpoint().channel().getAddress());
            ProtocolStack stack = ca.endpoint().channel().getProtocolStack();
            stack.insertProtocol(drop, ProtocolStack.Position.ABOVE, stack.getTopProtocol().getClass());

            cb = Cluster.join(b, TwoNodes.config("b", "loomotp-hello", pb, members));
            Cluster joined = cb;
            Await.until(() -> joined.nodes().contains("a"), "b sees a up (a's hello reached it)");
            Await.until(() -> drop.dropped.get() != null, "a dropped b's hello"); // b takes a up before it sends it

            // then: a asks b again after the failure timeout, b answers, and a takes b up
            Cluster older = ca;
            Await.until(() -> older.nodes().contains("b"), "a sees b up after asking again");

            // and frames flow both ways
            Pid echo = b.spawn(() -> {
                Object m = Process.receive();
                if (m instanceof Pid from) {
                    Process.send(from, "pong");
                }
            });
            b.register("echo", echo);
            Probe probe = Probe.spawn(a);
            older.send("b", "echo", probe.pid());
            assertThat(probe.next(String.class)).isEqualTo("pong");
        } finally {
            LocalNode.closeAll(cb, ca, b, a);
        }
    }

    /** Drops the first message that comes up from another member, once: at the top of the stack, only frames do. */
    static final class DropFirstFrame extends Protocol {
        private final Address self;
        final AtomicReference<Address> dropped = new AtomicReference<>();

        DropFirstFrame(Address self) {
            this.self = self;
        }

        private boolean drop(Message m) {
            return m.getSrc() != null && !m.getSrc().equals(self) && dropped.compareAndSet(null, m.getSrc());
        }

        @Override
        public Object up(Message msg) {
            return drop(msg) ? null : up_prot.up(msg);
        }

        @Override
        public void up(MessageBatch batch) {
            batch.removeIf(this::drop, false);
            if (!batch.isEmpty()) {
                up_prot.up(batch);
            }
        }
    }
}
