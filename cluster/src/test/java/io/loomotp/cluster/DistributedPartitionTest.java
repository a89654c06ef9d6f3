package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.cluster.fault.NetworkFaults;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * A distributed application across a real partition and its merge, between two nodes of this JVM whose JGroups
 * stacks are made to drop each other's messages (JGroups' DISCARD, through the fault hook {@link NetworkFaults}) and
 * then to stop dropping them: the split runs the application on both sides, as OTP's dist_ac does, and after the
 * merge the instance at higher precedence stays (docs/distribution.md, "Partitions").
 */
class DistributedPartitionTest {
    private static final Duration SPLIT = Duration.ofSeconds(20);

    @Test
    void partition_applicationRunsOnBothSides_mergeKeepsTheHigherPrecedenceInstance() throws Exception {
        // the observer is OTP's st_type on the test's own node, which no partition cuts off: here a node in no
        // cluster, whose process object both sides' applications reach directly (docs/distribution.md)
        try (TwoNodes n = TwoNodes.start("loomotp-split"); Node observer = Node.create("observer")) {
            Node x = n.x();
            Node y = n.y();
            Cluster cx = n.cx();
            Cluster cy = n.cy();
            AppEvents events = new AppEvents(observer);
            DistributedApp spec = DistributedApp.parse("{app_split, 200, [x, y]}");
            DistributedApplications dx = DistributedApplications.of(cx);
            DistributedApplications dy = DistributedApplications.of(cy);
            assertThat(dx.start(spec, new DistApp("app_split", x, events.pid()), Restart.TEMPORARY)).isEqualTo("x");
            assertThat(events.next(SPLIT)).isEqualTo(new Wire.AppEvent("x", "app_split", "normal"));
            assertThat(dy.start(spec, new DistApp("app_split", y, events.pid()), Restart.TEMPORARY)).isEqualTo("x");

            NetworkFaults.cut(cx, List.of("y"));
            NetworkFaults.cut(cy, List.of("x"));
            // each side sees the other lost; y fails the application over: it now runs twice, as in OTP
            assertThat(events.next(SPLIT)).isEqualTo(new Wire.AppEvent("y", "app_split", "{failover, x}"));
            assertThat(cx.nodes()).isEmpty();
            awaitWhere(dx, "x");
            awaitWhere(dy, "y");

            try (LogCapture.Capture distAc = LogCapture.capture("io.loomotp.cluster.dist_ac")) {
                NetworkFaults.heal(cx);
                NetworkFaults.heal(cy);
                // MERGE3 merges the views; y's instance is outranked by x's and stops, x's keeps running
                assertThat(events.next(SPLIT)).isEqualTo(new Wire.AppEvent("y", "app_split", "stopped"));
                // and y says why, as a warning (two instances ran): logged before its instance stopped
                assertThat(distAc.events()).singleElement().satisfies(e -> {
                    assertThat(e.level()).isEqualTo(Level.WARN);
                    assertThat(e.message()).isEqualTo("dist_ac on y: application app_split runs on node x too, "
                            + "which comes first in {app_split, 200, [x, y]}; stopping it here (two instances ran, "
                            + "as after a partition)");
                });
            }
            awaitWhere(dy, "x");
            awaitWhere(dx, "x");
            assertThat(x.whereis("app_split")).isNotNull();
            assertThat(events.drain()).isEmpty(); // x's instance was never stopped nor restarted
        }
    }

    private static void awaitWhere(DistributedApplications d, String node) {
        BooleanSupplier there = () -> d.whereRuns("app_split").equals(Optional.of(node));
        Await.until(there, "app_split seen on " + node);
    }
}
