package io.loomotp.metrics;

import io.loomotp.metrics.regulation.QueueSpec;
import io.loomotp.metrics.regulation.Regulator;
import io.loomotp.metrics.regulation.RejectedException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.server.GenServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The run behind {@code docs/reference/metrics.md} and {@code regulation.md}: a node with some activity, its meters
 * as Micrometer's simple registry prints them, the alarms raised, a regulated burst, and the sampler's cost per tick
 * by process count. Not a test (surefire does not run it); run it with the test class path.
 */
public final class MetricsDemo {
    public static void main(String[] args) throws Exception {
        Node node = Node.create("demo");
        node.logReports(false);
        Alarms.start(node);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeSampler sampler = NodeSampler.create(node);
        LoomOtpMetrics.builder(sampler).track("worker").track(Pattern.compile("sink-.*")).maxTrackedProcesses(3)
                .build().bindTo(registry);
        ThresholdAlarms alarms = ThresholdAlarms.install(sampler,
                Threshold.mailbox("sink-1", 1_000, 100, Duration.ZERO), Threshold.restartsPerMinute(1, 0));
        alarms.bindTo(registry);

        Fixtures.supervisor(node, "top");
        Pid worker = node.whereis("worker");
        for (int i = 0; i < 100; i++) {
            GenServer.call(worker, "ping");
        }
        Fixtures.crashWorker(node);
        Fixtures.crashWorker(node);
        new Fixtures.Sink(node, "sink-1").fill(1_500);
        new Fixtures.Sink(node, "sink-2").fill(10);
        new Fixtures.Sink(node, "sink-3");
        sampler.tick();
        System.out.println("== meters");
        System.out.println(registry.getMetersAsString());
        System.out.println("== alarms");
        Alarms.get(node).forEach(a -> System.out.println(a.id() + "  " + a.description()));

        System.out.println("== regulator: 1,000 call set-ups at once, 200/s, at most 20 at a time, 100 ms max wait");
        try (Regulator regulator = Regulator.create()) {
            regulator.addQueue(QueueSpec.named("setup").rate(200).counter(20).maxTime(Duration.ofMillis(100))
                    .build()).start();
            regulator.bindTo(registry);
            AtomicInteger busy = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
            CountDownLatch all = new CountDownLatch(1_000);
            List<Long> served = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 1_000; i++) {
                Thread.ofVirtual().start(() -> {
                    long asked = System.nanoTime();
                    try {
                        io.loomotp.metrics.regulation.Ticket t = regulator.ask("setup");
                        t.await();
                        served.add(System.nanoTime() - asked);
                        queued.accumulateAndGet(t.queueTime().toNanos(), Math::max);
                        t.done();
                    } catch (RejectedException e) {
                        busy.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        all.countDown();
                    }
                });
            }
            all.await();
            long worst = served.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.println(regulator.stats("setup"));
            System.out.println("served " + served.size() + ", busy " + busy.get() + "; longest a served one waited: "
                    + queued.get() / 1_000_000 + " ms in the queue, " + worst / 1_000_000
                    + " ms from asking to running");
            registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("loomotp.regulator"))
                    .forEach(m -> System.out.println(m.getId().getName() + m.getId().getTags() + " "
                            + m.measure()));
        }

        System.out.println("== casts per second to one server, binder off and on (sampler ticking every 100 ms)");
        for (int round = 0; round < 7; round++) {
            for (boolean on : new boolean[] {false, true}) {
                try (NodeSampler ticking = on ? NodeSampler.create(node).start(Duration.ofMillis(100)) : null) {
                    if (on) {
                        LoomOtpMetrics.builder(ticking).track("worker").build().bindTo(new SimpleMeterRegistry());
                    }
                    System.out.printf("round %d, binder %s: %,.0f casts/s%n", round, on ? "on " : "off",
                            castsPerSecond(node, 5_000_000));
                }
            }
        }

        System.out.println("== the sampler's cost per tick");
        CountDownLatch release = new CountDownLatch(1);
        int alive = node.processCount();
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            while (node.processCount() - alive < n) {
                node.spawn(release::await, SpawnOptions.defaults());
            }
            for (int i = 0; i < 5; i++) {
                sampler.tick(); // warm up
            }
            int ticks = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < ticks; i++) {
                sampler.tick();
            }
            long per = (System.nanoTime() - t0) / ticks;
            System.out.printf("%,d processes: %.2f ms per tick (%.0f ns per process)%n", node.processCount(),
                    per / 1e6, (double) per / node.processCount());
        }
        release.countDown();
        sampler.close();
        node.close();
    }

    /** One process casts {@code n} messages to a counting server, then calls it: casts per second. */
    private static double castsPerSecond(Node node, int n) throws InterruptedException {
        Pid server = GenServer.start(node, new io.loomotp.runtime.server.ServerCallbacks<long[]>() {
            @Override
            public void handleCast(long[] count, Object message) {
                count[0]++;
            }

            @Override
            public Object handleCall(long[] count, Object request, io.loomotp.runtime.From from) {
                return count[0];
            }
        }, () -> new long[1]);
        long[] took = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        node.spawn(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                GenServer.cast(server, i);
            }
            GenServer.call(server, "count", Duration.ofMinutes(1));
            took[0] = System.nanoTime() - t0;
            done.countDown();
        });
        done.await();
        GenServer.stop(server);
        return n / (took[0] / 1e9);
    }
}
