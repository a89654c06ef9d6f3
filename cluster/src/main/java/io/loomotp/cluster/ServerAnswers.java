package io.loomotp.cluster;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the answer of one of the cluster's servers on this node (the global name server, a pg scope), as
 * {@code gen_server:call} does: not past the server's end. A server that has ended (its cluster closed, or the node
 * left after one of the cluster's processes ended) is said so at once, rather than after the whole bound. The caller
 * may be a plain thread, which cannot monitor, so the wait is cut in slices and the server looked at between them.
 */
final class ServerAnswers {
    private static final long SLICE_NANOS = 200_000_000;

    private ServerAnswers() {}

    /**
     * Refuses to ask a server that has ended.
     *
     * @throws ClusterException naming it, and why it is gone
     */
    static void requireRunning(Node node, Pid server, String what, String serverName) {
        if (!node.isAlive(server)) {
            throw ended(what, server, serverName);
        }
    }

    /**
     * The answer {@code done} gets within {@code max}.
     *
     * @param timedOut the message if no answer came in time
     * @throws ClusterException if the server ended first, or no answer came in time, or the answer failed
     */
    static <T> T await(Node node, Pid server, CompletableFuture<T> done, Duration max, String what,
                       String serverName, String timedOut) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            for (;;) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ClusterException(timedOut);
                }
                try {
                    return done.get(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
                } catch (TimeoutException slice) {
                    if (!node.isAlive(server) && !done.isDone()) {
                        throw ended(what, server, serverName);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(what + ": interrupted");
        } catch (ExecutionException e) {
            throw new ClusterException(what + ": " + e.getCause());
        }
    }

    private static ClusterException ended(String what, Pid server, String serverName) {
        return new ClusterException(what + ": " + serverName + " " + server + " has ended: this node is no longer in "
                + "its cluster (Cluster.close, or it left when one of the cluster's processes ended); join again with "
                + "Cluster.join, and use the new Cluster's services");
    }
}
