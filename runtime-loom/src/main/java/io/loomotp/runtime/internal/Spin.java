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
 * <p>The spins themselves live here too: a receive's ({@link #forMessage}), which also stops when woken processes
 * wait for every carrier ({@link Ready}), and a behaviour's at its loop's top on a worker ({@link #onWorker}), which
 * is not adaptive.
 *
 * <p>Owner only: each instance is used by one process's own thread.
 */
final class Spin {
    /** The most iterations of {@link Thread#onSpinWait()} before a park. */
    static final int MAX = Integer.getInteger("loomotp.spin.max", 1 << 10);
    /**
     * The limit a probe uses, and where a limit restarts after a hit. It must be long enough to catch a round trip
     * between two carriers, or a waiter whose limit collapsed never recovers: a probe shorter than the other side's
     * answer always misses. {@link Thread#onSpinWait()} (x86's {@code PAUSE}) costs about 13 ns on this project's
     * benchmark machine and about 140 cycles on Intel cores since Skylake, and a call's round trip between two
     * spinning processes took 500 ns to 1 µs here, so 128 spins last from 1.7 µs to several. With 16 (200 ns here),
     * W1's caller parked on a third to a half of its calls and never got back to spinning (ADR 0003's slow mode; its
     * amendment of 2026-12-02).
     */
    static final int MIN = Integer.getInteger("loomotp.spin.min", 128);
    /**
     * Where a new process's limits start: short, because most processes are not in a tight exchange with another, and
     * many spinning at once from the start held up a many-process ring (savina-threadring-tokens took 8.7-12 ms
     * starting at {@link #MIN}, 6.3-7.5 ms at 16). A waiter's first hit takes it to {@link #MIN}.
     */
    static final int INITIAL = 16;
    /** A spin looks whether a woken process waits for a carrier ({@link Ready}) once in this many plus one turns. */
    static final int READY_EVERY = 15;
    /** With a limit of zero, one wait in this many probes with {@link #MIN} spins. */
    static final int PROBE_EVERY = 32;

    private int limit;
    private int waitsAtZero;
    /**
     * Of a process's call spin only: the low 32 bits of its message count at its last slow hand-off turn
     * ({@link HandOff}). Kept here, not in the process, because this object has room for it; the process would grow
     * by 8 bytes. Written by callers, read racily.
     */
    int handOffMark;

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

    /** How long a behaviour on a worker spins at its loop's top while nothing else is ready. */
    static final int WORKER = Integer.getInteger("loomotp.workers.spin", 1024);
    /**
     * Whether a behaviour that has just taken a call from another node goes dormant without spinning: its next request
     * is at least a round trip over the network away, far longer than the spin, which on a small machine only takes the
     * core that the connection's reader needs (docs/adr/0024-remote-calls-on-workers.md).
     * {@code -Dloomotp.workers.remoteCallSpin=true} spins as after any message, for measuring one against the other.
     */
    static final boolean REMOTE_CALL_NO_SPIN = !Boolean.getBoolean("loomotp.workers.remoteCallSpin");

    /**
     * Spins at a behaviour's loop top on a worker while no other process is ready to use the worker: true if a message
     * came. The worker has nothing else to do, so the spin is not adaptive; it stops as soon as another process is
     * ready.
     */
    static boolean onWorker(Mailbox box, Worker w) {
        if (w.handOff()) {
            return false; // the thread is a caller's, lent for one turn: it goes back as soon as the turn is done
        }
        for (int i = 0; i < WORKER; i++) {
            if (box.queueHasMore()) {
                return true;
            }
            if ((i & 31) == 0 && Workers.othersReady(w)) {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /**
     * Spins up to this waiter's limit for a message to arrive in {@code box}; true if one did. Stops early, without
     * counting a miss, as soon as woken processes wait for every carrier ({@link Ready#others()}): this one's carrier
     * is better spent running one of them.
     */
    boolean forMessage(Mailbox box) {
        int limit = limit();
        if (limit == 0) {
            return false;
        }
        for (int i = 0; i < limit; i++) {
            if (box.queueHasMore()) {
                hit();
                return true;
            }
            if ((i & READY_EVERY) == 0 && Ready.others()) {
                return false;
            }
            Thread.onSpinWait();
        }
        missed();
        return false;
    }
}
