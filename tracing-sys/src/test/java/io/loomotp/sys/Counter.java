package io.loomotp.sys;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;
import java.util.concurrent.atomic.AtomicBoolean;

/** A server for the tools to look at: counts, crashes on request, and can hog its carrier until released. */
@Server
public final class Counter {
    /** Released by a test to end {@link #spin}. */
    static final AtomicBoolean RELEASE = new AtomicBoolean();

    int count;

    @Cast
    void inc() {
        count++;
    }

    @Call
    int get() {
        return count;
    }

    @Cast
    void crash() {
        throw new IllegalStateException("counter crashed on purpose");
    }

    /** Busy, blocked in its handler until released: a process that cannot take a sys request meanwhile. */
    @Cast
    void block(java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch release)
            throws InterruptedException {
        entered.countDown();
        release.await();
    }

    /** CPU-bound, never blocking: the kind of handler a virtual thread cannot be preempted from. */
    @Cast
    void spin() {
        long spins = 0;
        while (!RELEASE.get()) {
            spins++;
            Thread.onSpinWait();
        }
        count += (int) (spins & 1);
    }
}
