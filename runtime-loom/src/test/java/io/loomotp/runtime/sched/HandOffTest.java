package io.loomotp.runtime.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.ProcessStatus;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A call's hand-off (ADR 0018, fifth amendment): a process whose call wakes a dormant, warmed-up server runs that
 * server's turn on its own thread. What a user can see of it must be what a worker's turn gives: the handler runs as
 * the server, a kill of either side reaches the right one, a blocking handler neither loses the reply nor leaks an
 * interrupt, and a handler slower than the call's timeout still ends the call with a timeout.
 */
@ExtendWith(NodeExtension.class)
class HandOffTest {
    /** More than the messages a server takes before callers may hand off to it ({@code HandOff.WARM}). */
    private static final int WARM_UP = 1_100;

    private static boolean handOffOn() {
        return !"false".equals(System.getProperty("loomotp.handOff"))
                && !"false".equals(System.getProperty("loomotp.workers"));
    }

    /**
     * A server whose calls say which thread and which process ran them, sleep, wait for a latch, call another server,
     * or count.
     */
    private static Pid server(Node node, CountDownLatch entered) {
        return server(node, entered, new CompletableFuture<>());
    }

    /** The same, completing {@code sleptOn} with the thread that ran its first sleeping handler. */
    private static Pid server(Node node, CountDownLatch entered, CompletableFuture<Thread> sleptOn) {
        return GenServer.start(node, new ServerCallbacks<int[]>() {
            @Override
            public Object handleCall(int[] count, Object request, From from) throws Exception {
                count[0]++;
                return switch (request) {
                    case String s when s.equals("thread") -> Thread.currentThread();
                    case String s when s.equals("self") -> Process.self();
                    case String s when s.equals("count") -> count[0];
                    case Long millis -> {
                        sleptOn.complete(Thread.currentThread());
                        entered.countDown();
                        Process.sleep(Duration.ofMillis(millis)); // the handler's own work, which takes this long
                        yield "slept";
                    }
                    case CountDownLatch release -> {
                        sleptOn.complete(Thread.currentThread());
                        entered.countDown();
                        yield release.await(20, TimeUnit.SECONDS) ? "released" : "not released";
                    }
                    case Pid other -> GenServer.call(other, "self");
                    default -> "ok";
                };
            }
        }, () -> new int[1]);
    }

