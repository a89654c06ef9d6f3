package io.loomotp.runtime.internal;

import io.loomotp.Overflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.Await;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The mailbox contract, for every implementation. */
class MailboxTest {

    static Stream<Arguments> mailboxes() {
        return Stream.of(
                Arguments.of("mpsc", (Supplier<Mailbox>) MpscMailbox::new),
                Arguments.of("bounded", (Supplier<Mailbox>) () -> Mailboxes.bounded(1 << 20, Overflow.BLOCK)));
    }

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void poll_returnsMessagesInOrderSent(String name, Supplier<Mailbox> make) {
        Mailbox box = make.get();
        for (int i = 0; i < 100; i++) {
            assertThat(box.offer(msg(i))).isEqualTo(Mailbox.DELIVERED);
        }
        assertThat(box.queueLength()).isEqualTo(100);
        assertThat(drain(box)).containsExactlyElementsOf(Stream.iterate(0, i -> i + 1).limit(100).map(i -> (Object) i)
                .toList());
        assertThat(box.poll()).isNull();
        assertThat(box.hasMessages()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void selectivePoll_takesTheFirstMatch_andKeepsTheRestInOrder(String name, Supplier<Mailbox> make) {
        Mailbox box = make.get();
        for (Object o : List.of("a", 1, "b", 2, "c")) {
            box.offer(msg(o));
        }
        Envelope first = box.poll(e -> e.message() instanceof Integer);
        assertThat(first.message()).isEqualTo(1);
        assertThat(box.poll(e -> e.message() instanceof Integer).message()).isEqualTo(2);
        assertThat(box.poll(e -> e.message() instanceof Integer)).isNull();
        box.offer(msg("d"));
        assertThat(box.length()).isEqualTo(4);
        assertThat(drain(box)).containsExactly("a", "b", "c", "d");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void removeAll_removesMatchesWherever_theyAre(String name, Supplier<Mailbox> make) {
        Mailbox box = make.get();
        for (Object o : List.of("a", 1, "b", 2)) {
            box.offer(msg(o));
        }
        box.poll(e -> "b".equals(e.message())); // leaves "a" and 1 stashed, 2 queued
        List<Object> removed = new ArrayList<>();
        box.removeAll(e -> e.message() instanceof Integer, e -> removed.add(e.message()));
        assertThat(removed).containsExactly(1, 2);
        assertThat(drain(box)).containsExactly("a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void close_refusesLaterOffers(String name, Supplier<Mailbox> make) {
        Mailbox box = make.get();
        box.close();
        assertThat(box.isClosed()).isTrue();
        assertThat(box.offer(msg("late"))).isEqualTo(Mailbox.CLOSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void park_returnsWhenAMessageArrives(String name, Supplier<Mailbox> make) throws Exception {
        Mailbox box = make.get();
        CompletableFuture<Object> got = new CompletableFuture<>();
        CompletableFuture<Void> parking = new CompletableFuture<>();
        Thread consumer = Thread.ofVirtual().unstarted(() -> {
            parking.complete(null);
            for (;;) {
                Envelope e = box.poll();
                if (e != null) {
                    got.complete(e.message());
                    return;
                }
                box.park(Long.MAX_VALUE);
            }
        });
        box.bindOwner(consumer);
        consumer.start();
        parking.get(5, TimeUnit.SECONDS);
        box.offer(msg("wake"));
        assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("wake");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void park_withDeadline_returnsWhenItPasses(String name, Supplier<Mailbox> make) {
        Mailbox box = make.get();
        box.bindOwner(Thread.currentThread());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0) {
            box.park(deadline);
        }
        assertThat(box.poll()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void forEachPending_seesTheEnvelopeTakenLast_andTheQueuedOnes(String name, Supplier<Mailbox> make) {
        Mailbox box = make.get();
        box.offer(msg("w"));
        box.offer(msg("x"));
        box.offer(msg("y"));
        Envelope taken = box.poll(); // "w": its owner may be handling it, so a dead owner must still answer it
        List<Envelope> seen = new ArrayList<>();
        box.forEachPending(seen::add);
        assertThat(seen).first().isSameAs(taken);
        assertThat(seen.stream().skip(1).map(Envelope::message)).containsExactly("x", "y");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailboxes")
    void aTakenEnvelopeThatIsKept_keepsNothingQueuedAfterIt(String name, Supplier<Mailbox> make) {
        // A server that keeps a From to reply later keeps its call's envelope; the messages after it must not stay
        // reachable through it. Before the MPSC mailbox linked a taken envelope to itself, they all did.
        Mailbox box = make.get();
        box.offer(msg("kept"));
        Envelope kept = box.poll();
        List<WeakReference<Envelope>> later = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Envelope e = msg(i);
            later.add(new WeakReference<>(e));
            box.offer(e);
        }
        assertThat(drain(box)).hasSize(1_000);
        box.offer(msg("last")); // the stub the drain left is taken too: nothing taken is the box's any more
        assertThat(box.poll().message()).isEqualTo("last");
        Await.until((BooleanSupplier) () -> {
            System.gc();
            return later.stream().allMatch(r -> r.get() == null);
        }, "every envelope taken after the kept one to be collected");
        assertThat(kept.message()).isEqualTo("kept");
    }

    @Test
    void mpsc_walkers_afterTheEnvelopeTheyStandOnWasTaken_goOnFromTheStub_visitingNothingTwice() {
        MpscMailbox box = new MpscMailbox();
        for (int i = 0; i < 10; i++) {
            box.offer(msg(i));
        }
        List<Object> seen = new ArrayList<>();
        box.forEachQueued(e -> {
            seen.add(e.message());
            if (Integer.valueOf(2).equals(e.message())) {
                for (int i = 0; i < 5; i++) {
                    box.poll(); // the owner takes 0-4 while the walk stands on 2
                }
            }
        });
        // the first stub (no message), 0, 1, 2; then 4, the stub now (the owner may be handling it), and the rest
        assertThat(seen).containsExactly(null, 0, 1, 2, 4, 5, 6, 7, 8, 9);
        assertThat(box.queueLength()).isEqualTo(5);
        assertThat(drain(box)).containsExactly(5, 6, 7, 8, 9);
        assertThat(box.queueLength()).isZero();
    }
}
