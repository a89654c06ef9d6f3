package io.loomotp.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long this machine takes to pass a cache line from one core to another and back: two platform threads take turns
 * incrementing one counter, each spinning until it is its turn.
 *
 * <p>Why the harness asks: on the 2-core VM this project is measured on, the figure is about 70 ns most of the time and
 * 250-350 ns in stretches that last from seconds to minutes and span JVMs (the host places the two virtual CPUs
 * differently, it seems). Every workload whose processes talk across carriers is then two to four times slower, on
 * Loom OTP and on its anchors alike (docs/benchmarks.md, "2026-12-05 (later)"), so a ratio taken while one side ran in
 * such a stretch and the other did not measures the machine. {@link Harness} probes before and after each system's run
 * and says which runs met a slow stretch. {@code java -cp ... io.loomotp.bench.CoreProbe} prints one figure.
 */
final class CoreProbe {
    /** A round trip at least this long (nanoseconds) is a slow stretch: about twice the usual figure. */
    static final long SLOW_NANOS = 150;

    private static final int ROUND_TRIPS = 500_000;

    private CoreProbe() {}

    /** The mean round trip, in nanoseconds, over {@value #ROUND_TRIPS} of them. */
    static long roundTripNanos() throws InterruptedException {
        AtomicLong turn = new AtomicLong();
        Thread other = Thread.ofPlatform().name("core-probe").start(() -> pass(turn, 1));
        long t0 = System.nanoTime();
        pass(turn, 0);
        long elapsed = System.nanoTime() - t0;
        other.join();
        return elapsed / ROUND_TRIPS;
    }

    /** Takes the turns {@code first}, {@code first + 2}, ...: each time the counter reaches one, moves it on by one. */
    private static void pass(AtomicLong turn, long first) {
        for (long mine = first; mine < 2L * ROUND_TRIPS; mine += 2) {
            while (turn.get() != mine) {
                Thread.onSpinWait();
            }
            turn.set(mine + 1);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("cross-core round trip: " + roundTripNanos() + " ns");
    }
}
