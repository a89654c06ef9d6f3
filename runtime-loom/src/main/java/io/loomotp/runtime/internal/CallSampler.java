package io.loomotp.runtime.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A node's choice of calls to time ({@code io.loomotp.runtime.CallTiming}): one in {@code oneIn}, at random per call so
 * that no shared counter is written on the call path, and who is told. Immutable; the node holds at most one.
 */
public final class CallSampler {
    /** Told of each sampled call. */
    @FunctionalInterface
    public interface Sink {
        void called(long nanos, boolean replied);
    }

    private final int oneIn;
    private final Sink sink;

    public CallSampler(int oneIn, Sink sink) {
        this.oneIn = oneIn;
        this.sink = sink;
    }

    /** Whether to time this call. */
    boolean sample() {
        return oneIn == 1 || ThreadLocalRandom.current().nextInt(oneIn) == 0;
    }

    void record(long nanos, boolean replied) {
        sink.called(nanos, replied);
    }
}
