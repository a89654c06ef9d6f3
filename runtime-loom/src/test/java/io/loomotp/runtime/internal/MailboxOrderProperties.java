package io.loomotp.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.loomotp.Overflow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-sender FIFO: whatever the interleaving of several concurrent senders, each sender's messages are received in
 * the order it sent them, and none is lost or duplicated.
 *
 * <p>The sizes come from QuickTheories with a fixed seed ({@code -DQT_SEED=<n>} picks another); the interleaving is
 * the scheduler's, so a failure shrinks towards the fewest senders and messages that still show it.
 */
class MailboxOrderProperties {
    private static final long SEED = Long.getLong("QT_SEED", 20261201L);

    record Sent(int sender, int seq) {}

    @Test
    void mpsc_keepsEachSendersOrder() {
        qt().withFixedSeed(SEED).withExamples(40).withShrinkCycles(200)
                .forAll(integers().between(1, 8), integers().between(1, 3000))
                .checkAssert((senders, perSender) -> check(new MpscMailbox(), senders, perSender));
    }

    @Test
    void boundedBlocking_keepsEachSendersOrder() {
        qt().withFixedSeed(SEED).withExamples(20).withShrinkCycles(200)
                .forAll(integers().between(1, 8), integers().between(1, 2000), integers().between(1, 64))
                .checkAssert((senders, perSender, capacity) ->
                        check(Mailboxes.bounded(capacity, Overflow.BLOCK), senders, perSender));
    }

    private static void check(Mailbox box, int senders, int perSender) {
        box.bindOwner(Thread.currentThread());
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perSender; i++) {
                    box.offer(new Envelope(Envelope.MESSAGE, new Sent(sender, i)));
                }
            }));
        }
        int[] next = new int[senders];
        int total = senders * perSender;
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int received = 0; received < total; ) {
            Envelope e = box.poll();
            if (e == null) {
                assertThat(System.nanoTime() - deadline).as("received %d of %d in time", received, total)
                        .isNegative();
                box.park(System.nanoTime() + 1_000_000);
                continue;
            }
            Sent m = (Sent) e.message();
            assertThat(m.seq()).as("sender %d's message", m.sender()).isEqualTo(next[m.sender()]);
            next[m.sender()]++;
            received++;
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining the senders", e);
            }
        }
        assertThat(box.poll()).isNull();
    }
}
