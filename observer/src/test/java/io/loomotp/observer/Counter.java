package io.loomotp.observer;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;

/** A server for the observer's tests to look at: counts, and crashes on request. */
@Server
public final class Counter {
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

    /** Busy in its handler until released: a process that takes no sys request meanwhile. */
    @Cast
    void block(java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch release)
            throws InterruptedException {
        entered.countDown();
        release.await();
    }

    @Override
    public String toString() {
        return "Counter[count=" + count + "]";
    }
}
