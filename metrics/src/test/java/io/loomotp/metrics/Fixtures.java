package io.loomotp.metrics;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.Await;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Processes and probes the metrics tests share. */
final class Fixtures {
    private Fixtures() {}

    /**
     * A registered process that takes messages from its mailbox only when told how many: its mailbox length is what
     * the test makes it.
     */
    static final class Sink {
        final Node node;
        final Pid pid;
        private final BlockingQueue<Integer> take = new LinkedBlockingQueue<>();

        Sink(Node node, String name) {
            this.node = node;
            this.pid = node.spawn(() -> {
                for (;;) {
                    int n = take.take();
                    for (int i = 0; i < n; i++) {
                        Process.receive();
                    }
                }
            }, SpawnOptions.defaults().withName(name));
        }

        /** Sends {@code n} messages and waits until they are all in the mailbox. */
        void fill(int n) {
            int target = mailbox() + n;
            for (int i = 0; i < n; i++) {
                node.send(pid, i);
            }
            Await.until(() -> mailbox() == target, "a mailbox of " + target);
        }

        /** Lets it take messages until {@code left} are waiting, and waits until they are taken. */
        void drainTo(int left) {
            take.add(mailbox() - left);
            Await.until(() -> mailbox() == left, "a mailbox of " + left);
        }

        int mailbox() {
            ProcessCounters c = node.counters(pid);
            return c == null ? -1 : c.mailboxLength();
        }
    }

    /** A server that answers "ping" with "pong" and crashes on the cast "crash". */
    static final class Worker implements ServerCallbacks<Object> {
        @Override
        public Object handleCall(Object state, Object request, io.loomotp.runtime.From from) {
            return "pong";
        }

        @Override
        public void handleCast(Object state, Object message) {
            throw new IllegalStateException("crashed on purpose");
        }
    }

    /** A supervisor registered as {@code name}, allowing many restarts, over one worker registered as "worker". */
    static Pid supervisor(Node node, String name) {
        return Supervisor.start(node, () -> SupervisorSpec.of(
                        new SupervisorFlags(Strategy.ONE_FOR_ONE, 100, Duration.ofSeconds(1)),
                        ChildSpec.worker("worker", () -> GenServer.startLink(new Worker(), Object::new,
                                StartOptions.defaults().withName("worker")))),
                StartOptions.defaults().withName(name));
    }

    /** Crashes the supervised "worker" and waits until it is back under a new pid. */
    static void crashWorker(Node node) {
        Pid before = Await.until(() -> node.whereis("worker"), "a worker");
        GenServer.cast(before, "crash");
        Await.until(() -> {
            Pid now = node.whereis("worker");
            return now != null && !now.equals(before);
        }, "the worker restarted");
    }

    /** A heap the test sets: {@code used} of {@code max} bytes. */
    static final class Heap implements Supplier<MemoryUsage> {
        private final AtomicReference<MemoryUsage> now = new AtomicReference<>(new MemoryUsage(0, 10, 100, 100));

        void set(long used, long max) {
            now.set(new MemoryUsage(0, used, max, max));
        }

        @Override
        public MemoryUsage get() {
            return now.get();
        }
    }
}
