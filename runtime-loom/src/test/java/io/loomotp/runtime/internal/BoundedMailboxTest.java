package io.loomotp.runtime.internal;

import io.loomotp.Overflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.MailboxFullException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A bounded mailbox's policies: what is refused, dropped or blocked, and that every loss is counted exactly. */
class BoundedMailboxTest {

    private static Envelope msg(Object o) {
        return new Envelope(Envelope.MESSAGE, o);
    }

    private static List<Object> drain(Mailbox box) {
        List<Object> out = new ArrayList<>();
        for (Envelope e; (e = box.poll()) != null; ) {
            out.add(e.message());
        }
        return out;
    }

    @Test
    void reject_refusesBeyondCapacity_andCountsEachRefusal() {
        BoundedMailbox box = Mailboxes.bounded(3, Overflow.REJECT);
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(box.offer(msg(i)));
        }
        assertThat(results.subList(0, 3)).containsOnly(Mailbox.DELIVERED);
        assertThat(results.subList(3, 10)).containsOnly(Mailbox.REJECTED);
        assertThat(box.dropped()).isEqualTo(7);
        assertThat(drain(box)).containsExactly(0, 1, 2);
    }

    @Test
    void dropNewest_keepsTheOldest_andCountsEveryDrop() {
        BoundedMailbox box = Mailboxes.bounded(2, Overflow.DROP_NEWEST);
        for (int i = 0; i < 5; i++) {
            box.offer(msg(i));
        }
        assertThat(box.dropped()).isEqualTo(3);
        assertThat(drain(box)).containsExactly(0, 1);
    }

    /**
     * What DROP_OLDEST evicts from the owner's stash (a selective receive, or a sleep, that matched nothing moved the
     * messages there) is gone: the length counts it no more, though the owner meets it only later. A new user's
     * fan-in saw 2,008 in a mailbox bounded at 1,000, its consumer sleeping a millisecond now and then.
     */
    @Test
    void dropOldest_evictsFromTheStash_theLengthStaysWithinTheBound() {
        BoundedMailbox box = Mailboxes.bounded(3, Overflow.DROP_OLDEST);
        for (int i = 0; i < 3; i++) {
            box.offer(msg(i));
        }
        assertThat(box.poll(e -> false)).isNull(); // all three looked at and kept, in the stash
        assertThat(box.length()).isEqualTo(3);
        for (int i = 3; i < 8; i++) {
            box.offer(msg(i));
            assertThat(box.length()).as("after message " + i).isEqualTo(3);
        }
        assertThat(box.dropped()).isEqualTo(5);
        assertThat(drain(box)).containsExactly(5, 6, 7);
        assertThat(box.length()).isZero();
    }

    /**
     * A selective receive that waits while DROP_OLDEST evicts what it kept lets the evicted envelopes go: a new user's
     * flood of 20,000 messages of 16 KB into a process bounded at 100 held 123-205 MB until the receive matched.
     */
    @Test
    void dropOldest_floodWhileASelectiveReceiveWaits_theEvictedAreLetGo() {
        BoundedMailbox box = Mailboxes.bounded(100, Overflow.DROP_OLDEST);
        int most = 0;
        for (int i = 0; i < 20_000; i++) {
            box.offer(msg(i));
            assertThat(box.poll(e -> "wake".equals(e.message()), i > 0)).isNull(); // as the waiting receive looks
            most = Math.max(most, box.evictedInStash());
        }
        assertThat(most).as("evicted envelopes still held at most").isLessThanOrEqualTo(100);
        assertThat(box.length()).isEqualTo(100);
        box.offer(msg("wake"));
        assertThat(box.poll(e -> "wake".equals(e.message()), true).message()).isEqualTo("wake");
        List<Object> rest = drain(box);
        assertThat(rest).hasSize(99).startsWith(19_901).endsWith(19_999);
        assertThat(box.evictedInStash()).isZero();
    }

    @Test
    void dropOldest_keepsTheNewest_andCountsEveryDrop() {
        BoundedMailbox box = Mailboxes.bounded(2, Overflow.DROP_OLDEST);
        for (int i = 0; i < 5; i++) {
            box.offer(msg(i));
        }
        assertThat(box.dropped()).isEqualTo(3);
        assertThat(drain(box)).containsExactly(3, 4);
    }

    /**
     * Messages a selective receive looked at and kept (or a sys suspension, whose loop receives only system messages)
     * are still the oldest: DROP_OLDEST evicts from them first, and the owner never sees an evicted one.
     */
    @Test
    void dropOldest_evictsFromWhatASelectiveReceiveKept_andTheOwnerSkipsIt() {
        BoundedMailbox box = Mailboxes.bounded(3, Overflow.DROP_OLDEST);
        for (int i = 0; i < 3; i++) {
            box.offer(msg(i));
        }
        assertThat(box.poll(e -> "wanted".equals(e.message()))).isNull(); // 0, 1, 2 looked at and kept
        assertThat(box.offer(msg(3))).isEqualTo(Mailbox.DELIVERED); // evicts 0, the oldest, from the stash
        assertThat(box.offer(msg(4))).isEqualTo(Mailbox.DELIVERED); // and then 1
        assertThat(box.dropped()).isEqualTo(2);
        assertThat(box.length()).isEqualTo(3); // the evicted ones are not counted, though still in the stash
        assertThat(box.poll(e -> e.message().equals(4)).message()).isEqualTo(4);
        assertThat(drain(box)).containsExactly(2, 3);
        assertThat(box.offer(msg(5))).isEqualTo(Mailbox.DELIVERED); // the bound counts what is left, exactly
        assertThat(box.offer(msg(6))).isEqualTo(Mailbox.DELIVERED);
        assertThat(box.offer(msg(7))).isEqualTo(Mailbox.DELIVERED);
        assertThat(box.dropped()).isEqualTo(2);
    }

    @Test
    void dropOldest_failsAnEvictedCall_soItsCallerDoesNotWait() {
        BoundedMailbox box = Mailboxes.bounded(1, Overflow.DROP_OLDEST);
        ProcessImpl owner = ownerOf(box);
        CallEnvelope call = new CallEnvelope(Envelope.CALL, "request", owner.node().system(), owner);
        box.offer(call);
        box.offer(msg("newer"));
        Object outcome = call.await(java.time.Duration.ofSeconds(5), null);
        assertThat(outcome).isInstanceOfSatisfying(CallEnvelope.Failure.class,
                f -> assertThat(f.exception()).isInstanceOf(MailboxFullException.class));
    }

    @Test
    void signalsAndSystemMessages_bypassTheBound() {
        BoundedMailbox box = Mailboxes.bounded(1, Overflow.REJECT);
        box.offer(msg("fills it"));
        assertThat(box.offer(new Envelope(Envelope.SIGNAL, "down"))).isEqualTo(Mailbox.DELIVERED);
        assertThat(box.offer(new Envelope(Envelope.SYSTEM, "sys"))).isEqualTo(Mailbox.DELIVERED);
        assertThat(box.offer(msg("refused"))).isEqualTo(Mailbox.REJECTED);
        assertThat(box.dropped()).isEqualTo(1);
        assertThat(drain(box)).containsExactly("fills it", "down", "sys");
    }

    @Test
    void block_holdsTheSenderUntilThereIsRoom() throws Exception {
        BoundedMailbox box = Mailboxes.bounded(1, Overflow.BLOCK);
        box.offer(msg("first"));
        CompletableFuture<Integer> second = new CompletableFuture<>();
        Thread sender = Thread.ofVirtual().start(() -> second.complete(box.offer(msg("second"))));
        // the sender is blocked until the consumer takes "first"
        io.loomotp.runtime.testing.Await.until(() -> sender.getState() == Thread.State.WAITING,
                "the sender to block");
        assertThat(second.isDone()).isFalse();
        assertThat(box.poll().message()).isEqualTo("first");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(Mailbox.DELIVERED);
        assertThat(box.poll().message()).isEqualTo("second");
        assertThat(box.dropped()).isZero();
    }

    @Test
    void block_releasesSendersWhenTheMailboxCloses() throws Exception {
        BoundedMailbox box = Mailboxes.bounded(1, Overflow.BLOCK);
        box.offer(msg("first"));
        CompletableFuture<Integer> blocked = new CompletableFuture<>();
        Thread sender = Thread.ofVirtual().start(() -> blocked.complete(box.offer(msg("second"))));
        io.loomotp.runtime.testing.Await.until(() -> sender.getState() == Thread.State.WAITING,
                "the sender to block");
        box.close();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(Mailbox.CLOSED);
    }

    private static ProcessImpl ownerOf(BoundedMailbox box) {
        try {
            var f = BoundedMailbox.class.getDeclaredField("owner");
            f.setAccessible(true);
            return (ProcessImpl) f.get(box);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
