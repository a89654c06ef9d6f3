package io.loomotp.bench.jmh;

import io.loomotp.bench.Counter;
import io.loomotp.bench.CounterRef;
import io.loomotp.metrics.LoomOtpMetrics;
import io.loomotp.metrics.NodeSample;
import io.loomotp.metrics.NodeSampler;
import io.loomotp.runtime.Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The one thing the Micrometer binder adds to a running node: a {@link NodeSampler} tick, which walks the process
 * table once and tells the bound {@link LoomOtpMetrics} (and any alarms). With a tick every period P on one of C cores,
 * the binder takes at most (tick time / P) of one core, whatever the message traffic: this benchmark gives the tick
 * time over idle servers, so that the fraction is computed, not guessed (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class SamplerTickBench {
    /** Idle servers on the node, besides the sampler's own. */
    @Param({"10", "1000", "100000"})
    public int processes;

    private Node node;
    private NodeSampler sampler;
    private LoomOtpMetrics binder;

    @Setup(Level.Trial)
    public void setUp() {
        node = Node.create("jmh-tick");
        for (int i = 0; i < processes; i++) {
            CounterRef.start(node, Counter::new);
        }
        sampler = NodeSampler.create(node); // ticked by the benchmark, not by a thread of its own
        binder = LoomOtpMetrics.builder(sampler).build();
        binder.bindTo(new SimpleMeterRegistry());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        binder.close();
        sampler.close();
        node.close();
    }

    @Benchmark
    public NodeSample tick() {
        return sampler.tick();
    }
}
