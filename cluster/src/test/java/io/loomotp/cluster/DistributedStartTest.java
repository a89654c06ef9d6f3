package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A distributed application started on one node and then at once on the next of its list: the second start decides
 * from the first node's current state, not from the last state it happened to have from it, so the application runs
 * once, where it was started first. (Deciding from a stale state made it start on the second node too, then stop
 * there once the first node's state came: seen once in DistributedPartitionTest.) Two nodes in this JVM.
 */
class DistributedStartTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int APPS = 20;

    @Test
    void startOnTheFirstNode_thenAtOnceOnTheSecond_runsOnTheFirstOnly() {
        int px = NodeJvm.freePort();
        int py = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + px, "127.0.0.1:" + py);
        Node x = Node.create("x");
        Node y = Node.create("y");
        try (Cluster cx = join(x, px, members); Cluster cy = join(y, py, members)) {
            Await.until(() -> cx.nodes().contains("y") && cy.nodes().contains("x"), "x and y see each other");
            AppEvents onX = new AppEvents(x);
            AppEvents onY = new AppEvents(y);
            DistributedApplications dx = DistributedApplications.of(cx);
            DistributedApplications dy = DistributedApplications.of(cy);
            for (int i = 0; i < APPS; i++) {
                String app = "app_start" + i;
                DistributedApp spec = DistributedApp.parse("{" + app + ", 0, [x, y]}");
                assertThat(dx.start(spec, new DistApp(app, x, onX.pid()), Restart.TEMPORARY)).isEqualTo("x");
                assertThat(dy.start(spec, new DistApp(app, y, onY.pid()), Restart.TEMPORARY)).as(app).isEqualTo("x");
                assertThat(onX.next(BOUND)).isEqualTo(new Wire.AppEvent("x", app, "normal"));
            }
            assertThat(onY.drain()).as("y never started one").isEmpty();
            assertThat(onX.drain()).as("nor did x stop one").isEmpty();
        } finally {
            x.stop(); // x's applications shut down with their trees
            y.close();
        }
    }

    private static Cluster join(Node node, int port, List<String> members) {
        return Cluster.join(node, ClusterConfig.of(node.name(), NodeJvm.SECRET).withClusterName("loomotp-start")
                .withBindPort(port).withInitialMembers(members)
                .withFailureTimeout(Duration.ofMillis(NodeJvm.FAILURE_TIMEOUT_MS)));
    }
}
