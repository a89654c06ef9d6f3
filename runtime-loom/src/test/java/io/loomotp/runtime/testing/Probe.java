package io.loomotp.runtime.testing;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process a test drives from its own thread: it runs actions inside itself ({@link #exec}), so that a test can
 * link, monitor or call as a process does, and hands every other message it receives to the test ({@link #next}).
 * Every wait is bounded.
 */
public final class Probe {
    private static final Duration BOUND = Duration.ofSeconds(5);

    private record Task(Callable<?> action, CompletableFuture<Object> result) {}

    private final Pid pid;
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();

    private Probe(Node node, SpawnOptions options) {
        this.pid = node.spawn(() -> {
            for (;;) {
                Object m = Process.receive();
                if (m instanceof Task t) {
                    try {
                        t.result().complete(t.action().call());
                    } catch (Throwable e) {
                        t.result().completeExceptionally(e);
                        if (e instanceof Error err) {
                            throw err; // an exit unwinds the probe, as it would any process
                        }
                    }
                } else {
                    received.add(m);
                }
            }
        }, options);
    }

    public static Probe spawn(Node node) {
        return new Probe(node, SpawnOptions.defaults());
    }

    public static Probe spawnTrapping(Node node) {
        return new Probe(node, SpawnOptions.defaults().withTrapExits(true));
    }

    public Pid pid() {
        return pid;
    }

    /** Runs an action inside the probe process and returns its result; rethrows what it threw. */
    public <T> T exec(Callable<T> action) {
        return exec(BOUND, action);
    }

    /**
     * Runs an action inside the probe process, waiting for it at most {@code bound}, and returns its result; for an
     * action that is long by design (a timed loop of many remote calls on a loaded machine).
     */
    @SuppressWarnings("unchecked")
    public <T> T exec(Duration bound, Callable<T> action) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        Process.send(pid, new Task(action, f));
        try {
            return (T) f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            // not expected in any test: say where the probe, and the threads it may wait on, are stuck
            System.out.println("probe " + pid + " did not run its action within " + bound + "; threads:\n"
                    + ThreadDump.ofLoomOtpThreads());
            throw new AssertionError("probe " + pid + " did not run the action within " + bound, e);
        }
    }

    /** Runs an action inside the probe. */
    public void run(Runnable action) {
        exec(() -> {
            action.run();
            return null;
        });
    }

    /** The next message the probe received; fails if none comes within the bound. */
    public Object next() {
        try {
            Object m = received.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("probe " + pid + " received nothing within " + BOUND);
            }
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be of the type. */
    public <T> T next(Class<T> type) {
        Object m = next();
        if (!type.isInstance(m)) {
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + m);
        }
        return type.cast(m);
    }

    /**
     * Everything received so far. It first runs an empty action through the probe's mailbox, so that every message
     * delivered before this call has been taken.
     */
    public List<Object> drain() {
        exec(() -> null);
        List<Object> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }
}
