package io.loomotp.runtime.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.NodeExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fairness and blocking (issue 16). A handler blocked on I/O holds no carrier: with one such handler per carrier, the
 * other processes run on. A process that always has mail holds its carrier for as long as the mail lasts (a virtual
 * thread is never preempted), so what the runtime guarantees is that the others keep the remaining carriers: with
 * one flooded process fewer than there are carriers, the rest are not starved. With as many flooded processes as
 * carriers they are, until a flooder waits; ADR 0018 records that limit, and that {@code Thread.yield()} after a
 * turn did not lift it on JDK 25 (this test, with a flooder on every carrier, failed with turns of 16 and 1,024
 * messages).
 */
@ExtendWith(NodeExtension.class)
class SchedulingTest {
    /** How many carriers the virtual-thread scheduler has, as it computes it. */
    private static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
            Runtime.getRuntime().availableProcessors());

    /** Messages per flooder: draining them takes far longer than the ping-pong's 20 round trips. */
    private static final int FLOOD = 1_000_000;

    @Test
    void receive_processesThatAlwaysHaveMail_doNotStarveOthers(Node node) throws Exception {
        assumeTrue(CARRIERS >= 2, "needs a carrier besides the flooders'");
        // given: a process on every carrier but one, its mailbox filled before it takes the first message
        int flooding = CARRIERS - 1;
        CountDownLatch filled = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(flooding);
        List<AtomicLong> handled = new ArrayList<>();
        List<Pid> flooders = new ArrayList<>();
        for (int c = 0; c < flooding; c++) {
            AtomicLong count = new AtomicLong();
            handled.add(count);
            flooders.add(node.spawn(() -> {
                filled.await();
                double sink = 0;
                for (long n = 0; n < FLOOD; n++) {
                    sink += work((Integer) Process.receive());
                    count.lazySet(n + 1);
                    if (n == 0) {
                        running.countDown();
                    }
                }
                if (sink == 42) {
                    throw new IllegalStateException("unreachable: keeps the work from being optimised away");
                }
            }));
        }
        Integer message = 7; // one object: the mailbox holds only envelopes
        for (Pid f : flooders) {
            for (int i = 0; i < FLOOD; i++) {
                node.send(f, message);
            }
        }
        // when: the flooders run, and two other processes play ping-pong meanwhile
        filled.countDown();
        assertThat(running.await(30, TimeUnit.SECONDS)).as("every flooder started").isTrue();
        CompletableFuture<Void> played = pingPong(node, 20);
        played.get(60, TimeUnit.SECONDS);
        // then: the ping-pong finished while every flooder still had mail: it was not left to wait for them
        for (AtomicLong count : handled) {
            assertThat(count.get()).as("messages a flooder had handled when the ping-pong ended").isLessThan(FLOOD);
        }
    }

    /**
     * Erlang's {@code self() ! continue} loop, on every carrier: each plain process always has mail, since it sends
     * itself the next step. OTP preempts them by reductions; here a plain receive that has taken a batch of messages
     * without waiting lets the others run (a new user's finding: a process spawned meanwhile never started, and the
     * node hung for as long as the loops ran).
     */
    @Test
    void receive_selfSendingLoopsOnEveryCarrier_doNotStarveOthers(Node node) throws Exception {
        int looping = CARRIERS + 1;
        CountDownLatch running = new CountDownLatch(looping);
        List<Pid> loops = new ArrayList<>();
        for (int c = 0; c < looping; c++) {
            loops.add(node.spawn(() -> {
                running.countDown();
                Process.send(Process.self(), "step");
                double sink = 0;
                for (;;) {
                    Object m = Process.receive();
                    if (!"step".equals(m)) {
                        break;
                    }
                    sink += work(7);
                    Process.send(Process.self(), "step");
                }
                if (sink == 42) {
                    throw new IllegalStateException("unreachable: keeps the work from being optimised away");
                }
            }));
        }
        try {
            assertThat(running.await(30, TimeUnit.SECONDS)).as("every loop started").isTrue();
            // when: a new process is spawned and plays ping-pong with another while the loops go on
            pingPong(node, 20).get(30, TimeUnit.SECONDS);
        } finally {
            for (Pid p : loops) {
                node.send(p, "stop");
            }
        }
    }

    /** A process that computes without receiving gives way with {@code Process.yield()}, as with erlang:yield/0. */
    @Test
    void yield_computingProcessesOnEveryCarrier_letOthersRun(Node node) throws Exception {
        int computing = CARRIERS + 1;
        CountDownLatch running = new CountDownLatch(computing);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int c = 0; c < computing; c++) {
            node.spawn(() -> {
                running.countDown();
                double sink = 0;
                while (!stop.get()) {
                    for (int i = 0; i < 100; i++) {
                        sink += work(i);
                    }
                    Process.yield();
                }
                if (sink == 42) {
                    throw new IllegalStateException("unreachable: keeps the work from being optimised away");
                }
            });
        }
        try {
            assertThat(running.await(30, TimeUnit.SECONDS)).as("every computing process started").isTrue();
            pingPong(node, 20).get(30, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
        }
    }

    @Test
    void handlerBlockedOnIo_doesNotStallOtherProcesses(Node node) throws Exception {
        // given: one server per carrier whose handler blocks in accept() on a socket nobody connects to
        try (AcceptBlockedServers blocked = AcceptBlockedServers.start(node, CARRIERS)) {
            // when: a ring of 100 processes passes a token 10,000 times
            // then: it finishes within the bound (about 10 ms unloaded; 20 s allows for a loaded machine), and every
            // handler is still blocked when it has
            ring(node, 100, 10_000).get(20, TimeUnit.SECONDS);
            blocked.assertStillBlocked();
        }
    }

    private static double work(int i) {
        double x = i;
        for (int k = 0; k < 50; k++) {
            x = Math.sqrt(x + k);
        }
        return x;
    }

    private static CompletableFuture<Void> pingPong(Node node, int rounds) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Pid pong = node.spawn(() -> {
            for (;;) {
                Pid from = (Pid) Process.receive();
                Process.send(from, "pong");
            }
        });
        node.spawn(() -> {
            for (int i = 0; i < rounds; i++) {
                Process.send(pong, Process.self());
                Process.receive();
            }
            done.complete(null);
        });
        return done;
    }

    private static CompletableFuture<Void> ring(Node node, int size, int hops) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Pid[] ring = new Pid[size];
        for (int i = 0; i < size; i++) {
            ring[i] = node.spawn(() -> {
                Pid next = (Pid) Process.receive();
                for (;;) {
                    int left = (Integer) Process.receive();
                    if (left == 0) {
                        done.complete(null);
                    } else {
                        Process.send(next, left - 1);
                    }
                }
            });
        }
        for (int i = 0; i < size; i++) {
            node.send(ring[i], ring[(i + 1) % size]);
        }
        node.send(ring[0], hops);
        return done;
    }
}
