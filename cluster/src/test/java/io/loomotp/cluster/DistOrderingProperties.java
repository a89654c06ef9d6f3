package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-pair ordering across two JVMs, as a property (QuickTheories, which shrinks a failing schedule): several sender
 * processes on this JVM's node "a" send, all at once, numbered messages to several processes on a node JVM "b"; each
 * receiver must get, from each sender, exactly the messages that sender sent it, once each and in the order sent
 * (Erlang's guarantee, and issue 14's target: nothing lost, duplicated or reordered between two live nodes).
 *
 * <p>A schedule is a number of senders, of receivers, and a list of sends, each naming a (sender, receiver) pair; each
 * sender runs its own sends in list order, and the senders run concurrently, so the interleaving on the one channel
 * from a to b is the machine's. A sender ends with an end marker to every receiver, which then reports.
 */
class DistOrderingProperties {
    private static final long SEED = 0x5EEDL;
    private static final int STRIDE = 100_000; // a message is sender * STRIDE + its sequence number
    private static final java.util.concurrent.atomic.AtomicLong SENT = new java.util.concurrent.atomic.AtomicLong();
    private static LocalNode a;
    private static NodeJvm b;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
        b = a.startJvm("b");
    }

    @AfterAll
    static void stopCluster() {
        System.out.printf("per-pair ordering property: %d messages checked across the schedules%n", SENT.get());
        LocalNode.closeAll(b, a);
    }

    @Test
    void send_manySendersToManyRemoteReceivers_perPairNoneLostDuplicatedOrReordered() {
        qt().withFixedSeed(SEED).withExamples(25).withShrinkCycles(20)
                .forAll(integers().between(1, 4), integers().between(1, 3),
                        lists().of(integers().between(0, 11)).ofSizeBetween(1, 3000))
                .checkAssert(DistOrderingProperties::runSchedule);
    }

    private static void runSchedule(int senders, int receivers, List<Integer> sends) {
        // given: tallies on b, one per receiver, each waiting for every sender's end marker
        List<Probe> reports = new ArrayList<>();
        List<Pid> tallies = new ArrayList<>();
        for (int r = 0; r < receivers; r++) {
            Probe report = Probe.spawn(a.node);
            tallies.add(a.cluster.spawn("b", "tally", new Wire.Tally(report.pid(), senders)));
            reports.add(report);
        }
        // each sender's script, and what each pair must see
        List<List<int[]>> scripts = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            scripts.add(new ArrayList<>());
        }
        List<List<List<Integer>>> expected = new ArrayList<>(); // [receiver][sender] -> messages in order
        for (int r = 0; r < receivers; r++) {
            List<List<Integer>> perSender = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                perSender.add(new ArrayList<>());
            }
            expected.add(perSender);
        }
        for (int x : sends) {
            int s = x % senders;
            int r = (x / senders) % receivers;
            int message = s * STRIDE + scripts.get(s).size();
            scripts.get(s).add(new int[] {r, message});
            expected.get(r).get(s).add(message);
        }
        SENT.addAndGet(sends.size());
        // when: every sender runs its script at once
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < senders; s++) {
            List<int[]> script = scripts.get(s);
            int marker = -(s + 1);
            a.node.spawn(() -> {
                go.await();
                for (int[] send : script) {
                    Process.send(tallies.get(send[0]), send[1]);
                }
                for (Pid t : tallies) {
                    Process.send(t, marker);
                }
            });
        }
        go.countDown();
        // then: per receiver, per sender, exactly the messages sent, in order
        for (int r = 0; r < receivers; r++) {
            List<Integer> got = reports.get(r).next(Wire.Collected.class).numbers();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                List<Integer> fromSender = got.stream().filter(m -> m / STRIDE == sender).toList();
                assertThat(fromSender).as("receiver %d from sender %d", r, s).isEqualTo(expected.get(r).get(s));
            }
            assertThat(got).as("receiver %d: nothing but what was sent", r)
                    .hasSize(expected.get(r).stream().mapToInt(List::size).sum());
        }
    }
}
