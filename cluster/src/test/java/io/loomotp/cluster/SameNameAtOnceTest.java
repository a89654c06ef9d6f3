package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one name joining at the same moment: exactly one is admitted, as epmd lets exactly one register. (A
 * user's run in node JVMs once saw both refused: the second one's refusal, answered to the first while that one was
 * still joining, refused the first too. The view's order, which node joined first, now decides.)
 */
class SameNameAtOnceTest {

    @Test
    void twoNodesOfOneName_joiningAtOnce_exactlyOneIsAdmitted() throws Exception {
        int pt = NodeJvm.freePort();
        int p1 = NodeJvm.freePort();
        int p2 = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + pt, "127.0.0.1:" + p1, "127.0.0.1:" + p2);
        Node t = Node.create("t");
        Node d1 = Node.create("d");
        Node d2 = Node.create("d");
        List<Cluster> joined = new ArrayList<>();
        try {
            Cluster ct = Cluster.join(t, TwoNodes.config("t", "loomotp-same-name", pt, members));
            joined.add(ct);
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Cluster> a = join(d1, p1, members, together);
            CompletableFuture<Cluster> b = join(d2, p2, members, together);
            List<Cluster> admitted = new ArrayList<>();
            int refused = 0;
            for (CompletableFuture<Cluster> f : List.of(a, b)) {
                try {
                    admitted.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ClusterException.class)
                            .hasMessageContaining("a live node of that name is a member already");
                    refused++;
                }
            }
            joined.addAll(admitted);
            assertThat(admitted).as("admitted").hasSize(1);
            assertThat(refused).isEqualTo(1);
            Await.until(() -> ct.nodes().equals(List.of("d")), "t sees the one d");
        } finally {
            for (Cluster c : joined) {
                c.close();
            }
            LocalNode.closeAll(null, t, d1, d2);
        }
    }

    private static CompletableFuture<Cluster> join(Node node, int port, List<String> members, CyclicBarrier together) {
        CompletableFuture<Cluster> f = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                together.await(10, TimeUnit.SECONDS);
                f.complete(Cluster.join(node, TwoNodes.config("d", "loomotp-same-name", port, members)));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
