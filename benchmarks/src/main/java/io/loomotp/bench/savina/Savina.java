package io.loomotp.bench.savina;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loom OTP on Savina-style actor workloads (Imam and Sarkar, "Savina: an actor benchmark suite", AGERE 2014;
 * github.com/shamsimam/savina), at the suite's published parameters, written with plain processes as a user would
 * (and ping-pong once more through a {@code @Server} call), and once more with every actor a {@code @Server}
 * ({@code savina-<name>-server}, {@link ServerWorkloads}): the two ways a user writes actors here. Each workload checks its result and throws if it is
 * wrong, so that a fast wrong run fails. The same workloads for Pekko typed are in {@code benchmarks/pekko-savina}.
 *
 * <p>Prints {@code loomotp savina-<name> <microseconds> us}: the median of {@link #MEASURED} iterations after
 * {@link #WARMUP} unmeasured ones, each iteration creating its processes afresh, as Savina's do.
 */
public final class Savina {
    static final int WARMUP = Integer.getInteger("savina.warmup", 3);
    static final int MEASURED = Integer.getInteger("savina.measured", 5);

    /** The workloads and their Savina parameters. */
    public static final List<String> WORKLOADS = List.of("savina-pingpong", "savina-pingpong-call",
            "savina-threadring", "savina-threadring-tokens", "savina-counting", "savina-big", "savina-chameneos",
            "savina-fjthroughput", "savina-pingpong-server", "savina-threadring-server",
            "savina-threadring-tokens-server", "savina-counting-server", "savina-big-server",
            "savina-chameneos-server", "savina-fjthroughput-server");

    static final int PINGPONG_N = 40_000; // PingPongConfig.N
    static final int RING_N = 100; // ThreadRingConfig.N
    static final int RING_R = 100_000; // ThreadRingConfig.R
    static final int TOKENS_RING = 1_000; // not Savina's: W5's ring with one token per ten nodes
    static final int TOKENS = 100;
    static final int TOKEN_HOPS = 1_000;
    static final int COUNTING_N = 1_000_000; // CountingConfig.N
    static final int BIG_W = 120; // BigConfig.W
    static final int BIG_N = 20_000; // BigConfig.N
    static final int CHAMENEOS_C = 100; // ChameneosConfig.numChameneos
    static final int CHAMENEOS_M = 200_000; // ChameneosConfig.numMeetings
    static final int FJ_A = 60; // FjThroughputConfig.A
    static final int FJ_N = 10_000; // FjThroughputConfig.N

    private Savina() {}

    /** Runs the named workloads (all of {@link #WORKLOADS} if none is named) and prints one line each. */
    public static void run(List<String> only) throws Exception {
        try (Node node = Node.create("savina")) {
            for (String w : WORKLOADS) {
                if (only.isEmpty() || only.contains(w) || only.contains("savina")) {
                    System.out.println("loomotp " + w + " " + measure(node, w) + " us");
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        run(List.of(args));
    }

    private static long measure(Node node, String workload) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            once(node, workload);
        }
        long[] micros = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            micros[i] = once(node, workload);
        }
        Arrays.sort(micros);
        return micros[MEASURED / 2];
    }

    /** One iteration, in microseconds. */
    static long once(Node node, String workload) throws Exception {
        long t0 = System.nanoTime();
        inProcess(node, () -> {
            switch (workload) {
                case "savina-pingpong" -> PlainWorkloads.pingPong(PINGPONG_N);
                case "savina-pingpong-call" -> PlainWorkloads.pingPongCall(PINGPONG_N);
                case "savina-threadring" -> PlainWorkloads.ring(RING_N, 1, RING_R);
                case "savina-threadring-tokens" -> PlainWorkloads.ring(TOKENS_RING, TOKENS, TOKEN_HOPS);
                case "savina-counting" -> PlainWorkloads.counting(COUNTING_N);
                case "savina-big" -> Big.run(BIG_W, BIG_N);
                case "savina-chameneos" -> Chameneos.run(CHAMENEOS_C, CHAMENEOS_M);
                case "savina-fjthroughput" -> PlainWorkloads.forkJoinThroughput(FJ_A, FJ_N);
                case "savina-pingpong-server" -> ServerWorkloads.pingPong(PINGPONG_N);
                case "savina-threadring-server" -> ServerWorkloads.ring(RING_N, 1, RING_R);
                case "savina-threadring-tokens-server" -> ServerWorkloads.ring(TOKENS_RING, TOKENS, TOKEN_HOPS);
                case "savina-counting-server" -> ServerWorkloads.counting(COUNTING_N);
                case "savina-big-server" -> ServerWorkloads.big(BIG_W, BIG_N);
                case "savina-chameneos-server" -> ServerWorkloads.chameneos(CHAMENEOS_C, CHAMENEOS_M);
                case "savina-fjthroughput-server" -> ServerWorkloads.forkJoinThroughput(FJ_A, FJ_N);
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            }
            return null;
        });
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
    }

    /** Runs {@code work} inside a process of {@code node}; rethrows what it threw. */
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

    /** Throws unless {@code actual == expected}: a fast wrong run must fail. */
    static void check(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** Waits for {@code n} messages of {@code type}; returns them in arrival order. */
    static <T> List<T> collect(Class<T> type, int n) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Process.receive(type, null));
        }
        return out;
    }

    /** Tells every pid to stop with the given message. */
    static void tellAll(Pid[] pids, Object message) {
        for (Pid p : pids) {
            Process.send(p, message);
        }
    }
}
