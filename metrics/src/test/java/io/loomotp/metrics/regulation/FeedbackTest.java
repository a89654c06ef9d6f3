package io.loomotp.metrics.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.metrics.ManualClock;
import io.loomotp.metrics.NodeSampler;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A regulator dampened by a sampler's readings of a node: a mailbox that grows lowers the rate. */
@ExtendWith(NodeExtension.class)
class FeedbackTest {

    @Test
    void level_countsTheLevelsAMeasurementIsAbove() {
        Feedback f = new Feedback("f", s -> 0, 10, 100);
        assertThat(f.level(5)).isZero();
        assertThat(f.level(10)).isZero();
        assertThat(f.level(11)).isEqualTo(1);
        assertThat(f.level(1000)).isEqualTo(2);
    }

    @Test
    void attach_aGrowingMailboxLowersTheRateAndADrainedOneRestoresIt(Node node) throws Exception {
        ManualClock clock = new ManualClock();
        BlockingQueue<Integer> take = new LinkedBlockingQueue<>();
        Pid backend = node.spawn(() -> {
            for (;;) {
                int n = take.take();
                for (int i = 0; i < n; i++) {
                    Process.receive();
                }
            }
        }, SpawnOptions.defaults().withName("backend"));
        try (NodeSampler sampler = NodeSampler.create(node, clock, () -> new MemoryUsage(0, 1, 10, 10));
             Regulator regulator = Regulator.create(clock)) {
            regulator.addQueue(QueueSpec.named("setup").rate(100).modifier("backend", 40).build());
            regulator.attach(sampler, Feedback.mailbox("backend", "backend", 10, 50));
            sampler.tick();
            assertThat(regulator.stats("setup").rateLimit()).isEqualTo(100);
            for (int i = 0; i < 60; i++) {
                node.send(backend, i);
            }
            Await.until(() -> node.counters(backend).mailboxLength() == 60, "60 waiting");
            sampler.tick();
            assertThat(regulator.feedbackLevel("backend")).isEqualTo(2);
            assertThat(regulator.stats("setup").rateLimit()).isEqualTo(20, org.assertj.core.data.Offset.offset(1e-9));
            take.add(60);
            Await.until(() -> node.counters(backend).mailboxLength() == 0, "drained");
            sampler.tick();
            assertThat(regulator.stats("setup").rateLimit()).isEqualTo(100);
        }
    }
}
