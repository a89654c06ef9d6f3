package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rate-limited tracing as recon_trace does it: limits that trip, patterns, new processes, one session a node. */
@ExtendWith(NodeExtension.class)
class TracerTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void clear() {
        lines.clear();
    }

    private static long traced(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("*TRACE*") && !l.contains("tracing off")).count();
    }

    @Test
    void aCountLimit_tripsAndSwitchesTracingOff_sayingSo(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        Tracer.Session s = Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(5), lines::add);
        for (int i = 0; i < 20; i++) {
            c.inc();
        }
        c.get();
        // a stopping session leaves current() when it marks itself stopped, before it writes the line that says
        // so: wait for the line itself
        Await.until(() -> lines.stream().anyMatch(l -> l.contains("tracing off")), "the session's last line");
        assertThat(Tracer.current(node)).isEmpty();
        assertThat(s.isRunning()).isFalse();
        assertThat(traced(lines)).isEqualTo(5);
        assertThat(lines).anyMatch(l -> l.contains("tracing off (limit of 5 lines reached) after 5 lines"));
        Await.until(() -> Sys.on(node).getStatus(c).debug().isEmpty(), "the debug function to be removed");
    }

    @Test
    void aRateLimit_tripsWhenLinesComeFasterThanTheRate(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        Tracer.Session s = Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.rate(3, Duration.ofHours(1)),
                lines::add);
        for (int i = 0; i < 10; i++) {
            c.inc();
        }
        c.get();
        Await.until(() -> lines.stream().anyMatch(l -> l.contains("tracing off")), "the session's last line");
        assertThat(Tracer.current(node)).isEmpty();
        assertThat(traced(lines)).isEqualTo(3);
        assertThat(lines).anyMatch(l -> l.contains("tracing off (rate of 3 lines"));
        assertThat(s.stopReason()).startsWith("rate of 3 lines per 3600000 ms exceeded");
    }

    /** A handler the behaviour lacks is refused as the pattern is made: its trace could never print a line. */
    @Test
    void handler_thatTheBehaviourLacks_refused_namingItsHandlers() {
        assertThatThrownBy(() -> TracePattern.of(Counter.class).handler("nosuch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handler nosuch: Counter has no such handler (its handlers: ");
    }

    /** The line that reaches the limit is written before "tracing off" (a new user saw the notice come first). */
    @Test
    void aCountLimit_theNoticeComesAfterTheLastTracedLine(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        for (int round = 0; round < 10; round++) {
            List<String> seen = new CopyOnWriteArrayList<>();
            Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(3), seen::add);
            for (int i = 0; i < 20; i++) {
                c.inc();
            }
            c.get();
            Await.until(() -> seen.stream().anyMatch(l -> l.contains("tracing off")), "the session's last line");
            assertThat(seen).hasSize(4);
            assertThat(seen.getLast()).contains("tracing off (limit of 3 lines reached) after 3 lines");
        }
    }

    /**
     * A new session replaces the old one on processes already running: the old one's clean-up removes its own
     * functions, never its successor's (a new user saw half of the replacing sessions trace nothing).
     */
    @Test
    void aReplacingSession_tracesTheProcessesAlreadyRunning(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        List<String> first = new CopyOnWriteArrayList<>();
        for (int round = 0; round < 20; round++) {
            Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(1000), first::add);
            Tracer.Session second = Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(1000),
                    lines::add);
            // the first session's clean-up has run once the node's sys requests to c are done: a get is after it
            Await.until(() -> Sys.on(node).getStatus(c).debug().size() == 1, "one tracer function left");
            c.inc();
            c.get();
            int r = round;
            Await.until(() -> traced(lines) >= 2L * (r + 1), "round " + round + " traced by the new session");
            second.stop();
        }
    }

    @Test
    void aSinkThatThrows_endsTheSession_andClearDoesNotThrow(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        Tracer.Session s = Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(100), line -> {
            throw new IllegalStateException("sink broken");
        });
        c.inc();
        Await.until(() -> !s.isRunning(), "the session to stop");
        assertThat(s.stopReason()).contains("its sink failed").contains("sink broken");
        Tracer.Session again = Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(100), line -> {
            throw new IllegalStateException("sink broken");
        });
        Tracer.clear(node); // its last line fails too: no exception, and the session is gone
        assertThat(again.isRunning()).isFalse();
        assertThat(Tracer.current(node)).isEmpty();
    }

    /** recon_trace works beside sys, not through it: sys:no_debug leaves its traces on. */
    @Test
    void noDebug_leavesTheTracersFunction(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(100), lines::add);
        Sys.on(node).noDebug(c);
        c.inc();
        c.get();
        Await.until(() -> traced(lines) >= 2, "the calls traced after no_debug");
        Tracer.clear(node);
    }

    /** A handler pattern matches the handler's messages, not any message whose text mentions it. */
    @Test
    void aHandlerPattern_doesNotMatchAMessageThatMentionsIt(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        Tracer.start(node, TracePattern.of(Counter.class).handler("inc"), TraceLimit.count(100), lines::add);
        node.send(c.pid(), "please inc() soon");
        c.inc();
        c.get();
        Await.until(() -> traced(lines) >= 1, "the inc traced");
        assertThat(lines).noneMatch(l -> l.contains("please"));
        Tracer.clear(node);
    }

    @Test
    void everythingWithoutALimit_isRefused(Node node) {
        assertThatThrownBy(() -> Tracer.start(node, TracePattern.all(), TraceLimit.none(), lines::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could take the node down");
        // a narrow pattern may go without one
        Tracer.start(node, TracePattern.of(Counter.class).handler("get"), TraceLimit.none(), lines::add).stop();
    }

    @Test
    void aPattern_picksHandlersAndMessages_andReplies(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new);
        DoorRef d = DoorRef.start(node, Door::new);
        Tracer.start(node, TracePattern.all().handler("get").withReplies(), TraceLimit.count(100), lines::add);
        c.inc();
        c.get();
        d.toggle();
        // the reply's line is written after the reply is sent (as gen_server's handle_debug of 'out' is), so the
        // caller can be back before it: wait for it, then clear
        Await.until(() -> lines.stream().anyMatch(l -> l.contains("sent 1 to")), "the reply's trace line");
        Tracer.clear(node);
        assertThat(lines).anyMatch(l -> l.contains("got call get()")).anyMatch(l -> l.contains("sent 1 to"))
                .noneMatch(l -> l.contains("inc()")).noneMatch(l -> l.contains("toggle()"));
    }

    /**
     * recon_trace needs nothing of the traced processes; a session here asks each for a debug function, so one busy
     * in a handler cannot take it at once. The start asks them all together and waits 2 s in all (not 2 s each, one
     * after another), says which are pending, and each is traced once it gets to the request.
     */
    @Test
    void busyProcesses_delayTheStartTwoSecondsInAll_areListedPending_andTracedOnceFree(Node node) throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CounterRef busy1 = CounterRef.start(node, Counter::new);
        CounterRef busy2 = CounterRef.start(node, Counter::new);
        CounterRef idle = CounterRef.start(node, Counter::new);
        try {
            busy1.block(entered, release);
            busy2.block(entered, release);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            Tracer.Session s = Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(100), lines::add);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("one wait of 2 s for both, not one each").isLessThan(3_900);
            assertThat(s.traced()).containsExactly(idle.pid());
            assertThat(s.pending()).containsExactlyInAnyOrder(busy1.pid(), busy2.pid());
            assertThat(s.coverage()).isEqualTo("in 1 process, 2 more once they take the request (busy)");

            release.countDown();
            Await.until(() -> s.traced().size() == 3 && s.pending().isEmpty(), "the busy ones to take the request");
            assertThat(s.coverage()).isEqualTo("in 3 processes");
            busy2.inc();
            assertThat(busy2.get()).isEqualTo(1);
            Await.until(() -> lines.stream().anyMatch(l -> l.contains("got cast inc()")), "busy2's trace line");
            Tracer.clear(node);
            Await.until(() -> Sys.on(node).getStatus(busy1).debug().isEmpty(), "busy1's function removed");
        } finally {
            release.countDown();
            Tracer.clear(node);
        }
    }

    @Test
    void itAppliesToProcessesStartedLater(Node node) {
        Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(100), lines::add);
        CounterRef late = CounterRef.start(node, Counter::new);
        late.inc();
        late.get();
        Tracer.clear(node);
        assertThat(lines).anyMatch(l -> l.contains("got cast inc()"));
    }

    @Test
    void oneSessionPerNode_aNewOneReplacesTheOld(Node node) {
        Tracer.Session first = Tracer.start(node, TracePattern.of(Counter.class), TraceLimit.count(100), lines::add);
        Tracer.Session second = Tracer.start(node, TracePattern.of(Door.class), TraceLimit.count(100), lines::add);
        assertThat(first.isRunning()).isFalse();
        assertThat(first.stopReason()).isEqualTo("replaced by a new trace session");
        assertThat(Tracer.current(node)).contains(second);
        Tracer.clear(node);
        assertThat(second.isRunning()).isFalse();
    }
}
