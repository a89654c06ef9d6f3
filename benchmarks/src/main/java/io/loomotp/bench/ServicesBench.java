package io.loomotp.bench;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.GroupEvent;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The cluster services' workloads (issue 15): global names and process groups between the two nodes of
 * {@link RemoteBench}, beside {@code benchmarks/erlang/cluster_services.erl}, which does the same with OTP's
 * {@code global} and {@code pg}. The server node is global's leader (its name sorts first), so the client's
 * registrations cross the wire, as Erlang's {@code global:register_name} takes its lock on both nodes. Each workload
 * but the global lookups runs {@link #WARM_UP_RUNS} times unmeasured first (Erlang's side, which has no JIT, 200
 * operations).
 *
 * <ul>
 *   <li>{@code cluster-global-register}: the client registers a name for itself and unregisters it, 2,000 times;
 *       register-and-unregister pairs a second. Every register must succeed.</li>
 *   <li>{@code cluster-global-whereis}: 1,000,000 lookups of the server's global name {@code counter}, each checked;
 *       lookups a second (a read of the local replica in both systems).</li>
 *   <li>{@code cluster-pg-join-p50}, {@code -p99}: the client joins a fresh group, 2,000 times; the server, which
 *       monitors the scope, answers each join it sees with a message to the joined process. The time from the join
 *       to that answer, in µs: a group change seen on the other node, plus one message back.</li>
 *   <li>{@code cluster-rpc-p50}, {@code -p99}: the client applies the server's function {@code echo} to a number,
 *       2,000 times, and checks that the number came back ({@code erpc:call(Node, erlang, abs, [I])} on Erlang's
 *       side): the round trip of one rpc, in µs.</li>
 *   <li>{@code cluster-remote-whereis-p50}, {@code -p99}: the client looks up the server's locally registered
 *       {@code counter} on the server node, 2,000 times, each checked ({@code erpc:call(Node, erlang, whereis,
 *       [counter])} on Erlang's side): the round trip of {@code cluster.whereis(node, name)}, in µs.</li>
 * </ul>
 */
final class ServicesBench {
    static final List<String> WORKLOADS = List.of("cluster-global-register", "cluster-global-whereis",
            "cluster-pg-join-p50", "cluster-pg-join-p99", "cluster-rpc-p50", "cluster-rpc-p99",
            "cluster-remote-whereis-p50", "cluster-remote-whereis-p99");

    /**
     * Unmeasured runs before the measured one, so that the figures are steady state, as the harness means them to be.
     * One run was too few: with C2 still compiling the path (about 10,000 invocations of a method before it does), a
     * compiler thread takes one core of two and the 99th percentiles were that (3-4 ms; 0.3-0.4 ms in runs with C2
     * off, {@code -XX:TieredStopAtLevel=1}). See docs/benchmarks.md, "the JIT in the cluster services' tails".
     */
    static final int WARM_UP_RUNS = 10;

    private ServicesBench() {}

    /**
     * The server's part: its counter under a global name, a process that answers every join it sees, and the function
     * {@code echo} for rpcs.
     */
    static void serve(Node node, Cluster cluster, Pid counter) {
        cluster.registerFunction("echo", argument -> argument);
        if (!cluster.global().register("counter", counter)) {
            throw new IllegalStateException("the global name counter is taken");
        }
        node.spawn(() -> {
            cluster.pg().monitorScope();
            while (true) {
                if (Process.receive() instanceof GroupEvent.Joined j) {
                    j.pids().forEach(p -> Process.send(p, "seen " + j.group()));
                }
            }
        });
    }

    /** Runs the named workloads on the client node. */
    static void client(Node node, Cluster cluster, List<String> only) throws Exception {
        if (only.contains("cluster-global-register")) {
            LoomBench.out("cluster-global-register", warmedUp(() -> register(node, cluster, 2_000)), "ops/s");
        }
        if (only.contains("cluster-global-whereis")) {
            LoomBench.out("cluster-global-whereis", whereis(node, cluster, 1_000_000), "ops/s");
        }
        latencies(only, "cluster-pg-join", () -> joins(node, cluster, 2_000));
        latencies(only, "cluster-rpc", () -> rpcs(node, cluster, 2_000));
        latencies(only, "cluster-remote-whereis", () -> lookups(node, cluster, 2_000));
    }

    /** The measured run of {@code run}, after {@link #WARM_UP_RUNS} unmeasured ones. */
    private static <T> T warmedUp(Callable<T> run) throws Exception {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            run.call();
        }
        return run.call();
    }

    /** A latency workload, if {@code only} names it: the median and the p99 of its warmed-up run, in µs. */
    private static void latencies(List<String> only, String workload, Callable<long[]> run) throws Exception {
        if (only.contains(workload + "-p50") || only.contains(workload + "-p99")) {
            long[] p = warmedUp(run);
            LoomBench.out(workload + "-p50", p[0], "us");
            LoomBench.out(workload + "-p99", p[1], "us");
        }
    }

    private static long register(Node node, Cluster cluster, int n) throws Exception {
        return LoomBench.inProcess(node, () -> {
            Pid self = Process.self();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String name = "bench_name_" + i;
                if (!cluster.global().register(name, self)) {
                    throw new IllegalStateException("register " + name + " refused");
                }
                if (!cluster.global().unregister(name)) {
                    throw new IllegalStateException("unregister " + name + " found no name");
                }
            }
            return (long) (n * 1e9 / (System.nanoTime() - t0));
        });
    }

    private static long whereis(Node node, Cluster cluster, int n) throws Exception {
        Pid counter = awaitCounter(cluster);
        return LoomBench.inProcess(node, () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!counter.equals(cluster.global().whereis("counter"))) {
                    throw new IllegalStateException("whereis counter answered another pid");
                }
            }
            return (long) (n * 1e9 / (System.nanoTime() - t0));
        });
    }

    /** The server's counter as the client's replica has it, waiting (30 s at most) for the replica to have it. */
    private static Pid awaitCounter(Cluster cluster) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Pid p; System.nanoTime() < deadline; Thread.onSpinWait()) {
            if ((p = cluster.global().whereis("counter")) != null) {
                return p;
            }
        }
        throw new IllegalStateException("the global name counter did not reach the client within 30 s");
    }

    private static long[] joins(Node node, Cluster cluster, int n) throws Exception {
        long[] us = LoomBench.inProcess(node, () -> {
            Pid self = Process.self();
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                String group = "bench_g" + i;
                long t0 = System.nanoTime();
                cluster.pg().join(group, self);
                Object seen = Process.receive(m -> m.equals("seen " + group), Duration.ofSeconds(10));
                t[i] = (System.nanoTime() - t0) / 1000;
                if (seen == null) {
                    throw new IllegalStateException("the server did not see the join of " + group + " in 10 s");
                }
                cluster.pg().leave(group, self);
            }
            return t;
        });
        return percentiles(us);
    }

    private static long[] lookups(Node node, Cluster cluster, int n) throws Exception {
        return percentiles(LoomBench.inProcess(node, () -> {
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Pid found = cluster.whereis(RemoteBench.SERVER, "counter");
                t[i] = (System.nanoTime() - t0) / 1000;
                if (found == null) {
                    throw new IllegalStateException("whereis " + i + " found no counter on the server");
                }
            }
            return t;
        }));
    }

    private static long[] rpcs(Node node, Cluster cluster, int n) throws Exception {
        return percentiles(LoomBench.inProcess(node, () -> {
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Object back = cluster.rpc(RemoteBench.SERVER, "echo", i);
                t[i] = (System.nanoTime() - t0) / 1000;
                if (!Integer.valueOf(i).equals(back)) {
                    throw new IllegalStateException("rpc " + i + " answered " + back);
                }
            }
            return t;
        }));
    }

    /** The median and the 99th percentile, as the remote anchors take them: the element at max(1, round(q * n)). */
    private static long[] percentiles(long[] us) {
        int n = us.length;
        Arrays.sort(us);
        return new long[] {us[Math.max(1, Math.round(0.5f * n)) - 1], us[Math.max(1, Math.round(0.99f * n)) - 1]};
    }
}
