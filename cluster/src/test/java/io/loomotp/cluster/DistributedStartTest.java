package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.runtime.Node;
import java.time.Duration;
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
        try (TwoNodes n = TwoNodes.start("loomotp-start")) {
            Node x = n.x();
            Node y = n.y();
            AppEvents onX = new AppEvents(x);
            AppEvents onY = new AppEvents(y);
            DistributedApplications dx = DistributedApplications.of(n.cx());
            DistributedApplications dy = DistributedApplications.of(n.cy());
            for (int i = 0; i < APPS; i++) {
                String app = "app_start" + i;
                DistributedApp spec = DistributedApp.parse("{" + app + ", 0, [x, y]}");
                assertThat(dx.start(spec, new DistApp(app, x, onX.pid()), Restart.TEMPORARY)).isEqualTo("x");
                assertThat(dy.start(spec, new DistApp(app, y, onY.pid()), Restart.TEMPORARY)).as(app).isEqualTo("x");
                assertThat(onX.next(BOUND)).isEqualTo(new Wire.AppEvent("x", app, "normal"));
            }
            assertThat(onY.drain()).as("y never started one").isEmpty();
            assertThat(onX.drain()).as("nor did x stop one").isEmpty();
        }
    }
}
