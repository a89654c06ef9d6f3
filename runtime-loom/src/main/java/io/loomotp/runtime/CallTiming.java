package io.loomotp.runtime;

import io.loomotp.runtime.internal.CallSampler;
import java.util.Objects;

/**
 * Opt-in timing of the calls a node's processes (and other threads) make to its processes: the round trip of a
 * {@code gen_server:call} (or a state machine's call) as its caller sees it, from queueing the request to the reply or
 * the failure. What a metrics binder turns into a call latency timer.
 *
 * <p>Off by default, and then a call pays one read of a field that is null. On, one call in {@code oneIn} (chosen at
 * random, per call) reads the clock twice and tells the observer, on the caller's thread, after the outcome is known:
 * keep the observer short (a Micrometer {@code Timer.record} is). Only calls to processes of this node are timed
 * (not system messages, not calls to remote pids). One observer per node: observing again replaces it.
 */
public final class CallTiming {
    private CallTiming() {}

    /** What is told of each sampled call. */
    @FunctionalInterface
    public interface Observer {
        /**
         * A sampled call ended.
         *
         * @param nanos its round trip, as the caller saw it
         * @param replied true if it got a reply; false if it timed out or the callee died or refused it
         */
        void called(long nanos, boolean replied);
    }

    /**
     * Times one call in {@code oneIn} to {@code node}'s processes, until the returned handle is closed.
     *
     * @throws IllegalArgumentException if {@code oneIn} is less than 1
     */
    public static AutoCloseable observe(Node node, int oneIn, Observer observer) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(observer, "observer");
        if (oneIn < 1) {
            throw new IllegalArgumentException("one call in " + oneIn + ": time one call in 1 (all) or more");
        }
        CallSampler sampler = new CallSampler(oneIn, observer::called);
        node.runtime().callSampler(sampler);
        return () -> node.runtime().clearCallSampler(sampler);
    }

    /** Whether calls to {@code node}'s processes are being timed. */
    public static boolean isObserved(Node node) {
        return Objects.requireNonNull(node, "node").runtime().callSampler() != null;
    }
}
