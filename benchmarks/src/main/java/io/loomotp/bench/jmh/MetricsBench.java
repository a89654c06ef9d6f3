package io.loomotp.bench.jmh;

import io.loomotp.bench.Counter;
import io.loomotp.bench.CounterRef;
import io.loomotp.metrics.LoomOtpMetrics;
import io.loomotp.metrics.NodeSampler;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the Micrometer binder costs a message's path (issue 19: W1 and W3 within 3% with it bound): W1's call round
 * trip (one client process, one server, {@value #OPS} calls in a row) and W3's casts ({@value #OPS} casts, then one
 * call that waits until all are handled), with the binder not bound, bound (a {@link NodeSampler} ticking every
 * second, as {@code LoomBench}'s {@code -Dloomotp.bench.metrics=true} does), and bound with one call in 100 timed
 * ({@code timeCalls(100)}). Several forks, because on 2 carriers a JVM settles into a spinning or a parked mode
 * (ADR 0003): the error JMH prints then covers that spread, and a cost is only claimed when it is outside it.
 *
 * <p>{@code bin/bench --jmh MetricsBench}; the figures are in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 5, jvmArgsAppend = "-Xmx1g")
@State(Scope.Benchmark)
public class MetricsBench {
    static final int OPS = 10_000;

    /** The binder: not bound, bound, or bound and timing one call in 100. */
    @Param({"unbound", "bound", "bound-timed-100"})
    public String metrics;

    private Node node;
    private NodeSampler sampler;
    private LoomOtpMetrics binder;
    private Pid caller;
    private Pid caster;

    @Setup(Level.Trial)
    public void setUp() {
        node = Node.create("jmh-metrics");
        if (!metrics.equals("unbound")) {
            sampler = NodeSampler.create(node).start(Duration.ofSeconds(1));
            LoomOtpMetrics.Builder b = LoomOtpMetrics.builder(sampler);
            if (metrics.equals("bound-timed-100")) {
                b.timeCalls(100);
            }
            binder = b.build();
            binder.bindTo(new SimpleMeterRegistry());
        }
        CounterRef callServer = CounterRef.start(node, Counter::new);
        CounterRef castServer = CounterRef.start(node, Counter::new);
        caller = node.spawn(() -> {
            for (;;) {
                CompletableFuture<?> done = (CompletableFuture<?>) Process.receive();
                for (int i = 0; i < OPS; i++) {
                    callServer.inc();
                }
                done.complete(null);
            }
        });
        caster = node.spawn(() -> {
            int sent = 0;
            for (;;) {
                CompletableFuture<?> done = (CompletableFuture<?>) Process.receive();
                for (int i = 0; i < OPS; i++) {
                    castServer.add();
                }
                sent += OPS;
                int handled = castServer.get(Duration.ofMinutes(1));
                if (handled != sent) {
                    done.completeExceptionally(new IllegalStateException("handled " + handled + " of " + sent));
                } else {
                    done.complete(null);
                }
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (binder != null) {
            binder.close();
            sampler.close();
        }
        node.close();
    }

    /** W1's path: a call's round trip, {@value #OPS} in a row from one process. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void call() throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        Process.send(caller, done);
        done.get();
    }

    /** W3's path: {@value #OPS} casts, then one call that returns when all are handled. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void cast() throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        Process.send(caster, done);
        done.get();
    }
}
