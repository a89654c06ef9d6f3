package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.testing.Await;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The combining writer on its own, over a fake wire that records each message it is given: who writes, what goes in
 * one batch, and that frames come out whole and in the order they were queued, also under concurrent senders.
 */
class LaneTest {
    /** The messages a lane wrote, in order, and the thread that wrote each. */
    private static final class Recorder implements Lane.Wire {
        final ConcurrentLinkedQueue<byte[]> messages = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Thread> writers = new ConcurrentLinkedQueue<>();
        final AtomicInteger frames = new AtomicInteger();

        @Override
        public void write(byte[] message) {
            writers.add(Thread.currentThread());
            messages.add(message);
            frames.addAndGet(framesOf(message).size());
        }

        /** Every frame written, batches taken apart, in order. */
        List<byte[]> frames() {
            List<byte[]> all = new ArrayList<>();
            for (byte[] m : messages) {
                all.addAll(framesOf(m));
            }
            return all;
        }
    }

    private static List<byte[]> framesOf(byte[] message) {
        if (message[0] != Op.BATCH) {
            return List.of(message);
        }
        List<byte[]> out = new ArrayList<>();
        Lane.unpack(message, 0, message.length, (b, o, n) -> out.add(Arrays.copyOfRange(b, o, o + n)));
        return out;
    }

