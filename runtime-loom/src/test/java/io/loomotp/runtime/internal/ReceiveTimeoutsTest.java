package io.loomotp.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Receives with a long timeout park untimed and are woken by the node's sweep ({@link ReceiveTimeouts}): one that
 * gets no message still ends, not before its deadline; one answered by a message leaves nothing behind (the sweep
 * stops once every watched park has ended); and a wake meant for a park that ended does not end a later wait early.
 */
@ExtendWith(NodeExtension.class)
class ReceiveTimeoutsTest {

    @Test
    void receiveAfter_noMessage_returnsNullOnceItsDeadlinePassed(Node node) throws Exception {
        BlockingQueue<Object> out = new ArrayBlockingQueue<>(4);
        node.spawn(() -> {
            long t0 = System.nanoTime();
            Object got = Process.receive(Duration.ofMillis(300));
            out.add(got == null ? "timeout" : got);
            out.add(System.nanoTime() - t0);
        });
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("timeout");
        assertThat((Long) out.poll(1, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void receiveAfter_answeredByMessages_aRingOfThem_theSweepStopsOnceTheyEnd(Node node) throws Exception {
        int n = 200;
        int laps = 50;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger timeouts = new AtomicInteger();
        Pid[] ring = new Pid[n];
        for (int i = 0; i < n; i++) {
            ring[i] = node.spawn(() -> {
                Pid next = (Pid) Process.receive();
                for (int lap = 0; lap < laps; lap++) {
                    Object token = Process.receive(Duration.ofSeconds(30));
                    if (token == null) {
                        timeouts.incrementAndGet();
                        break;
                    }
                    Process.send(next, token);
                }
                done.countDown();
            });
        }
        for (int i = 0; i < n; i++) {
            node.send(ring[i], ring[(i + 1) % n]);
        }
        node.send(ring[0], "token");
        assertThat(done.await(30, TimeUnit.SECONDS)).as("every process did its laps").isTrue();
        assertThat(timeouts.get()).isZero();
        ReceiveTimeouts sweep = ((ProcessImpl) ring[0]).node.receiveTimeouts();
        Await.until(sweep::idle, "the sweep stopped: no watch kept after its park ended");
    }

    /**
     * Deadlines end in their order, as Erlang's: one process sleeps 245 ms then sends to another waiting with a
     * 250 ms timeout, which gets the message. With wake-ups on a 10 ms tick both often ended together, and the
     * receive timed out first in up to all of a new user's rounds (242 and 250 ms there).
     */
    @Test
    void twoDeadlines5msApart_theEarlierEndsFirst_everyRound(Node node) throws Exception {
        BlockingQueue<Object> outcomes = new ArrayBlockingQueue<>(1);
        List<Object> seen = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            Pid receiver = node.spawn(() -> {
                Object got = Process.receive(Duration.ofMillis(250));
                outcomes.add(got == null ? "timed out first" : got);
            });
            node.spawn(() -> {
                Process.sleep(Duration.ofMillis(245));
                Process.send(receiver, "sent at 245 ms");
            });
            seen.add(outcomes.poll(10, TimeUnit.SECONDS));
        }
        // The sleeper must still get a carrier and send within the 5 ms: on a machine overloaded twice over (two busy
        // loops beside the test) about one round in twenty lost that race, so two are allowed. With the tick, about
        // half the rounds timed out first, and this failed in 3 of 4 runs
        assertThat(seen).as("what each round's receiver got: " + seen).filteredOn("sent at 245 ms"::equals)
                .hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void aWakeForAnEndedPark_doesNotEndALaterReceiveEarly(Node node) throws Exception {
        BlockingQueue<Object> out = new ArrayBlockingQueue<>(4);
        Pid p = node.spawn(() -> {
            out.add(Process.receive(Duration.ofMillis(250))); // answered at once: its watch outlives the park
            long t0 = System.nanoTime();
            Object second = Process.receive(Duration.ofMillis(600)); // the first deadline passes meanwhile
            out.add(second == null ? "timeout" : second);
            out.add(System.nanoTime() - t0);
        });
        node.send(p, "first");
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("timeout");
        assertThat((Long) out.poll(1, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
    }
}
