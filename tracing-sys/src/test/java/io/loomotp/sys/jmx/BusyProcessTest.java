package io.loomotp.sys.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.ProcessStatus;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.sys.Counter;
import io.loomotp.sys.CounterRef;
import io.loomotp.sys.TracingSys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's commands on a process busy in a handler, which takes a sys request only when the handler returns:
 * a request that timed out is carried out later, so what the tools answer and track must hold then too (a new
 * operator's findings: a trace left on for good, offs said to be queued that never went, a resume refused while the
 * suspend it should follow was still queued).
 */
@ExtendWith(NodeExtension.class)
class BusyProcessTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static NodeControl control(TracingSys tools) {
        NodeControl c = tools.control();
        c.sysTimeout(Duration.ofMillis(300));
        return c;
    }

    /** A server named counter, busy in its handler (it takes no sys request) until {@code release} counts down. */
    private static CounterRef busyCounter(Node node, CountDownLatch release) throws InterruptedException {
        CounterRef c = CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
        CountDownLatch entered = new CountDownLatch(1);
        c.block(entered, release);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        return c;
    }

    private static List<String> debug(CounterRef c) {
        return SysCalls.getStatus(c.pid(), T).debug();
    }

    @Test
    void commandsThatTimedOut_endAsTheOperatorLastAsked_onceTheHandlerReturns(Node node) throws Exception {
        try (TracingSys tools = TracingSys.install(node)) {
            NodeControl bean = control(tools);
            CountDownLatch release = new CountDownLatch(1);
            CounterRef c = busyCounter(node, release);
            long session = bean.openSession();
            assertThatThrownBy(() -> bean.trace("counter", true, session)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not answer").hasMessageContaining("carried out if it gets to it");
            assertThat(bean.trace("counter", false, session)).startsWith("counter (" + c.pid() + ") is busy")
                    .endsWith("trace is switched off when it gets to the request, which waits in its mailbox");
            assertThat(bean.statsOff("counter")).contains("statistics is switched off when it gets to the request");
            assertThatThrownBy(() -> bean.stats("counter")).hasMessageEndingWith("nothing was changed");
            assertThatThrownBy(() -> bean.suspend("counter")).hasMessageContaining("carried out if it gets to it");
            // the suspend waits in its mailbox: the resume goes behind it instead of being refused
            assertThatThrownBy(() -> bean.resume("counter")).hasMessageContaining("carried out if it gets to it");
            release.countDown();
            Await.until(() -> debug(c).isEmpty() && node.info(c.pid()).status() != ProcessStatus.SUSPENDED,
                    "the queued requests to be carried out, ending untraced and running");
            assertThat(c.get()).isZero(); // answers: not suspended
            bean.closeSession(session);
        }
    }

    @Test
    void aTraceThatTimedOut_isTheSessionsStill_andEndsWithIt(Node node) throws Exception {
        try (TracingSys tools = TracingSys.install(node)) {
            NodeControl bean = control(tools);
            CountDownLatch release = new CountDownLatch(1);
            CounterRef c = busyCounter(node, release);
            long session = bean.openSession();
            assertThatThrownBy(() -> bean.trace("counter", true, session)).isInstanceOf(IllegalStateException.class);
            release.countDown();
            Await.until(() -> debug(c).contains("trace"), "the late trace to start");
            c.inc();
            Await.until(() -> List.of(bean.poll(session)).stream().anyMatch(l -> l.contains("inc")),
                    "its lines to reach the session that asked");
            bean.closeSession(session);
            assertThat(debug(c)).isEmpty();
        }
    }
}
