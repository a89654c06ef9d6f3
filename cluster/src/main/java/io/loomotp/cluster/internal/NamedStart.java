package io.loomotp.cluster.internal;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts one of the cluster's own processes under its local registered name, and returns once it holds the name: a
 * process of the user's that holds it already makes the start fail at once, instead of leaving a server that nobody
 * can reach and requests that wait for their bound. And stops one so that its name is free when the stop returns: a
 * node that leaves its cluster and joins again at once must find its names free.
 */
public final class NamedStart {
    private NamedStart() {}

    /**
     * Spawns {@code body} on {@code node} registered as {@code name}.
     *
     * @throws io.loomotp.runtime.AlreadyRegisteredException if another process of the node holds the name (nothing
     *     is left running)
     */
    public static Pid spawn(Node node, String name, Runnable body) {
        CompletableFuture<Void> registered = new CompletableFuture<>();
        Pid pid = node.spawn(() -> {
            try {
                Process.register(name);
            } catch (RuntimeException taken) {
                registered.completeExceptionally(taken);
                return;
            }
            registered.complete(null);
            body.run();
        });
        try {
            registered.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
        return pid;
    }

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
