package io.loomotp.runtime.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many processes a sender has woken from a park that have not run since: threads that wait for a carrier, not
 * for a message (issue 16, ADR 0018's amendment on spinning).
 *
 * <p>A waiter spins before it parks ({@link Spin}) because a park and an unpark cost more than a short spin when the
 * message comes soon. But on a machine with few carriers, a spinning waiter holds a carrier that a woken process may be
 * waiting for; Flight Recorder on Savina's chameneos put 28% of the samples in such spins. A receive therefore looks
 * at this count as it spins and parks at once when woken processes wait for every carrier ({@link #others()}): its
 * carrier then runs one of them. A call's wait for its reply does not look (ADR 0018's third amendment: many
 * callers of one server ran slower).
 *
 * <p>The count is exact, not a hint that drifts: it is raised only by the thread that won the right to unpark a parked
 * waiter (the exchange of a mailbox's state from {@code PARKED}, or of a call's {@code waiterParked} flag), and lowered
 * only by that waiter, once, when it sees it was so woken. A spurious return from a park, a timeout or an interrupt
 * changes nothing. A woken process that has not yet been lowered when another process reads the count makes that
 * reader park a little early, never wrongly.
 *
 * <p>Processes submitted to the worker pool and not yet taken count as ready too ({@link Workers#GLOBAL}).
 */
public final class Ready {
    /** Padded on both sides, so that senders raising it do not share a cache line with anything else. */
    @SuppressWarnings("unused")
    private static final class Padded extends AtomicInteger {
        long p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
    }

    private static final AtomicInteger WOKEN = new Padded();

    /** Whether spinning waiters look at the count; {@code -Dloomotp.spin.yieldToReady=false} turns it off. */
    static final boolean ENABLED = !"false".equals(System.getProperty("loomotp.spin.yieldToReady"));

    private Ready() {}

    /** The caller won the right to unpark a parked waiter and is about to. */
    static void woken() {
        WOKEN.getAndIncrement();
    }

    /** The calling waiter was woken by a {@link #woken()} and now runs. */
    static void resumed() {
        WOKEN.getAndDecrement();
    }

    /**
     * True if as many woken processes wait for a carrier as there are carriers: a spinning waiter should park and let
     * one of them run on its carrier.
     *
     * <p>Fewer than that do not stop a spin. The scheduler queues a woken thread on its waker's carrier and signals an
     * idle one, which takes it; the waiter that spins meanwhile is then on one carrier and the woken process on
     * another, and the next message between them is caught by a spin instead of costing a park and a wake-up. Yielding
     * to a single woken process (the first version of this count) kept a ping-pong of plain processes on one carrier,
     * each hop a park and a continuation switch, at half the speed (ADR 0018's fourth amendment). With one carrier,
     * one woken process is enough.
     */
    static boolean others() {
        if (!ENABLED) {
            return false;
        }
        int waiting = WOKEN.getOpaque();
        if (waiting >= Workers.PARALLELISM) {
            return true;
        }
        // the worker pool's queue counts as one more only if that one makes up the number: otherwise it is not read
        return waiting + 1 == Workers.PARALLELISM && Workers.ENABLED && !Workers.GLOBAL.isEmpty();
    }

    /**
     * True if some process has been woken and has not run yet. The cluster layer asks this before a process writes its
     * call or reply to another node itself: a woken process is likely to send one too, and both can go in one write
     * (docs/adr/0023-combining-writer.md, amendment). A read of one counter.
     */
    public static boolean anyWoken() {
        return WOKEN.getOpaque() > 0;
    }

    /** The count, for tests. */
    static int count() {
        return WOKEN.get();
    }
}
