package io.loomotp.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many servers whose handlers block where the runtime cannot see (a lock, I/O; here a latch): the watchdog starts
 * surplus workers beside the replacements of those it retires, so that what is queued behind the blocked handlers
 * is not taken one tick per handler (a new user's finding: 500 handlers in {@code Thread.sleep} held an unrelated call
 * for 529 ms); and the surplus workers end once there is no work, so the pool returns to its size.
 */
@ExtendWith(NodeExtension.class)
class SurplusWorkersTest {
    private static final int BLOCKED = 64;

    @Test
    void manyHandlersBlocked_surplusWorkersTakeThem_thenEnd(Node node) throws Exception {
        assumeTrue(Workers.ENABLED, "-Dloomotp.workers=false");
        CountDownLatch entered = new CountDownLatch(BLOCKED);
        CountDownLatch release = new CountDownLatch(1);
        ServerCallbacks<Object> blocking = new ServerCallbacks<>() {
            @Override
            public void handleCast(Object state, Object message) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Pid idle = GenServer.start(node, new ServerCallbacks<Object>() {
            @Override
            public Object handleCall(Object state, Object request, io.loomotp.runtime.From from) {
                return "answered";
            }
        }, Object::new);
        long startedBefore = Workers.surplusStarted();
        try {
            for (int i = 0; i < BLOCKED; i++) {
                GenServer.cast(GenServer.start(node, blocking, Object::new), "block");
            }
            // every handler runs, and an unrelated call is answered, while all of them are still blocked
            assertThat(entered.await(20, TimeUnit.SECONDS)).as("every blocked handler began").isTrue();
            assertThat(GenServer.call(idle, "hello", Duration.ofSeconds(10))).isEqualTo("answered");
            assertThat(release.getCount()).isEqualTo(1);
            assertThat(Workers.surplusStarted() - startedBefore).as("surplus workers started").isPositive();
        } finally {
            release.countDown();
        }
        // the surplus workers end once they find no work
        Await.until(() -> Workers.surplus() == 0, "the surplus workers to end");
    }
}
