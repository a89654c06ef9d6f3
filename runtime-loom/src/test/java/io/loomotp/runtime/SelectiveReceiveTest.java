package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A selective receive ({@code receive} with a pattern) that waits while messages it does not match arrive: it takes
 * the first that matches, and every message it skipped stays, in arrival order, for the receives after it, as in
 * Erlang (the receive statement's semantics in the Erlang reference manual). The tests send while the receiver has
 * parked in its receive (its status {@code WAITING}), so that skipped messages come both before the receive began and
 * while it waited; a receive looks again only at what came after the messages it has tried, and the order must not
 * show it.
 */
@ExtendWith(NodeExtension.class)
class SelectiveReceiveTest {

    @Test
    void skippedWhileWaiting_stayInArrivalOrder_afterThoseSkippedBefore(Node node) {
        Probe p = Probe.spawn(node);
        Pid self = p.pid();
        Pid waiter = node.spawn(() -> {
            Process.send(self, "started");
            Process.receive(m -> m.equals("begin"), Duration.ofSeconds(10)); // "x" and "y" are queued by now
            Object got = Process.receive(m -> m.equals("go"), Duration.ofSeconds(10));
            List<Object> after = new ArrayList<>();
            for (Object m; (m = Process.receive(Duration.ZERO)) != null; ) {
                after.add(m);
            }
            Process.send(self, List.of(got, after));
        });
        assertThat(p.next()).isEqualTo("started");
        node.send(waiter, "x");
        node.send(waiter, "y");
        node.send(waiter, "begin");
        awaitWaiting(node, waiter); // in the receive for "go", having skipped x and y
        node.send(waiter, "a");
        awaitWaiting(node, waiter); // skipping "a" too, now or after "b" came
        node.send(waiter, "b");
        node.send(waiter, "c");
        node.send(waiter, "go");
        assertThat(p.next()).isEqualTo(List.of("go", List.of("x", "y", "a", "b", "c")));
    }

    /**
     * A predicate that throws ends the receive with its exception; the message it looked at stays, in its place,
     * whether the receive met it in the queue or among the messages an earlier receive skipped (no Erlang receive
     * drops a message whose guard fails). A new user's finding: the message was lost.
     */
    @Test
    void aPredicateThatThrows_endsTheReceive_andLosesNoMessage(Node node) {
        Probe p = Probe.spawn(node);
        Pid self = p.pid();
        java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
        Pid waiter = node.spawn(() -> {
            queued.await(); // the three messages are in the queue, none looked at yet
            List<Object> seen = new ArrayList<>();
            for (int round = 0; round < 2; round++) { // once from the queue, once from the stash
                try {
                    Process.receive(m -> ((String) m).isEmpty(), Duration.ofMillis(10));
                } catch (ClassCastException expected) {
                    seen.add("threw");
                }
            }
            try {
                int zero = seen.size() - seen.size();
                Process.receive(Integer.class, n -> n / zero == 1, Duration.ofMillis(10));
            } catch (ArithmeticException expected) {
                seen.add("threw");
            }
            for (Object m; (m = Process.receive(Duration.ZERO)) != null; ) {
                seen.add(m);
            }
            Process.send(self, seen);
        });
        node.send(waiter, "a");
        node.send(waiter, 1);
        node.send(waiter, "b");
        queued.countDown();
        assertThat(p.next()).isEqualTo(List.of("threw", "threw", "threw", "a", 1, "b"));
    }

    /** A primitive type stands for its box: {@code receive N when is_integer(N)} is {@code receive(int.class, ..)}. */
    @Test
    void aPrimitiveType_matchesItsBox(Node node) {
        Probe p = Probe.spawn(node);
        Pid self = p.pid();
        Pid waiter = node.spawn(() -> {
            int n = Process.receive(int.class, Duration.ofSeconds(10));
            long big = Process.receive(long.class, x -> x > 5, Duration.ofSeconds(10));
            Process.send(self, List.of(n, big));
        });
        node.send(waiter, "x");
        node.send(waiter, 7);
        node.send(waiter, 3L);
        node.send(waiter, 9L);
        assertThat(p.next()).isEqualTo(List.of(7, 9L));
    }

    @Test
    void aMessageSkippedByOneReceive_isTakenByTheNextPattern(Node node) {
        Probe p = Probe.spawn(node);
        Pid self = p.pid();
        Pid waiter = node.spawn(() -> {
            Object first = Process.receive(m -> m instanceof Integer, Duration.ofSeconds(10));
            Object second = Process.receive(m -> m instanceof String s && s.startsWith("s"), Duration.ofSeconds(10));
            Object third = Process.receive(m -> m instanceof String, Duration.ofSeconds(10));
            Process.send(self, List.of(first, second, third));
        });
        awaitWaiting(node, waiter);
        node.send(waiter, "t1");
        awaitWaiting(node, waiter);
        node.send(waiter, "s1");
        awaitWaiting(node, waiter);
        node.send(waiter, 7);
        assertThat(p.next()).isEqualTo(List.of(7, "s1", "t1"));
    }

    private static void awaitWaiting(Node node, Pid pid) {
        Await.until(() -> {
            ProcessInfo i = node.info(pid);
            return i != null && i.status() == ProcessStatus.WAITING;
        }, pid + " to wait in its receive");
    }
}