    /** A frame of kind {@code op} from {@code sender}, numbered {@code seq}, padded to {@code size} bytes. */
    private static byte[] frame(byte op, int sender, int seq, int size) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(9, size));
        b.put(op).putInt(sender).putInt(seq);
        return b.array();
    }

    private static void awaitFrames(Recorder wire, int n) {
        Await.until(() -> wire.frames.get() >= n, n + " frames written");
    }

    @Test
    void send_urgentFrameOnIdleLane_writtenAloneOnTheSendersThread() {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire);
        byte[] call = frame(Op.CALL, 0, 0, 9);

        lane.send(call, true);

        assertThat(wire.messages).containsExactly(call); // not wrapped: a lone frame costs nothing on the wire
        assertThat(wire.writers).containsExactly(Thread.currentThread());
        assertThat(lane.batches()).isZero();
    }

    @Test
    void send_urgentFrameFromAProcessWhileOthersAreWoken_handedToAWriterThread_inOrder() throws Exception {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire, () -> true);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(frame(Op.CALL, 0, i, 9));
        }
        Thread caller = Thread.ofVirtual().start(() -> sent.forEach(f -> lane.send(f, true)));
        caller.join(10_000);

        awaitFrames(wire, sent.size());
        assertThat(wire.writers).doesNotContain(caller);
        assertThat(wire.frames()).containsExactlyElementsOf(sent);
    }

    @Test
    void send_urgentFrameFromAProcessWhenNoneIsWoken_writtenOnItsThread() throws Exception {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire, () -> false);
        byte[] call = frame(Op.CALL, 0, 0, 9);
        Thread caller = Thread.ofVirtual().start(() -> lane.send(call, true));
        caller.join(10_000);

        assertThat(wire.messages).containsExactly(call);
        assertThat(wire.writers).containsExactly(caller);
    }

    @Test
    void send_replyFromAServerWithMoreCallsWaiting_handedToAWriterThread_callsStillWrittenInline() throws Exception {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire, () -> false, () -> true);
        byte[] reply = frame(Op.REPLY, 0, 0, 9);
        byte[] call = frame(Op.CALL, 0, 1, 9);
        Thread server = Thread.ofVirtual().start(() -> lane.send(reply, true));
        server.join(10_000);
        awaitFrames(wire, 1);
        Thread caller = Thread.ofVirtual().start(() -> lane.send(call, true));
        caller.join(10_000);
        awaitFrames(wire, 2);

        // the reply waits for the replies after it (they go out with it); a call's sender writes its own frame
        assertThat(wire.frames()).containsExactly(reply, call);
        assertThat(wire.writers).doesNotContain(server).contains(caller);
    }

    @Test
    void send_replyFromAServerWithNothingElseWaiting_writtenOnItsThread() throws Exception {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire, () -> false, () -> false);
        byte[] reply = frame(Op.REPLY, 0, 0, 9);
        Thread server = Thread.ofVirtual().start(() -> lane.send(reply, true));
        server.join(10_000);

        assertThat(wire.messages).containsExactly(reply);
        assertThat(wire.writers).containsExactly(server);
    }

    @Test
    void send_urgentFrameFromAPlainThreadWhileProcessesAreWoken_writtenOnItsThread() {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire, () -> true);
        byte[] call = frame(Op.CALL, 0, 0, 9);

        lane.send(call, true); // a thread that is not a process does not wait for others' frames

        assertThat(wire.messages).containsExactly(call);
        assertThat(wire.writers).containsExactly(Thread.currentThread());
    }

    @Test
    void send_messageFrame_handedToAWriterThread() {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire);

        lane.send(frame(Op.SEND, 0, 0, 9), true);

        awaitFrames(wire, 1);
        assertThat(wire.writers).doesNotContain(Thread.currentThread());
    }

    @Test
    void send_urgentFrameWithoutMayWrite_handedToAWriterThread() {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire);

        lane.send(frame(Op.REPLY, 0, 0, 9), false); // as on a connection's receive thread

        awaitFrames(wire, 1);
        assertThat(wire.writers).doesNotContain(Thread.currentThread());
    }

    @Test
    void send_framesQueuedDuringAWrite_goOutAsOneBatchInOrder_signalLast() throws Exception {
        // given: a call whose write is held, so that the lane is busy
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Lane lane = new Lane(message -> {
            if (message[0] == Op.CALL) {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            recorder.write(message);
        });
        Thread caller = Thread.ofVirtual().start(() -> lane.send(frame(Op.CALL, 9, 0, 9), true));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        // when: messages, then an exit signal, are queued while it writes
        List<byte[]> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(frame(Op.SEND, 1, i, 20));
        }
        queued.add(frame(Op.EXIT, 1, 100, 12));
        for (byte[] f : queued) {
            lane.send(f, true); // the lane is busy: each returns at once
        }
        release.countDown();
        caller.join(10_000);
        // then: the caller, still holding the flag, wrote them as one batch, in the order queued
        awaitFrames(recorder, 102);
        assertThat(recorder.messages).hasSize(2);
        byte[] batch = recorder.messages.stream().skip(1).findFirst().orElseThrow();
        assertThat(batch[0]).isEqualTo(Op.BATCH);
        assertThat(framesOf(batch)).containsExactlyElementsOf(queued);
        assertThat(recorder.writers).containsOnly(caller);
        assertThat(lane.batches()).isEqualTo(1);
    }

    @Test
    void send_moreThanABatchHolds_splitAtTheLimit_noFrameLostOrReordered() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Lane lane = new Lane(message -> {
            if (message[0] == Op.CALL) {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            recorder.write(message);
        });
        Thread caller = Thread.ofVirtual().start(() -> lane.send(frame(Op.CALL, 9, 0, 9), true));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        List<byte[]> queued = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            queued.add(frame(Op.SEND, 1, i, i == 20 ? Lane.MAX_BATCH_BYTES + 10 : 5_000)); // one larger than a batch
        }
        queued.forEach(f -> lane.send(f, true));
        release.countDown();
        caller.join(10_000);

        awaitFrames(recorder, 41);
        assertThat(recorder.frames().subList(1, 41)).containsExactlyElementsOf(queued);
        for (byte[] m : recorder.messages) {
            assertThat(m.length).isLessThanOrEqualTo(Lane.MAX_BATCH_BYTES + 10 + 5 * 40);
        }
    }

    @Test
    void send_urgentSenderMeetsAFlood_writesAFewMessages_thenHandsTheRestToAWriter() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Lane lane = new Lane(message -> {
            if (message[0] == Op.CALL) {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            recorder.write(message);
        });
        Thread caller = Thread.ofVirtual().start(() -> lane.send(frame(Op.CALL, 9, 0, 9), true));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        List<byte[]> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(frame(Op.SEND, 1, i, 10_000)); // about 16 batches' worth
        }
        queued.forEach(f -> lane.send(f, true));
        release.countDown();
        caller.join(10_000);

        awaitFrames(recorder, 101);
        assertThat(recorder.frames().subList(1, 101)).containsExactlyElementsOf(queued);
        assertThat(recorder.writers.stream().filter(t -> t == caller).count()).isEqualTo(Lane.INLINE_MESSAGES);
        assertThat(recorder.writers).hasSizeGreaterThan(Lane.INLINE_MESSAGES);
    }

    @Test
    void send_moreThanTheBusyLimitQueued_messageSenderWaitsUntilWritten_receiveThreadDoesNot() throws Exception {
        // given: a lane whose holder's write is held
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Lane lane = new Lane(message -> {
            if (message[0] == Op.CALL) {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            recorder.write(message);
        });
        Thread caller = Thread.ofVirtual().start(() -> lane.send(frame(Op.CALL, 9, 0, 9), true));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        // when: a producer queues more than the limit
        int frames = (int) (Lane.BUSY_BYTES / 100_000) + 5;
        AtomicInteger queuedByProducer = new AtomicInteger();
        Thread producer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < frames; i++) {
                lane.send(frame(Op.SEND, 1, i, 100_000), true);
                queuedByProducer.incrementAndGet();
            }
        });
        // then: it waits once past the limit; the receive thread's frame (mayWrite false) is queued without waiting
        Await.until(() -> producer.getState() == Thread.State.WAITING
                || producer.getState() == Thread.State.TIMED_WAITING, "the producer waiting");
        assertThat(queuedByProducer.get()).isLessThan(frames);
        lane.send(frame(Op.DOWN, 2, 0, 100_000), false);
        release.countDown();
        producer.join(10_000);
        caller.join(10_000);
        assertThat(queuedByProducer.get()).isEqualTo(frames);
        awaitFrames(recorder, frames + 2);
    }

    @Test
    void send_concurrentSenders_eachSendersFramesInOrder_noneLostOrDuplicated() throws Exception {
        Recorder wire = new Recorder();
        Lane lane = new Lane(wire);
        int senders = 4;
        int each = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    // every fifth frame a call, written by its sender when the lane is free
                    lane.send(frame(i % 5 == 0 ? Op.CALL : Op.SEND, sender, i, 9), true);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }

        awaitFrames(wire, senders * each);
        int[] next = new int[senders];
        for (byte[] f : wire.frames()) {
            ByteBuffer b = ByteBuffer.wrap(f, 1, 8);
            int sender = b.getInt();
            assertThat(b.getInt()).as("sender %d's next frame", sender).isEqualTo(next[sender]++);
        }
        assertThat(next).containsOnly(each);
    }

    @Test
    void pack_thenUnpack_givesTheFramesBack() {
        List<byte[]> frames = List.of(new byte[] {Op.SEND, 1}, new byte[200], new byte[] {Op.DOWN});
        byte[] batch = Lane.pack(frames, 203);

        assertThat(framesOf(batch)).containsExactlyElementsOf(frames);
    }

    @Test
    void unpack_lengthPastTheEnd_handsOverTheFramesBefore_thenFails() {
        byte[] batch = Lane.pack(List.of(new byte[] {Op.SEND, 1}, new byte[] {Op.SEND, 2}), 4);
        byte[] cut = Arrays.copyOf(batch, batch.length - 1);
        List<byte[]> got = new ArrayList<>();

        assertThatThrownBy(() -> Lane.unpack(cut, 0, cut.length, (b, o, n) -> got.add(Arrays.copyOfRange(b, o, o + n))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed batch");
        assertThat(got).containsExactly(new byte[] {Op.SEND, 1});
    }
}
