package io.loomotp.bench;

import io.loomotp.Strategy;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;

import io.loomotp.runtime.CallRequest;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.sys.SysCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loom OTP on the workloads of {@code shared/anchors/WORKLOADS.md}, written with generated {@code @Server} code as a
 * user would. Prints one line per workload, as the anchors do: {@code loomotp <workload> <value> <unit>}.
 *
 * <p>Usage: {@code LoomBench [workload ...]}; with none, all. Run by {@code bin/bench}, in a fresh JVM each time.
 * Besides the anchors' workloads it measures {@code ring-1000-raw} (the ring of plain processes; {@code -after}: each
 * receive with a 5 s timeout), {@code call-1-raw}
 * (W7's baseline: a hand-written receive loop with no sys protocol) and {@code start-1m} (W8).
 */
public final class LoomBench {
    private LoomBench() {}

    public static void main(String[] args) throws Exception {
        List<String> only = List.of(args);
        // Every workload runs once unmeasured, then measured: the figures are steady state (see docs/benchmarks.md).
        if (want(only, "call-1")) {
            for (int i = 0; i < 3; i++) {
                call1(1_000_000, false); // three fresh servers, so that the JIT has compiled the whole call path
            }
            out("call-1", call1(1_000_000, false), "calls/s");
        }
        if (want(only, "call-100")) {
            callN(100, 10_000);
            out("call-100", callN(100, 10_000), "calls/s");
        }
        if (want(only, "cast-1")) {
            cast1(2_000_000);
            out("cast-1", cast1(2_000_000), "casts/s");
        }
        if (want(only, "start-100k")) {
            start(100_000);
            long[] r = start(100_000);
            out("start-100k", r[0], "starts/s");
            out("start-100k-memory", r[1], "bytes/process");
        }
        if (want(only, "ring-1000")) {
            ringOfServers(1000, 1_000_000);
            out("ring-1000", ringOfServers(1000, 1_000_000), "hops/s");
        }
        if (want(only, "ring-1000-raw")) {
            ring(1000, 1_000_000, null);
            out("ring-1000-raw", ring(1000, 1_000_000, null), "hops/s");
        }
        if (want(only, "ring-1000-raw-after")) {
            ring(1000, 1_000_000, AFTER);
            out("ring-1000-raw-after", ring(1000, 1_000_000, AFTER), "hops/s");
        }
        if (want(only, "restart")) {
            // The restart path (supervisor, start, reports) takes the JIT longer than a call: one round of 20,000 runs
            // at a fifth of the steady rate. Ten rounds, as many restarts as the JVM anchors warm up with calls.
            long cold = restart(20_000);
            for (int i = 0; i < 9; i++) {
                restart(20_000);
            }
            out("restart", restart(20_000), "restarts/s");
            out("restart-cold", cold, "restarts/s");
        }
        if (want(only, "call-1-stats")) {
            w7();
        }
        List<String> savina = only.stream().filter(w -> w.startsWith("savina")).toList();
        if (only.isEmpty() || !savina.isEmpty()) {
            io.loomotp.bench.savina.Savina.run(savina); // the Savina-style workloads; Pekko's are in pekko-savina
        }
        if (want(only, "start-1m")) {
            long[] r = start(1_000_000);
            out("start-1m", r[2], "ms");
            out("start-1m-memory", r[1], "bytes/process");
        }
    }

    private static boolean want(List<String> only, String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    static void out(String workload, long value, String unit) {
        System.out.println("loomotp " + workload + " " + value + " " + unit);
    }

    /** Runs {@code work} inside a process of a fresh node and returns its result. */
    static <T> T inProcess(Node node, Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.MINUTES);
    }

    /**
     * With {@code -Dloomotp.bench.metrics=true}, W1 and W3 run with the Micrometer binder bound to the node (a sampler
     * ticking every second, and one call in 100 timed with {@code -Dloomotp.bench.metrics.timeCalls=100}), so that
     * its cost is measured against the same run without it (issue 19: within 3 %).
     */
    static AutoCloseable metered(Node node) {
        if (!Boolean.getBoolean("loomotp.bench.metrics")) {
            return () -> { };
        }
        io.loomotp.metrics.NodeSampler sampler = io.loomotp.metrics.NodeSampler.create(node)
                .start(Duration.ofSeconds(1));
        io.loomotp.metrics.LoomOtpMetrics.Builder b = io.loomotp.metrics.LoomOtpMetrics.builder(sampler);
        int oneIn = Integer.getInteger("loomotp.bench.metrics.timeCalls", 0);
        if (oneIn > 0) {
            b.timeCalls(oneIn);
        }
        io.loomotp.metrics.LoomOtpMetrics metrics = b.build();
        metrics.bindTo(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        return () -> {
            metrics.close();
            sampler.close();
        };
    }

    /**
     * W1 (and W7 with statistics): one client process calls one server {@code calls} times in a row. With
     * {@code -Dloomotp.bench.observer=true}, an observer page is open on the node meanwhile ({@link OpenPage}).
     */
    static long call1(int calls, boolean statistics) throws Exception {
        try (Node node = Node.create("w1"); AutoCloseable _ = metered(node); AutoCloseable _ = OpenPage.on(node)) {
            CounterRef server = CounterRef.start(node, Counter::new);
            if (statistics) {
                SysCalls.statistics(server.pid(), true, Duration.ofSeconds(5));
            }
            return inProcess(node, () -> rate(calls, () -> {
                for (int i = 0; i < calls; i++) {
                    server.inc();
                }
                return calls;
            }));
        }
    }

    /**
     * W6: a one-for-one supervisor with one child; kill the child, wait for its DOWN, then until the supervisor
     * lists a new child, {@code restarts} times, as the Erlang anchor's {@code restart_loop} does.
     */
    static long restart(int restarts) throws Exception {
        try (Node node = Node.create("w6")) {
            node.logReports(false);
            Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(
                    new SupervisorFlags(Strategy.ONE_FOR_ONE, Integer.MAX_VALUE, Duration.ofSeconds(1)),
                    ChildSpec.worker("child", () -> CounterRef.startLink(Counter::new).pid())));
            return inProcess(node, () -> rate(restarts, () -> {
                for (int i = 0; i < restarts; i++) {
                    Pid child = Supervisor.whichChildren(sup).getFirst().pid();
                    MonitorRef ref = Process.monitor(child);
                    Process.exit(child, ExitReason.KILL);
                    Process.receive(m -> m instanceof Down d && d.ref().equals(ref), null);
                    Pid now;
                    do {
                        now = Supervisor.whichChildren(sup).getFirst().pid();
                    } while (now == null || now.equals(child));
                }
                return restarts;
            }));
        }
    }

    /** W2: {@code clients} client processes each call one server {@code calls} times, concurrently. */
    static long callN(int clients, int calls) throws Exception {
        return callN(clients, calls, io.loomotp.runtime.Timeouts.DEFAULT_CALL);
    }

    static long callN(int clients, int calls, Duration timeout) throws Exception {
        try (Node node = Node.create("w2")) {
            CounterRef server = CounterRef.start(node, Counter::new);
            return inProcess(node, () -> {
                long t0 = System.nanoTime();
                List<MonitorRef> refs = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    refs.add(Process.spawnMonitor(() -> {
                        for (int i = 0; i < calls; i++) {
                            server.inc(timeout);
                        }
                    }).ref());
                }
                for (int c = 0; c < clients; c++) {
                    Process.receive(Down.class, null);
                }
                return (long) ((double) clients * calls * 1e9 / (System.nanoTime() - t0));
            });
        }
    }

    /** W3: one producer casts {@code casts} messages, then one call waits until all are handled. */
    static long cast1(int casts) throws Exception {
        try (Node node = Node.create("w3"); AutoCloseable _ = metered(node)) {
            CounterRef server = CounterRef.start(node, Counter::new);
            return inProcess(node, () -> rate(casts, () -> {
                for (int i = 0; i < casts; i++) {
                    server.add();
                }
                int handled = server.get(Duration.ofMinutes(5));
                if (handled != casts) {
                    throw new IllegalStateException("handled " + handled + " of " + casts);
                }
                return casts;
            }));
        }
    }

    /**
     * W4 and W8: starts {@code n} idle servers, each start returning after its init ran; returns starts/s, heap bytes
     * per idle server (after GC), and the elapsed milliseconds.
     */
    static long[] start(int n) throws Exception {
        try (Node node = Node.create("w4")) {
            return inProcess(node, () -> {
                Runtime rt = Runtime.getRuntime();
                System.gc();
                long m0 = rt.totalMemory() - rt.freeMemory();
                long t0 = System.nanoTime();
                IdleRef[] servers = new IdleRef[n];
                for (int i = 0; i < n; i++) {
                    servers[i] = IdleRef.start(node, Idle::new);
                }
                long t = System.nanoTime() - t0;
                System.gc();
                long bytes = (rt.totalMemory() - rt.freeMemory() - m0) / n;
                if (!servers[n - 1].alive()) {
                    throw new IllegalStateException("the last server is not alive");
                }
                return new long[] {(long) (n * 1e9 / t), bytes, TimeUnit.NANOSECONDS.toMillis(t)};
            });
        }
    }

    /** The timeout of {@code ring-1000-raw-after}'s receives: Erlang's {@code receive ... after 5000}. */
    private static final Duration AFTER = Duration.ofSeconds(5);

    /**
     * W5 with plain processes (a receive loop each) as the ring's nodes, as Erlang's anchor has; with {@code after},
     * each receive has that timeout, as a user's loop often has ({@code ring-1000-raw-after}: ADR 0005's amendment).
     */
    static long ring(int n, int hops, Duration after) throws Exception {
        try (Node node = Node.create("w5")) {
            return inProcess(node, () -> {
                Pid self = Process.self();
                Pid[] nodes = new Pid[n];
                for (int i = 0; i < n; i++) {
                    nodes[i] = Process.spawn(ringNode(self, after));
                }
                for (int i = 0; i < n; i++) {
                    Process.send(nodes[i], nodes[(i + 1) % n]);
                }
                long t0 = System.nanoTime();
                Process.send(nodes[0], hops);
                Process.receive(m -> m.equals("done"), null);
                long t = System.nanoTime() - t0;
                for (Pid p : nodes) {
                    Process.exit(p, ExitReason.KILL);
                }
                return (long) (hops * 1e9 / t);
            });
        }
    }

    /** W5: {@code n} generated servers in a ring pass a token {@code hops} times. */
    static long ringOfServers(int n, int hops) throws Exception {
        try (Node node = Node.create("w5s")) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            RingNodeRef[] nodes = new RingNodeRef[n];
            for (int i = 0; i < n; i++) {
                nodes[i] = RingNodeRef.start(node, () -> new RingNode(done));
            }
            for (int i = 0; i < n; i++) {
                nodes[i].link(nodes[(i + 1) % n]);
            }
            long t0 = System.nanoTime();
            nodes[0].token(hops);
            long t = done.get(10, TimeUnit.MINUTES) - t0;
            return (long) (hops * 1e9 / t);
        }
    }

    private static ProcessBody ringNode(Pid report, Duration after) {
        return () -> {
            Pid next = (Pid) Process.receive();
            for (;;) {
                Object m = after == null ? Process.receive() : Process.receive(after);
                if (m == null) {
                    throw new IllegalStateException("a ring node waited " + after + " for the token");
                }
                int left = (Integer) m;
                if (left == 0) {
                    Process.send(report, "done");
                } else {
                    Process.send(next, left - 1);
                }
            }
        };
    }

    /**
     * W7: the cost of sys. The generated server with debug off, the same with statistics on, and W1 against a
     * hand-written receive loop with no sys protocol at all, interleaved five times each in this JVM (so that JIT and
     * heap are alike for all three); medians, and the two costs in per mille.
     */
    static void w7() throws Exception {
        for (int i = 0; i < 2; i++) {
            call1(1_000_000, false);
            call1(1_000_000, true);
            callRaw(1_000_000);
        }
        List<Long> off = new ArrayList<>();
        List<Long> stats = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            off.add(call1(1_000_000, false));
            stats.add(call1(1_000_000, true));
            raw.add(callRaw(1_000_000));
        }
        long mOff = median(off);
        long mStats = median(stats);
        long mRaw = median(raw);
        out("call-1-stats", mStats, "calls/s");
        out("call-1-trace-off", mOff, "calls/s");
        out("call-1-raw", mRaw, "calls/s");
        out("w7-statistics-cost", Math.round(1000.0 * (mOff - mStats) / mOff), "permille");
        out("w7-sys-cost", Math.round(1000.0 * (mRaw - mOff) / mRaw), "permille");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** W7's baseline: W1 against a hand-written receive loop with no sys protocol at all. */
    static long callRaw(int calls) throws Exception {
        try (Node node = Node.create("w7raw")) {
            Pid server = node.spawn(() -> {
                int n = 0;
                for (;;) {
                    CallRequest r = (CallRequest) Process.receive();
                    r.from().reply(++n);
                }
            });
            return inProcess(node, () -> rate(calls, () -> {
                for (int i = 0; i < calls; i++) {
                    GenServer.call(server, "inc");
                }
                return calls;
            }));
        }
    }

    private static long rate(long count, Callable<Integer> work) throws Exception {
        long t0 = System.nanoTime();
        work.call();
        return (long) (count * 1e9 / (System.nanoTime() - t0));
    }
}
