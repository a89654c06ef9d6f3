package io.loomotp.runtime.internal;

import io.loomotp.Overflow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
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
}
