package io.loomotp.runtime.internal;

import io.loomotp.Overflow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Per-sender FIFO: whatever the interleaving of several concurrent senders, each sender's messages are received in
 * the order it sent them, and none is lost or duplicated.
 */
class MailboxOrderProperties {

    record Sent(int sender, int seq) {}

    @Property(tries = 40)
    void mpsc_keepsEachSendersOrder(@ForAll @IntRange(min = 1, max = 8) int senders,
                                    @ForAll @IntRange(min = 1, max = 3000) int perSender) throws Exception {
        check(new MpscMailbox(), senders, perSender);
    }

    @Property(tries = 20)
    void boundedBlocking_keepsEachSendersOrder(@ForAll @IntRange(min = 1, max = 8) int senders,
                                               @ForAll @IntRange(min = 1, max = 2000) int perSender,
                                               @ForAll @IntRange(min = 1, max = 64) int capacity) throws Exception {
        check(Mailboxes.bounded(capacity, Overflow.BLOCK), senders, perSender);
    }

    private static void check(Mailbox box, int senders, int perSender) throws Exception {
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
            t.join();
        }
        assertThat(box.poll()).isNull();
    }
}
