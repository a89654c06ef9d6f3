package io.loomotp.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.From;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The count of woken processes that spinning waiters look at ({@link Ready}) is exact: every raise by a waker is
 * lowered once by the waiter it woke, and a park that ends by itself (a timeout) changes nothing. A count that drifted
 * up would stop every spin for good; one that drifted down would never stop one. Other tests' processes may be running
 * in this JVM, so each case waits, with a bound, for the count to come back to zero once its own processes are quiet.
 */
class ReadyTest {

    @Test
    void mailbox_parksAndWakes_leaveTheCountAtZero() throws Exception {
        MpscMailbox box = new MpscMailbox();
        int rounds = 20_000;
        CompletableFuture<Integer> taken = new CompletableFuture<>();
        Thread consumer = Thread.ofVirtual().unstarted(() -> {
            int n = 0;
            while (n < rounds) {
                if (box.poll() != null) {
                    n++;
                } else {
                    box.park(n % 7 == 0 ? System.nanoTime() + 1_000 : Long.MAX_VALUE); // some parks time out
                }
            }
            taken.complete(n);
        });
        box.bindOwner(consumer);
        consumer.start();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            producers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < rounds / 4; i++) {
                    box.offer(new Envelope(Envelope.MESSAGE, i));
                    if (i % 64 == 0) {
                        Thread.yield(); // let the consumer empty its mailbox and park again
                    }
                }
            }));
        }
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo(rounds);
        Await.until(() -> Ready.count() == 0, "the count of woken processes back at zero, now " + Ready.count());
    }

    @Test
    void callsAnsweredToParkedCallers_leaveTheCountAtZero() throws Exception {
        try (Node node = Node.create("ready")) {
            // the server answers a round of calls only once every caller has called: callers wait, most of them parked
            int callersCount = 8;
            Pid server = GenServer.start(node, new ServerCallbacks<List<Object[]>>() {
                @Override
                public Object handleCall(List<Object[]> pending, Object request, From from) {
                    pending.add(new Object[] {from, request});
                    if (pending.size() == callersCount) {
                        for (Object[] p : pending) {
                            GenServer.reply((From) p[0], p[1]);
                        }
                        pending.clear();
                    }
                    return NO_REPLY;
                }
            }, ArrayList::new);
            List<CompletableFuture<Integer>> callers = new ArrayList<>();
            for (int c = 0; c < callersCount; c++) {
                CompletableFuture<Integer> answered = new CompletableFuture<>();
                callers.add(answered);
                node.spawn(() -> {
                    int n = 0;
                    for (int i = 0; i < 50; i++) {
                        if (GenServer.call(server, i).equals(i)) {
                            n++;
                        }
                    }
                    answered.complete(n);
                });
            }
            for (CompletableFuture<Integer> answered : callers) {
                assertThat(answered.get(30, TimeUnit.SECONDS)).isEqualTo(50);
            }
        }
        Await.until(() -> Ready.count() == 0, "the count of woken processes back at zero, now " + Ready.count());
    }
}
