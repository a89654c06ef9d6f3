package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Overflow;
import io.loomotp.runtime.MailboxSpec;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Frames to a mailbox bounded with {@code BLOCK} are delivered from a backlog thread, not the connection's receive
 * thread (docs/adr/0017-remote-latency.md): they, and the frames behind them from the same node, still arrive once
 * each and in order, and the direct path resumes once the backlog has drained. Two nodes in this JVM.
 */
class BlockingDeliveryTest {
    private static final int N = 40;

    @Test
    void sendToBlockingMailbox_deliveredInOrderThroughBacklog_thenDirectAgain() throws Exception {
        int p1 = NodeJvm.freePort();
        int p2 = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        try (Node n1 = Node.create("b1"); Node n2 = Node.create("b2")) {
            ClusterConfig base = ClusterConfig.of("b1", NodeJvm.SECRET).withClusterName("loomotp-blocking")
                    .withInitialMembers(members).withFailureTimeout(Duration.ofSeconds(1));
            try (Cluster c1 = Cluster.join(n1, base.withBindPort(p1));
                 Cluster c2 = Cluster.join(n2, base.withNodeName("b2").withBindPort(p2))) {
                Await.until(() -> c1.nodes().contains("b2") && c2.nodes().contains("b1"), "b1 and b2 see each other");
                // given: on b1, a process with a mailbox of 2 that blocks its senders, and does not receive yet
                CountDownLatch gate = new CountDownLatch(1);
                Probe report = Probe.spawn(n1);
                Probe after = Probe.spawn(n1);
                n1.register("after", after.pid());
                n1.spawn(() -> {
                    Process.register("slow");
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the gate was never opened");
                    }
                    List<Object> got = new ArrayList<>();
                    for (int i = 0; i < 2 * N; i++) {
                        got.add(Process.receive(Duration.ofSeconds(10)));
                    }
                    Process.send(report.pid(), got);
                }, SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(2, Overflow.BLOCK)));
                Await.until(() -> n1.whereis("slow") != null, "slow registered");

                // when: b2 sends N messages to it, then one to another process of b1, then opens the gate
                for (int i = 0; i < N; i++) {
                    c2.send("b1", "slow", i);
                }
                c2.send("b1", "after", "after");
                gate.countDown();

                // then: the other process's message came (behind the backlog); N more follow, during or after the drain
                assertThat(after.next()).isEqualTo("after");
                for (int i = N; i < 2 * N; i++) {
                    c2.send("b1", "slow", i);
                }
                assertThat(report.next()).isEqualTo(IntStream.range(0, 2 * N).boxed().toList());
                assertThat(c1.nodes()).containsExactly("b2");
            }
        }
    }
}
