package io.loomotp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.NodeExtension;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sampler: explicit ticks at the clock's time, its own ticking thread, and listeners that fail. */
@ExtendWith(NodeExtension.class)
class NodeSamplerTest {

    @Test
    void tick_takesTheSampleAtTheClocksTimeAndTellsTheListeners(Node node) {
        ManualClock clock = new ManualClock();
        try (NodeSampler sampler = NodeSampler.create(node, clock, () -> new MemoryUsage(0, 30, 50, 100))) {
            AtomicInteger told = new AtomicInteger();
            sampler.onSample(s -> told.incrementAndGet());
            clock.advance(Duration.ofSeconds(7));
            NodeSample s = sampler.tick();
            assertThat(s.time()).isEqualTo(TimeUnit.SECONDS.toNanos(7));
            assertThat(s.heapFraction()).isEqualTo(0.3);
            assertThat(sampler.latest()).isSameAs(s);
            assertThat(told).hasValue(1);
        }
    }

    @Test
    void tick_aFailingListenerDoesNotStopTheOthers(Node node) {
        try (NodeSampler sampler = NodeSampler.create(node, new ManualClock(), () -> new MemoryUsage(0, 1, 1, 1))) {
            AtomicInteger told = new AtomicInteger();
            sampler.onSample(s -> {
                throw new IllegalStateException("a broken listener");
            });
            sampler.onSample(s -> told.incrementAndGet());
            try (LogCapture.Capture log = LogCapture.capture("io.loomotp.metrics.NodeSampler")) {
                sampler.tick();
                assertThat(told).hasValue(1);
                // the broken one is not silent: one warning with its exception
                assertThat(log.events()).singleElement().satisfies(e -> {
                    assertThat(e.message()).startsWith("sample listener ").endsWith(" failed");
                    assertThat(e.thrown()).hasMessage("a broken listener");
                });
            }
        }
    }

    @Test
    void start_ticksOnAThreadOfItsOwnUntilClosed(Node node) throws InterruptedException {
        NodeSampler sampler = NodeSampler.create(node);
        CountDownLatch three = new CountDownLatch(3);
        sampler.onSample(s -> three.countDown());
        sampler.start(Duration.ofMillis(1));
        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> sampler.start(Duration.ofMillis(1))).isInstanceOf(IllegalStateException.class);
        sampler.close();
    }

    /** On a node with virtual time the sampler's clock is the node's, so a kit's advance moves it. */
    @Test
    void create_onANodeWithAManualClock_followsIt() {
        io.loomotp.runtime.ManualClock clock = new io.loomotp.runtime.ManualClock();
        try (Node virtual = Node.create("virtual", clock); NodeSampler sampler = NodeSampler.create(virtual)) {
            long t0 = sampler.tick().time();
            clock.advance(Duration.ofSeconds(10));
            assertThat(sampler.tick().time() - t0).isEqualTo(Duration.ofSeconds(10).toNanos());
            assertThat(virtual.nanoTime() - t0).isEqualTo(Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void start_refusesAPeriodThatIsNotPositive(Node node) {
        try (NodeSampler sampler = NodeSampler.create(node)) {
            assertThatThrownBy(() -> sampler.start(Duration.ZERO)).hasMessageContaining("must be positive");
        }
    }
}
