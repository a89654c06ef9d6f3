package io.loomotp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.CallTiming;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.sys.Sys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The call latency timer ({@code LoomOtpMetrics.Builder.timeCalls}) against the calls that were made. */
@ExtendWith(NodeExtension.class)
class CallLatencyTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private NodeSampler sampler;

    /** Answers at once; an Integer request after working that many milliseconds; "block" when the test releases it. */
    private final class Slow implements ServerCallbacks<Object> {
        @Override
        public Object handleCall(Object state, Object request, From from) {
            try {
                if (request instanceof Integer millis) {
                    Thread.sleep(millis); // the handler's own work, which the caller waits for
                } else if ("block".equals(request)) {
                    release.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (sampler != null) {
            sampler.close();
        }
    }

    private LoomOtpMetrics bind(Node node, int oneIn) {
        sampler = NodeSampler.create(node, new ManualClock(), new Fixtures.Heap());
        LoomOtpMetrics.Builder b = LoomOtpMetrics.builder(sampler);
        if (oneIn > 0) {
            b.timeCalls(oneIn);
        }
        LoomOtpMetrics m = b.build();
        m.bindTo(registry);
        return m;
    }

    private Timer timer(String outcome) {
        return registry.get("loomotp.call.latency").tags("node", "test", "outcome", outcome).timer();
    }

    @Test
    void timeCalls_timesEachCallAsItsCallerSawIt_repliedAndFailedApart(Node node) {
        bind(node, 1);
        Pid server = GenServer.start(node, new Slow(), Object::new);
        // when: 10 quick calls, one that the handler takes 30 ms to answer, and one that times out after 20 ms
        for (int i = 0; i < 10; i++) {
            GenServer.call(server, "ping");
        }
        long before = System.nanoTime();
        GenServer.call(server, 30);
        long slowCall = System.nanoTime() - before;
        assertThatThrownBy(() -> GenServer.call(server, "block", Duration.ofMillis(20)))
                .isInstanceOf(CallTimeoutException.class);
        release.countDown(); // the blocked handler answers (too late: the reply is discarded) and the server is free
        // then: 11 replied, the slowest at least the handler's 30 ms and no more than the caller measured around it
        Timer replied = timer("reply");
        assertThat(replied.count()).isEqualTo(11);
        assertThat(replied.max(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(30e6).isLessThanOrEqualTo(slowCall);
        assertThat(replied.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(30e6);
        Timer failed = timer("failed");
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(20e6);
        // system calls are not user calls: a sys getState is not timed
        Sys.getState(server);
        assertThat(replied.count()).isEqualTo(11);
    }

    @Test
    void timeCalls_oneInN_timesAboutThatFraction(Node node) {
        bind(node, 4);
        Pid server = GenServer.start(node, new Slow(), Object::new);
        for (int i = 0; i < 4_000; i++) {
            GenServer.call(server, "ping");
        }
        // binomial(4000, 1/4): mean 1000, standard deviation 27; 300 either side is 11 of them
        assertThat(timer("reply").count()).isBetween(700L, 1_300L);
    }

    @Test
    void timeCalls_offByDefault_andOffAgainWhenTheBinderCloses(Node node) {
        LoomOtpMetrics off = bind(node, 0);
        assertThat(CallTiming.isObserved(node)).isFalse();
        assertThat(registry.find("loomotp.call.latency").meters()).isEmpty();
        off.close();
        sampler.close();

        LoomOtpMetrics on = bind(node, 1);
        assertThat(CallTiming.isObserved(node)).isTrue();
        on.close();
        assertThat(CallTiming.isObserved(node)).isFalse();
        assertThat(registry.find("loomotp.call.latency").meters()).isEmpty();
    }

    @Test
    void timeCalls_badInput_isRefusedWithTheFix(Node node) {
        sampler = NodeSampler.create(node, new ManualClock(), new Fixtures.Heap());
        assertThatThrownBy(() -> LoomOtpMetrics.builder(sampler).timeCalls(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time one call in 1 (all) or more");
    }
}
