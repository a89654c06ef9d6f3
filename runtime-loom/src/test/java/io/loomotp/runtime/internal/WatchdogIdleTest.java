package io.loomotp.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker pool's watchdog backs off while every worker is idle (ADR 0018, stop 45's amendment), so an idle node
 * does not wake a thousand times a second; and it still retires handlers that block where the runtime cannot see once
 * the quiet spell ends, then looks every tick again.
 */
@ExtendWith(NodeExtension.class)
class WatchdogIdleTest {
    private static final ServerCallbacks<Object> ANSWERS = new ServerCallbacks<>() {
        @Override
        public Object handleCall(Object state, Object request, From from) {
            return "answered";
        }
    };

    @Test
    void afterAQuietSpell_blockedHandlersAreStillRetired_andTheTickIsBackToItsLeast(Node node) throws Exception {
        assumeTrue(Workers.ENABLED, "-Dloomotp.workers=false");
        Pid idle = GenServer.start(node, ANSWERS, Object::new);
        assertThat(GenServer.call(idle, "wake the pool", Duration.ofSeconds(10))).isEqualTo("answered");
        // the pool idles: the watchdog's tick grows (whatever other tests left running has ended by then)
        Await.until(() -> Workers.watchdogTick() > Workers.TICK_NANOS, "the watchdog to back off");

        // as many handlers as workers block where the runtime cannot see, with more work behind them
        int blocked = Workers.PARALLELISM + 1;
        CountDownLatch entered = new CountDownLatch(blocked);
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
        List<Pid> servers = new ArrayList<>();
        for (int i = 0; i < blocked; i++) {
            servers.add(GenServer.start(node, blocking, Object::new));
        }
        try {
            servers.forEach(s -> GenServer.cast(s, "block"));
            assertThat(entered.await(20, TimeUnit.SECONDS)).as("every blocked handler began").isTrue();
            assertThat(GenServer.call(idle, "hello", Duration.ofSeconds(10))).isEqualTo("answered");
            assertThat(release.getCount()).as("answered while the handlers were still blocked").isEqualTo(1);
            // the handlers' turns last from one look to the next: the watchdog looks every tick again
            Await.until(() -> Workers.watchdogTick() == Workers.TICK_NANOS, "the watchdog's tick back at its least");
        } finally {
            release.countDown();
        }
    }
}
