package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The codec's lock-free pool: an object is never held twice, and the pool keeps at most its slots. */
class FreeSlotsTest {
    /** A pooled object that knows whether somebody holds it. */
    static final class Held {
        final AtomicBoolean held = new AtomicBoolean();
    }

    @Test
    void obtain_onAnEmptyPool_makesOne_andAFreedOneIsTakenAgain() {
        AtomicInteger made = new AtomicInteger();
        FreeSlots<Held> pool = new FreeSlots<>(4, () -> {
            made.incrementAndGet();
            return new Held();
        });
        Held a = pool.obtain();
        pool.free(a);

        assertThat(pool.obtain()).isSameAs(a);
        assertThat(made).hasValue(1);
    }

    @Test
    void free_beyondItsSlots_dropsTheRest() {
        FreeSlots<Held> pool = new FreeSlots<>(3, Held::new); // rounded up to 4
        List<Held> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(pool.obtain());
        }
        out.forEach(pool::free);

        assertThat(pool.free()).isEqualTo(4);
    }

    @Test
    void obtainAndFree_fromManyThreadsAtOnce_neverHandOneObjectToTwo() throws InterruptedException {
        FreeSlots<Held> pool = new FreeSlots<>(4, Held::new);
        AtomicInteger twice = new AtomicInteger();
        int threads = 8;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        Held h = pool.obtain();
                        if (!h.held.compareAndSet(false, true)) {
                            twice.incrementAndGet();
                        }
                        h.held.set(false);
                        pool.free(h);
                    }
                } finally {
                    done.countDown();
                }
            });
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(twice).hasValue(0);
        assertThat(pool.free()).isBetween(1, 4);
    }
}
