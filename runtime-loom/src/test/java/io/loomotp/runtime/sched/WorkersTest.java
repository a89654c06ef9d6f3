package io.loomotp.runtime.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.testing.NodeExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker pool that runs dormant behaviours' turns (issue 16, ADR 0018): a woken server runs on a worker; a
 * handler blocked where the runtime cannot see it does not stall the processes its worker would have run next (the
 * watchdog retires that worker within a tick); servers that always have mail take turns of a bounded batch, so that
 * others run between them even when there are more of them than carriers; and a kill interrupts only the killed
 * process's handler, never the next turn of the same worker.
 */
@ExtendWith(NodeExtension.class)
class WorkersTest {
    private static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
            Runtime.getRuntime().availableProcessors());

    private static boolean workersOn() {
        return !"false".equals(System.getProperty("loomotp.workers"));
    }

    @Test
    void wake_dormantServer_runsItsTurnOnAWorker(Node node) throws Exception {
        assumeTrue(workersOn(), "-Dloomotp.workers=false");
        // given: a server that has gone dormant after its init
        CompletableFuture<String> thread = new CompletableFuture<>();
        Pid server = GenServer.start(node, new ServerCallbacks<Object>() {
            @Override
            public void handleCast(Object state, Object message) {
                thread.complete(Thread.currentThread().getName());
            }
        }, Object::new);
        // when: a message wakes it
        GenServer.cast(server, "hello");
        // then: a worker's thread ran the handler, not a thread started for it
        assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("loomotp-worker");
    }

    @Test
    void ringOfServers_everyWorkerBlockedOnIo_passesItsTokenAll(Node node) throws Exception {
        // given: as many servers as there are workers, each handler blocked in accept() (which the runtime cannot see)
        try (AcceptBlockedServers blocked = AcceptBlockedServers.start(node, CARRIERS)) {
            // when: a ring of 100 servers passes a token 10,000 times
            // then: it finishes (about 10 ms unloaded, a watchdog tick of 1 ms after the blocks; 20 s allows for a
            // loaded machine) while every blocked handler is still blocked
            serverRing(node, 100, 10_000).get(20, TimeUnit.SECONDS);
            blocked.assertStillBlocked();
        }
    }

    @Test
    void floodedServers_moreThanCarriers_doNotStarveOthers(Node node) throws Exception {
        assumeTrue(workersOn(), "plain threads give no turns: see SchedulingTest");
        // given: more servers than carriers, each with a long backlog of casts
        int flooding = CARRIERS + 1;
        int flood = 300_000;
        List<AtomicLong> handled = new ArrayList<>();
        List<Pid> flooders = new ArrayList<>();
        for (int c = 0; c < flooding; c++) {
            AtomicLong count = new AtomicLong();
            handled.add(count);
            flooders.add(GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public void handleCast(Object state, Object message) {
                    if (work((Integer) message) == 42) {
                        throw new IllegalStateException("unreachable: keeps the work from being optimised away");
                    }
                    count.lazySet(count.get() + 1);
                }
            }, Object::new));
        }
        Integer message = 7;
        for (int i = 0; i < flood; i++) {
            for (Pid f : flooders) {
                GenServer.cast(f, message);
            }
        }
        // when: two servers play ping-pong meanwhile
        CompletableFuture<Void> played = serverPingPong(node, 20);
        played.get(60, TimeUnit.SECONDS);
        // then: it finished while every flooder still had mail
        for (AtomicLong count : handled) {
            assertThat(count.get()).as("casts a flooder had handled when the ping-pong ended").isLessThan(flood);
        }
    }

    @Test
    void kill_handlerBlockedInUserCode_interruptsOnlyThatHandler(Node node) throws Exception {
        // given: servers that note whether their handler ever starts interrupted, kept busy on the workers
        AtomicInteger interruptedStarts = new AtomicInteger();
        AtomicLong innocentTurns = new AtomicLong();
        List<Pid> innocents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            innocents.add(GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public Object handleCall(Object state, Object request, io.loomotp.runtime.From from) {
                    return "ok";
                }

                @Override
                public void handleCast(Object state, Object message) {
                    if (Thread.currentThread().isInterrupted()) {
                        interruptedStarts.incrementAndGet();
                    }
                    innocentTurns.incrementAndGet();
                }
            }, Object::new));
        }
        for (int round = 0; round < 200; round++) {
            // when: a server blocks its handler in a latch (user code) and is killed there
            CountDownLatch entered = new CountDownLatch(1);
            CompletableFuture<Throwable> wokenBy = new CompletableFuture<>();
            Pid victim = GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public void handleCast(Object state, Object message) {
                    entered.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        wokenBy.complete(e);
                    }
                }
            }, Object::new);
            GenServer.cast(victim, "block");
            for (Pid p : innocents) {
                GenServer.cast(p, round);
            }
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            node.exit(victim, ExitReason.KILLED);
            // then: the victim's handler was interrupted out of its wait, and the victim is dead
            assertThat(wokenBy.get(10, TimeUnit.SECONDS)).as("the killed handler's wait")
                    .isInstanceOf(InterruptedException.class);
            assertThat(node.isAlive(victim)).isFalse();
        }
        // and no other handler ever began with an interrupt meant for a killed one
        for (Pid p : innocents) {
            GenServer.call(p, "sync", java.time.Duration.ofSeconds(10));
        }
        assertThat(interruptedStarts.get()).isZero();
        assertThat(innocentTurns.get()).isEqualTo(8 * 200);
    }

    private static double work(int i) {
        double x = i;
        for (int k = 0; k < 100; k++) {
            x = Math.sqrt(x + k);
        }
        return x;
    }

    /** A ring of servers: each passes the count on to the next until it reaches 0. */
    private static CompletableFuture<Void> serverRing(Node node, int size, int hops) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Pid[] ring = new Pid[size];
        for (int i = 0; i < size; i++) {
            int me = i;
            ring[i] = GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public void handleCast(Object state, Object message) {
                    int left = (Integer) message;
                    if (left == 0) {
                        done.complete(null);
                    } else {
                        GenServer.cast(ring[(me + 1) % size], left - 1);
                    }
                }
            }, Object::new);
        }
        GenServer.cast(ring[0], hops);
        return done;
    }

    /** Two servers casting a count back and forth {@code rounds} times. */
    private static CompletableFuture<Void> serverPingPong(Node node, int rounds) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Pid[] pair = new Pid[2];
        for (int i = 0; i < 2; i++) {
            int me = i;
            pair[i] = GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public void handleCast(Object state, Object message) {
                    int n = (Integer) message;
                    if (n == 2 * rounds) {
                        done.complete(null);
                    } else {
                        GenServer.cast(pair[1 - me], n + 1);
                    }
                }
            }, Object::new);
        }
        GenServer.cast(pair[0], 0);
        return done;
    }
}
