package io.loomotp.cluster.internal;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.SpawnOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches the cluster's own processes on one node (the global name server, {@code rex}, the distributed application
 * controller, the pg scopes) and takes the node out of its cluster when one of them ends while it is a member.
 *
 * <p>In OTP these processes are children of {@code kernel_sup}, a {@code one_for_all} supervisor with intensity 0: one
 * of them ending takes the node down ("Kernel pid terminated"), and the other nodes see it go. Restarting one alone
 * would be wrong for the stateful ones: a new global name server or pg scope starts empty while the other nodes still
 * hold this node's names and members. So here, as there, the whole membership ends: the cluster is closed (the other
 * nodes get {@code nodedown}, links {@code noconnection}) with one error line naming the process and its reason. The
 * local node keeps running and may join again. See docs/adr/0027-cluster-processes-as-kernel-sup.md.
 *
 * <p>Threading: {@link #watch} and {@link #stop} may be called from any thread; the watch itself is one process.
 */
public final class KernelWatch {
    private record Watch(Pid pid, String what, CompletableFuture<Void> set) {}

    private record Stop() {}

    /** Asks the watch to start a process of its own and watch it; {@code started} gets its pid or the failure. */
    private record Start(ProcessBody body, SpawnOptions options, String what, CompletableFuture<Pid> started) {}

    /** How long {@link #watch} waits for the watch to be set; it is one message to a process that does nothing else. */
    private static final Duration SET_BOUND = Duration.ofSeconds(5);
    private final Node node;
    private final Pid pid;
    /** Set before a close stops the watched processes, so that their ends are not taken for a loss. */
    private volatile boolean stopping;

    private KernelWatch(Node node, Runnable onLoss) {
        this.node = node;
        this.pid = node.spawn(() -> run(onLoss));
    }

    /**
     * Starts the watch of {@code node}'s cluster processes. When one ends before {@link #stop}, the watch logs an error
     * saying which and why, and runs {@code onLoss} once, on a thread of its own.
     */
    public static KernelWatch start(Node node, Runnable onLoss) {
        return new KernelWatch(node, Objects.requireNonNull(onLoss, "onLoss"));
    }

    /**
     * Watches {@code watched}, described as {@code what} (for example "rpc server rex"), and returns once the watch's
     * monitor is set: an end after this is told with its own reason, not {@code noproc}.
     */
    public void watch(Pid watched, String what) {
        if (stopping || !node.isAlive(pid)) {
            return; // the membership has ended (a close, or a loss): nothing is watched any more
        }
        CompletableFuture<Void> set = new CompletableFuture<>();
        node.send(pid, new Watch(watched, what, set));
        try {
            set.get(SET_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException late) {
            Endpoint.LOG.warn("node {}: the watch of its {} was not set within {}", node.name(), what, SET_BOUND);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a cluster process that begins after the join (a pg scope, at its first use) as the watch's child, and
     * watches it, as OTP's {@code kernel_sup} starts its children: the new process's parent is the watch, so the test
     * kit's leak check, which leaves alone what a process older than the test started, does not take it for the
     * test's. If the membership has ended, the process is started without a watch.
     *
     * @throws io.loomotp.runtime.AlreadyRegisteredException if {@code options.name()} is taken; nothing is started
     */
    public Pid spawn(ProcessBody body, SpawnOptions options, String what) {
        if (stopping || !node.isAlive(pid)) {
            return node.spawn(body, options);
        }
        CompletableFuture<Pid> started = new CompletableFuture<>();
        node.send(pid, new Start(body, options, what, started));
        try {
            return started.get(SET_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("node " + node.name() + ": its " + what + " did not start",
                    failed.getCause());
        } catch (TimeoutException late) {
            throw new IllegalStateException("node " + node.name() + ": its " + what + " was not started within "
                    + SET_BOUND + " (is the node overloaded?)");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + what, interrupted);
        }
    }

    /** Ends the watch, and returns once it has ended; the watched processes may end after this without a loss. */
    public void stop(Duration bound) {
        stopping = true;
        NamedStop.stop(node, pid, () -> node.send(pid, new Stop()), bound);
    }

    private void run(Runnable onLoss) {
        Map<MonitorRef, String> watched = new HashMap<>();
        while (true) {
            Object m = Process.receive();
            switch (m) {
                case Watch w -> {
                    watched.put(Process.monitor(w.pid()), w.what() + " (" + w.pid() + ")");
                    w.set().complete(null);
                }
                case Start st -> {
                    Pid child;
                    try {
                        child = node.spawn(st.body(), st.options()); // from this process: it is the parent
                    } catch (RuntimeException refused) {
                        st.started().completeExceptionally(refused);
                        break;
                    }
                    watched.put(Process.monitor(child), st.what() + " (" + child + ")");
                    st.started().complete(child);
                }
                case Down d when watched.containsKey(d.ref()) -> {
                    if (stopping || node.isClosed()) {
                        return; // a close or the node's end stops the watched processes: no loss
                    }
                    Endpoint.LOG.error("node {}: its {} ended with reason {}; the node leaves its cluster, as OTP's "
                            + "kernel_sup takes a node down when one of its processes ends", node.name(),
                            watched.get(d.ref()), d.reason());
                    Thread.ofVirtual().name("loomotp-kernel-loss").start(onLoss);
                    return;
                }
                case Stop s -> {
                    return;
                }
                default -> { } // nothing else is sent here; a stray message is dropped
            }
        }
    }
}
