package io.loomotp.cluster.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A pool of a few reusable objects without a lock: a fixed row of slots, each empty or holding one free object, taken
 * and given back with one compare-and-set. A thread starts at a slot chosen by its id, so a connection's reader (one
 * platform thread) keeps finding the object it gave back. When every slot is empty a new object is made; when every
 * slot is full the object given back is dropped for the collector. So an object is never held by two threads, and
 * the pool never blocks or grows beyond its slots.
 *
 * <p>Kryo's own {@code Pool} is a {@code LinkedBlockingQueue}: a lock, and a condition signalled, at every take and
 * every give. In a flood of casts that was a fifth of a connection reader's samples (ADR 0010's second amendment).
 */
final class FreeSlots<T> {
    private final AtomicReferenceArray<T> slots;
    private final int mask;
    private final Supplier<T> create;

    /** @param size how many free objects it keeps, rounded up to a power of two */
    FreeSlots(int size, Supplier<T> create) {
        int n = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(n);
        this.mask = n - 1;
        this.create = create;
    }

    /** A free object, or a new one if none is free. */
    T obtain() {
        int start = start();
        for (int i = 0; i <= mask; i++) {
            int j = (start + i) & mask;
            T t = slots.get(j);
            if (t != null && slots.compareAndSet(j, t, null)) {
                return t;
            }
        }
        return create.get();
    }

    /** Gives {@code t} back; the caller no longer uses it. */
    void free(T t) {
        int start = start();
        for (int i = 0; i <= mask; i++) {
            int j = (start + i) & mask;
            if (slots.get(j) == null && slots.compareAndSet(j, null, t)) {
                return;
            }
        }
    }

    /** How many free objects it holds now (for tests). */
    int free() {
        int n = 0;
        for (int j = 0; j <= mask; j++) {
            n += slots.get(j) != null ? 1 : 0;
        }
        return n;
    }

    private static int start() {
        long id = Thread.currentThread().threadId();
        return (int) (id ^ (id >>> 16)) * 0x9E3779B9 >>> 16;
    }
}
