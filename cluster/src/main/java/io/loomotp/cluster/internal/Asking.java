package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.runtime.Node;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the asking side of a question to other nodes shares ({@link RemoteNames}, {@link RemoteFunctions}): each
 * question runs in a short-lived process of its own, so that the caller's mailbox (if it is a process) sees nothing of
 * the answers, late ones included, and any thread may ask.
 */
final class Asking {
    /** Past this, a timeout counts as infinite ({@code Timeouts.INFINITY} has no milliseconds). */
    private static final Duration YEAR = Duration.ofDays(365);

    private Asking() {}

    /**
     * Runs {@code work} in a new process of {@code node}, and returns what it returned or throws what it threw. The
     * process gives up at {@code timeout} itself; the bound here, 5 s longer, only guards against it never running.
     */
    static <T> T inProcess(Node node, Duration timeout, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            long bound = timeout.compareTo(YEAR) > 0 ? Long.MAX_VALUE : timeout.toMillis() + 5_000;
            return result.get(bound, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ClusterException("asking the other nodes never ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while asking other nodes");
        }
    }

    static long deadline(Duration timeout) {
        long nanos = timeout.compareTo(YEAR) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
        return System.nanoTime() + nanos;
    }

    static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
