package io.loomotp.cluster.internal;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops one of the cluster's own registered processes (started with {@code SpawnOptions.withName}, which fails at once
 * if a process of the user's holds the name) so that its name is free when the stop returns: a node that leaves its
 * cluster and joins again at once must find its names free.
 */
public final class NamedStop {
    private NamedStop() {}

    /** Sends {@code pid} the exit signal {@code shutdown}, and returns once it has ended; see {@link #stop}. */
    public static void shutdown(Node node, Pid pid, Duration bound) {
        stop(node, pid, () -> node.exit(pid, io.loomotp.runtime.ExitReason.SHUTDOWN), bound);
    }

    /**
     * Has {@code stopper} end the process {@code pid} of {@code node}, and returns once it has ended (so its name is
     * free), or after {@code bound}. Returns at once if the process or its node is gone.
     */
    public static void stop(Node node, Pid pid, Runnable stopper, Duration bound) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try {
            node.spawn(() -> {
                MonitorRef ref = Process.monitor(pid);
                stopper.run();
                if (Process.receive(m -> m instanceof Down d && d.ref().equals(ref), bound) != null) {
                    ended.complete(null);
                } else {
                    ended.completeExceptionally(new TimeoutException());
                }
            });
        } catch (RuntimeException closed) { // the node is closed: its processes are gone with it
            stopper.run();
            return;
        }
        try {
            ended.get(bound.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException late) {
            Endpoint.LOG.warn("{} did not end within {} of being stopped", pid, bound);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
