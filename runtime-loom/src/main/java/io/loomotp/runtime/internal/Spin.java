package io.loomotp.runtime.internal;

/**
 * Adaptive spinning before a park, one per kind of wait of a process (receiving; waiting for a reply).
 *
 * <p>Parking a virtual thread and unparking it again costs about a microsecond on each side; a reply from a busy
 * server, or the next request from a busy client, often arrives sooner than that. Spinning first catches those. But a
 * process whose messages come rarely (a ring node, an idle server) wastes its carrier spinning, and on two cores that
 * carrier is half the machine. Worse, when the process it waits for was scheduled on the same carrier, spinning holds
 * up the very thread it waits for.
 *
 * <p>So each waiter learns from its spins alone: a spin that catches its event doubles the limit (up to {@link #MAX});
 * a spin that runs out halves it. A wait that ends soon after a park says nothing, because the park itself may be what
 * let the other side run. Once the limit is zero, one wait in {@link #PROBE_EVERY} spins {@link #MIN} times anyway, so
 * that a waiter whose circumstances changed finds out. The figures that chose the constants are in
 * {@code docs/adr/0003-adaptive-spinning.md}.
 *
 * <p>Owner only: each instance is used by one process's own thread.
 */
final class Spin {
    /** The most iterations of {@link Thread#onSpinWait()} before a park. */
    static final int MAX = Integer.getInteger("loomotp.spin.max", 1 << 10);
    /** The limit a probe uses, and where a limit restarts from zero. */
    static final int MIN = 16;
    /** A spin looks whether a woken process waits for a carrier ({@link Ready}) once in this many plus one turns. */
    static final int READY_EVERY = 15;
    /** With a limit of zero, one wait in this many probes with {@link #MIN} spins. */
    static final int PROBE_EVERY = 32;

    private int limit;
    private int waitsAtZero;

    Spin(int initial) {
        this.limit = Math.min(initial, MAX);
    }

    /** How many times to spin before this wait parks. */
    int limit() {
        int l = limit;
        if (l == 0 && ++waitsAtZero % PROBE_EVERY == 0) {
            return MIN;
        }
        return l;
    }

    /** The spin caught the event. */
    void hit() {
        int l = limit;
        if (l < MAX) {
            limit = Math.min(MAX, Math.max(MIN, l << 1));
        }
    }

    /** The spin ran out; the waiter parks. */
    void missed() {
        limit >>= 1;
    }
}
