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

    @Override
    public String toString() {
        return "Counter[count=" + count + "]";
    }
}