    /**
     * Calls until the server has taken enough messages and a call of this thread ran its turn here, then waits
     * (bounded) until it is dormant again; returns the calls made. A hand-off turn slower than {@code
     * HandOff.SLOW_NANOS} (10 ms: a collection, or a class's first load on a loaded machine) sends the server back
     * through the workers for another {@code WARM} messages, so one pass of {@link #WARM_UP} calls is not enough: the
     * warm-up ends only with a hand-off that was quick, after which the next call from a dormant state hands off too.
     */
    private static int warmUp(Node node, Pid server) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int calls = 0;
        while (true) {
            for (int i = 0; i < WARM_UP; i++) {
                GenServer.call(server, "warm");
                calls++;
            }
            awaitDormant(node, server, deadline);
            long t0 = System.nanoTime();
            Object ranOn = GenServer.call(server, "thread");
            calls++;
            if (ranOn == Thread.currentThread() && System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(5)) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no quick hand-off to the server within 10 s, after " + calls + " calls");
            }
        }
        awaitDormant(node, server, deadline);
        return calls;
    }

    private static void awaitDormant(Node node, Pid server, long deadline) {
        while (node.info(server).status() != ProcessStatus.WAITING) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the server did not go dormant within 10 s: " + node.info(server));
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void call_toAWarmDormantServer_runsItsHandlerOnTheCallersThread_asTheServer(Node node) throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: a server that has taken more than the warm-up's messages and is dormant
        Pid server = server(node, new CountDownLatch(1));
        CompletableFuture<Object[]> seen = new CompletableFuture<>();
        node.spawn(() -> {
            int warmUpCalls = warmUp(node, server);
            // when: a process calls it
            Object thread = GenServer.call(server, "thread");
            Object self = GenServer.call(server, "self");
            seen.complete(new Object[] {thread, Thread.currentThread(), self, GenServer.call(server, "count"),
                    warmUpCalls});
        });
        // then: the caller's thread ran the handler, and the handler ran as the server, with its own state
        Object[] s = seen.get(20, TimeUnit.SECONDS);
        assertThat(s[0]).isSameAs(s[1]);
        assertThat(s[2]).isEqualTo(server);
        assertThat(s[3]).isEqualTo((Integer) s[4] + 3);
    }

    @Test
    void handler_callsAnotherServer_duringAHandOff_getsItsReply(Node node) throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: two warm servers
        Pid first = server(node, new CountDownLatch(1));
        Pid second = server(node, new CountDownLatch(1));
        CompletableFuture<Object> seen = new CompletableFuture<>();
        node.spawn(() -> {
            warmUp(node, second);
            warmUp(node, first);
            // when: the first's handler, run on this thread, calls the second
            seen.complete(GenServer.call(first, second));
        });
        // then: the nested call is answered by the second, as itself
        assertThat(seen.get(20, TimeUnit.SECONDS)).isEqualTo(second);
    }

    @Test
    void serverOnAWorker_callingAWarmDormantServer_runsItOnTheWorkersThread(Node node) throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: a warm, dormant server, and another server that calls it from a cast's handler, on a worker
        Pid inner = server(node, new CountDownLatch(1));
        CompletableFuture<Object[]> seen = new CompletableFuture<>();
        Pid outer = GenServer.start(node, new ServerCallbacks<Object>() {
            @Override
            public void handleCast(Object state, Object message) {
                seen.complete(new Object[] {GenServer.call(inner, "thread"), Thread.currentThread(),
                        GenServer.call(inner, "self")});
            }
        }, Object::new);
        CompletableFuture<Void> warm = new CompletableFuture<>();
        node.spawn(() -> {
            warmUp(node, inner);
            warm.complete(null);
        });
        warm.get(20, TimeUnit.SECONDS);
        // when: the outer server's handler calls it
        GenServer.cast(outer, "go");
        // then: the outer's thread ran the inner's handler, as the inner server
        Object[] s = seen.get(20, TimeUnit.SECONDS);
        assertThat(s[0]).isSameAs(s[1]);
        assertThat(s[2]).isEqualTo(inner);
    }

    @Test
    void killCaller_duringAHandOff_theHandlerFinishes_andTheCallerDiesAfterIt(Node node) throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: a client whose call runs a handler on the client's thread, held until the test releases it
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Thread> sleptOn = new CompletableFuture<>();
        CompletableFuture<Thread> clientThread = new CompletableFuture<>();
        Pid server = server(node, entered, sleptOn);
        CompletableFuture<Object> afterCall = new CompletableFuture<>();
        CompletableFuture<Integer> warmUpCalls = new CompletableFuture<>();
        Pid client = node.spawn(() -> {
            clientThread.complete(Thread.currentThread());
            warmUpCalls.complete(warmUp(node, server));
            Object r = GenServer.call(server, release);
            afterCall.complete(r); // must not happen: the client was killed during the call
        });
        // the watcher's monitor is in place before the kill (a monitor taken after it would see noproc)
        Probe watcher = Probe.spawn(node);
        watcher.exec(() -> Process.monitor(client));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sleptOn.get()).isSameAs(clientThread.get());
        // when: the client is killed while its thread runs the server's handler
        Process.exit(client, ExitReason.KILL);
        release.countDown();
        // then: the client dies (after the handler), the handler was not interrupted, and the server lives on
        assertThat(watcher.next(Down.class).reason()).isEqualTo(ExitReason.KILLED);
        assertThat(afterCall).isNotDone();
        assertThat(node.info(server).status()).isNotEqualTo(ProcessStatus.EXITING);
        assertThat(GenServer.call(server, "count", Duration.ofSeconds(10))).isEqualTo(warmUpCalls.get() + 2);
    }

    @Test
    void killServer_duringAHandOff_theCallerGetsTheExit_andLivesOn(Node node) throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: a client whose call runs a long-sleeping handler on the client's thread
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Thread> sleptOn = new CompletableFuture<>();
        CompletableFuture<Thread> clientThread = new CompletableFuture<>();
        Pid server = server(node, entered, sleptOn);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        node.spawn(() -> {
            clientThread.complete(Thread.currentThread());
            warmUp(node, server);
            try {
                GenServer.call(server, 60_000L, Timeouts.INFINITY);
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
            interruptedAfter.complete(Thread.currentThread().isInterrupted());
        });
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sleptOn.get()).isSameAs(clientThread.get());
        // when: the server is killed in its handler
        Process.exit(server, ExitReason.KILL);
        // then: the caller sees the server's death, not a reply, and its thread carries no stray interrupt
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(ProcessExitException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
        assertThat(interruptedAfter.get(20, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void handlerSlowerThanTheTimeout_duringAHandOff_endsTheCallWithATimeout_andTheNextCallGoesToAWorker(Node node)
            throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: a warm, dormant server whose next handler sleeps longer than the call's timeout (1 s, the shortest
        // with which a caller hands off)
        CompletableFuture<Thread> sleptOn = new CompletableFuture<>();
        Pid server = server(node, new CountDownLatch(1), sleptOn);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        CompletableFuture<Object[]> next = new CompletableFuture<>();
        node.spawn(() -> {
            warmUp(node, server);
            try {
                GenServer.call(server, 1_100L, Duration.ofSeconds(1));
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
            // the late reply never shows: a call's reply does not go to the mailbox
            Object stray = Process.receive(Duration.ZERO);
            next.complete(new Object[] {stray, GenServer.call(server, "thread"), Thread.currentThread()});
        });
        // then: the call ends with a timeout, late; and the server's next turn is a worker's again
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(CallTimeoutException.class);
        Object[] n = next.get(20, TimeUnit.SECONDS);
        assertThat(sleptOn.get()).isSameAs(n[2]); // the slow handler ran on the caller's thread
        assertThat(n[0]).isNull();
        assertThat(n[1]).isNotSameAs(n[2]);
    }

    @Test
    void sysSuspend_sentDuringAHandOff_doesNotHoldTheCaller(Node node) throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: a caller whose thread runs a warm server's sleeping handler
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Thread> sleptOn = new CompletableFuture<>();
        CompletableFuture<Thread> clientThread = new CompletableFuture<>();
        Pid server = server(node, entered, sleptOn);
        CompletableFuture<Object> reply = new CompletableFuture<>();
        CompletableFuture<Integer> warmUpCalls = new CompletableFuture<>();
        node.spawn(() -> {
            clientThread.complete(Thread.currentThread());
            warmUpCalls.complete(warmUp(node, server));
            reply.complete(GenServer.call(server, 200L));
        });
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sleptOn.get()).isSameAs(clientThread.get());
        // when: the server is suspended (sys:suspend) while the caller's thread runs its handler
        CompletableFuture<Void> suspended = new CompletableFuture<>();
        node.spawn(() -> {
            SysCalls.suspend(server, Duration.ofSeconds(20));
            suspended.complete(null);
        });
        // then: the caller gets its reply and goes on (the suspension is taken by a worker, not by the caller's
        // thread), and the server stays suspended until resumed
        assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("slept");
        suspended.get(20, TimeUnit.SECONDS);
        assertThat(node.info(server).status()).isEqualTo(ProcessStatus.SUSPENDED);
        assertThatThrownBy(() -> GenServer.call(server, "count", Duration.ofMillis(100)))
                .isInstanceOf(CallTimeoutException.class);
        SysCalls.resume(server, Duration.ofSeconds(20));
        assertThat(GenServer.call(server, "count", Duration.ofSeconds(20))).isEqualTo(warmUpCalls.get() + 3);
    }

    @Test
    void shortTimeout_neverHandsOff(Node node) throws Exception {
        assumeTrue(handOffOn(), "hand-off or workers off");
        // given: a warm, dormant server
        Pid server = server(node, new CountDownLatch(1));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        node.spawn(() -> {
            warmUp(node, server);
            // when: a call with a timeout under a second meets a handler slower than it
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> GenServer.call(server, 5_000L, Duration.ofMillis(100)))
                    .isInstanceOf(CallTimeoutException.class);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // then: the timeout comes on time, not after the handler's five seconds
            outcome.complete(tookMillis < 4_000 ? null : new AssertionError("timed out after " + tookMillis + " ms"));
        });
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isNull();
    }
}
