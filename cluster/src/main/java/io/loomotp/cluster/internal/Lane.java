package io.loomotp.cluster.internal;

import io.loomotp.runtime.remote.LocalEnd;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The outbound path to one other node: a combining writer. Every frame to that node is queued here, in the order its
 * senders queued it, and whoever holds the lane's write flag takes all the frames queued so far and sends them as one
 * JGroups message (one {@link Op#BATCH} frame; a single frame goes as itself), so that a flood of casts costs one
 * socket write per batch, not per cast, as Erlang's distribution port gathers a connection's queued messages into one
 * write. See docs/adr/0023-combining-writer.md.
 *
 * <p>Who writes. A sender that queues a frame and finds the flag free takes it:
 * <ul>
 *   <li>an <em>urgent</em> frame (a call, a reply, a failed call, a spawn or its reply: a process waits for its
 *       answer) is written by its own sender at once, with whatever was queued before it, so a lone call pays one
 *       queue offer and one compare-and-set more than a direct send, and no thread hand-off (if others keep queueing
 *       frames meanwhile, the sender hands the flag to a writer thread after a few messages); but not when the sender
 *       is a virtual thread and other processes of this JVM have been woken and not run yet ({@link #othersWoken}):
 *       then it goes to a writer thread, as any other frame, and the frames those processes send meanwhile (the next
 *       calls of many callers whose replies came in one batch) go out in the same write. ADR 0023's amendment;
 *       W10's 100 callers ran 1.18x faster (median of eight pairs);
 *   <li>any other frame (a message, a signal) is handed to a writer (a new virtual thread), and its sender returns:
 *       the frames later senders queue meanwhile go out with it, in one write;
 *   <li>on a connection's receive thread (the JGroups reader, which must never wait, ADR 0017) every frame is handed to
 *       a writer, so the reader no longer writes at all.
 * </ul>
 * A sender that finds the flag taken leaves its frame for the holder, which drains the queue until it is empty, drops
 * the flag, and looks once more (a frame queued between its last look and the drop would otherwise wait for the next
 * sender).
 *
 * <p>Order. One queue per node, one holder of the flag at a time, and batches sent in queue order, each batch's frames
 * in queue order: frames reach JGroups' UNICAST3 in the order they were queued, so the frames of one sender (and so
 * every message and signal between a pair of processes) keep their order, as before (ADR 0011).
 *
 * <p>Back-pressure. A sender no longer waits for its own write, so a producer faster than the connection could queue
 * without bound; as Erlang suspends a process that sends on a busy distribution port ({@code dist_buf_busy_limit},
 * 1 MiB by default), a sender of a message or signal that finds more than {@link #BUSY_BYTES} queued waits until the
 * writer has brought it below. The receive thread never waits (its frames are few: answers and signals); nor does a
 * caller, whose frame goes out first among those it meets.
 *
 * <p>Threading: {@link #send} from any thread; the queue is lock-free (many producers, one consumer: the holder); the
 * holder's batch list is touched only under the flag, whose compare-and-set and volatile clear order it between
 * holders.
 */
final class Lane {
    /** Where a lane's messages go: one JGroups message to its node. */
    interface Wire {
        void write(byte[] message);
    }

    /** A batch is closed at this size (bytes of frames); a frame larger than this goes alone. */
    static final int MAX_BATCH_BYTES = 64 * 1024;
    /** How many messages an urgent frame's sender writes at most before it hands the rest to a writer thread. */
    static final int INLINE_MESSAGES = 4;
    /** Queued bytes above which a sender that may wait does, until the writer has brought them below. */
    static final long BUSY_BYTES = 1 << 20;

    private final Wire wire;
    /** Whether processes have been woken and not run yet ({@code LocalEnd::othersWoken}; a test may fix it). */
    private final BooleanSupplier othersWoken;
    /** Whether the sending process has more messages waiting ({@code LocalEnd::selfHasMessages}; a test may fix it). */
    private final BooleanSupplier moreToAnswer;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Bytes of the frames queued and not yet taken by a holder. */
    private final AtomicLong queued = new AtomicLong();
    /** The slow path of back-pressure: senders waiting for {@link #queued} to fall to the limit. */
    private final ReentrantLock busy = new ReentrantLock();
    private final Condition belowLimit = busy.newCondition();
    /** Senders waiting on {@link #belowLimit} (changed under {@link #busy}), so a writer signals only if some do. */
    private volatile int waiters;
    /** The frames of the batch being built (only by the flag's holder). */
    private final ArrayList<byte[]> batch = new ArrayList<>();
    private final Runnable drain = this::drain;
    /** Messages written with more than one frame in them (by the flag's holder only; read by tests). */
    private volatile long batches;

    Lane(Wire wire) {
        this(wire, LocalEnd::othersWoken, LocalEnd::selfHasMessages);
    }

    Lane(Wire wire, BooleanSupplier othersWoken) {
        this(wire, othersWoken, () -> false);
    }

    Lane(Wire wire, BooleanSupplier othersWoken, BooleanSupplier moreToAnswer) {
        this.wire = wire;
        this.othersWoken = othersWoken;
        this.moreToAnswer = moreToAnswer;
    }

    /** Whether a frame is one a process waits on the answer of, so that its sender writes it at once. */
    static boolean urgent(byte[] frame) {
        byte op = frame[0];
        return op == Op.CALL || op == Op.CALL_NAMED || op == Op.REPLY || op == Op.CALL_FAILED || op == Op.SPAWN || op == Op.SPAWN_REPLY;
    }

    /**
     * Queues a frame; writes it (and what was queued before it) on this thread if it is urgent and no write is in
     * progress and {@code mayWrite} and, on a virtual thread, no other process is woken; else leaves it to the holder
     * of the flag or to a new writer thread.
     */
    void send(byte[] frame, boolean mayWrite) {
        queue.offer(frame);
        long bytes = queued.addAndGet(frame.length);
        // read the flag before trying to take it: while a writer holds it (a flood), a read shares its cache line
        // with the writer, where a failed compare-and-set would take the line from it at every frame
        if (writing.get() || !writing.compareAndSet(false, true)) {
            if (bytes > BUSY_BYTES && mayWrite && !urgent(frame)) {
                awaitBelowLimit();
            }
            return; // the holder sends it
        }
        if (mayWrite && urgent(frame) && !(Thread.currentThread().isVirtual() && (othersWoken.getAsBoolean()
                || frame[0] == Op.REPLY && moreToAnswer.getAsBoolean()))) {
            writeInline();
        } else {
            startWriter();
        }
    }

    /**
     * The urgent sender's share: at most {@link #INLINE_MESSAGES} messages (its own frame is in the first, but for
     * the few frames queued by senders that lost the race for the flag just before it), then, if frames are still
     * queued (a flood from other senders), the flag goes to a writer thread, so a caller does not write others' frames
     * for long before it waits for its reply.
     */
    private void writeInline() {
        for (;;) {
            boolean more;
            try {
                more = flush(INLINE_MESSAGES);
            } catch (RuntimeException | Error e) {
                writing.set(false);
                throw e;
            }
            if (more) {
                startWriter();
                return;
            }
            writing.set(false);
            if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Waits (interruptibly: a killed process stops waiting) until the queue is at most {@link #BUSY_BYTES}. */
    private void awaitBelowLimit() {
        busy.lock();
        try {
            waiters++;
            while (queued.get() > BUSY_BYTES) {
                belowLimit.await(100, TimeUnit.MILLISECONDS); // signalled by the writer; the bound is a safety net
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the frame is queued and goes out; the sender stops waiting
        } finally {
            waiters--;
            busy.unlock();
        }
    }

    /** Called by the holder once it has taken {@code bytes} of frames off the queue. */
    private void taken(int bytes) {
        if (queued.addAndGet(-bytes) <= BUSY_BYTES && waiters > 0) {
            busy.lock();
            try {
                belowLimit.signalAll();
            } finally {
                busy.unlock();
            }
        }
    }

    private void startWriter() {
        Thread.ofVirtual().name("loomotp-writer").start(drain);
    }

    /** A writer thread's loop: sends every queued frame, then drops the flag. */
    private void drain() {
        for (;;) {
            try {
                flush(Integer.MAX_VALUE);
            } finally {
                writing.set(false);
            }
            if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Writes queued frames, at most {@code messages} messages of them; true if frames are left in the queue. */
    private boolean flush(int messages) {
        byte[] f;
        for (int written = 0; written < messages; written++) {
            if ((f = queue.poll()) == null) {
                return false;
            }
            byte[] next = queue.poll();
            if (next == null || f.length + next.length > MAX_BATCH_BYTES) {
                taken(f.length + (next == null ? 0 : next.length));
                wire.write(f);
                if (next != null) {
                    wire.write(next);
                    written++;
                }
                continue;
            }
            batch.add(f);
            batch.add(next);
            int bytes = f.length + next.length;
            while ((f = queue.peek()) != null && bytes + f.length <= MAX_BATCH_BYTES) {
                batch.add(queue.poll());
                bytes += f.length;
            }
            taken(bytes);
            try {
                wire.write(pack(batch, bytes));
            } finally {
                batch.clear();
            }
            batches++; // one holder at a time: no lost update
        }
        return !queue.isEmpty();
    }

    /** How many messages this lane has written with more than one frame in them. */
    long batches() {
        return batches;
    }

    /** One {@link Op#BATCH} frame: the op, then each frame as its length (unsigned varint) and its bytes. */
    static byte[] pack(java.util.List<byte[]> frames, int bytes) {
        byte[] out = new byte[1 + bytes + 5 * frames.size()];
        out[0] = Op.BATCH;
        int p = 1;
        for (byte[] f : frames) {
            int n = f.length;
            while ((n & ~0x7F) != 0) {
                out[p++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            out[p++] = (byte) n;
            System.arraycopy(f, 0, out, p, f.length);
            p += f.length;
        }
        return p == out.length ? out : java.util.Arrays.copyOf(out, p);
    }

    /** What a batch's frames are handed to, one by one, in order. */
    interface FrameSink {
        void frame(byte[] bytes, int offset, int length);
    }

    /**
     * Hands each frame of a {@link Op#BATCH} frame ({@code bytes[offset]} is the op) to {@code sink}, in order.
     *
     * @throws IllegalArgumentException if a length runs past the end: the batch is malformed (the frames before it
     *     have been handed over)
     */
    static void unpack(byte[] bytes, int offset, int length, FrameSink sink) {
        int p = offset + 1;
        int end = offset + length;
        while (p < end) {
            int n = 0;
            for (int shift = 0; ; shift += 7) {
                if (p >= end || shift > 28) {
                    throw new IllegalArgumentException("malformed batch: a frame length runs past its end");
                }
                byte b = bytes[p++];
                n |= (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            if (n <= 0 || n > end - p) {
                throw new IllegalArgumentException("malformed batch: frame of " + n + " bytes, " + (end - p) + " left");
            }
            sink.frame(bytes, p, n);
            p += n;
        }
    }
}
