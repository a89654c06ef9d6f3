package io.loomotp.cluster;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The observer of the distributed-application tests, OTP's {@code st_type} process: a process on the test's node that
 * collects every {@link Wire.AppEvent} the {@link DistApp}s of all nodes send it, for the test to take with a bound.
 */
final class AppEvents {
    private record Flush(CompletableFuture<Void> done) {}

    private final LinkedBlockingQueue<Wire.AppEvent> events = new LinkedBlockingQueue<>();
    private final Node node;
    private final Pid pid;

    AppEvents(Node node) {
        this.node = node;
        pid = node.spawn(() -> {
            for (;;) {
                switch (Process.receive()) {
                    case Wire.AppEvent e -> events.add(e);
                    case Flush f -> f.done().complete(null);
                    default -> { }
                }
            }
        });
    }

    Pid pid() {
        return pid;
    }

    /** The next event; fails if none comes within {@code bound}. */
    Wire.AppEvent next(Duration bound) {
        try {
            Wire.AppEvent e = events.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no application event within " + bound);
            }
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The events that have reached the observer's mailbox so far: it first has the observer take everything delivered
     * before this call.
     */
    List<Wire.AppEvent> drain() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(pid, new Flush(done));
        done.orTimeout(5, TimeUnit.SECONDS).join();
        List<Wire.AppEvent> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }
}
