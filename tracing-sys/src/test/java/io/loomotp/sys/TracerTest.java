package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
