package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the runtime offers tools that watch it: counters, start hooks, statuses, and bounded reports. */
@ExtendWith(NodeExtension.class)
class ObservabilityTest {

    /** A server whose state is a long string, and which crashes on "crash". */
    static final class Big implements ServerCallbacks<StringBuilder> {
        @Override
        public Object handleCall(StringBuilder s, Object request, From from) {
            if ("crash".equals(request)) {
                throw new IllegalStateException("crashed with a big state");
            }
            return s.length();
        }

        @Override
        public String formatState(StringBuilder s) {
            return s.toString();
        }
    }

    private static Pid big(Node node) {
        return GenServer.start(node, new Big(), () -> new StringBuilder("x".repeat(10_000)), StartOptions.defaults());
    }

    @Test
    void anIdleServer_isWaiting_evenWhenItHasNoThread(Node node) {
        Pid server = big(node);
        GenServer.call(server, "len");
        Await.until(() -> node.counters(server).status() == ProcessStatus.WAITING, "the server to wait");
        assertThat(node.info(server).status()).isEqualTo(ProcessStatus.WAITING);
        assertThat(GenServer.call(server, "len")).isEqualTo(10_000);
        ProcessCounters c = node.counters(server);
        assertThat(c.messagesIn()).isEqualTo(2);
        assertThat(c.mailboxLength()).isZero();
    }

    @Test
    void startHooks_hearOfEveryBehaviourThatStarted(Node node) throws Exception {
        List<Pid> started = new CopyOnWriteArrayList<>();
        try (AutoCloseable _ = node.onBehaviourStart(started::add)) {
            Pid a = big(node);
            Pid ignored = GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public InitResult init(Object s) {
                    return InitResult.ignore();
                }
            }, Object::new, StartOptions.defaults());
            assertThat(ignored).isNull();
            assertThat(started).containsExactly(a);
        }
        big(node);
        assertThat(started).hasSize(1);
    }

    @Test
    void crashReports_cutTheStateToTheLimit_andSaySo(Node node, Reports reports) {
        node.reportLimits(100, 50);
        Pid server = big(node);
        try {
            GenServer.call(server, "crash");
        } catch (ProcessExitException expected) {
            // the caller learns of the crash
        }
        CrashReport r = reports.await(CrashReport.class);
        assertThat(r.state()).hasSize(100 + "... (9900 more characters)".length())
                .endsWith("... (9900 more characters)");
    }

    @Test
    void theLoggerCannotBeFlooded_butHandlersGetEveryReport(Node node, Reports reports) {
        node.logReports(true);
        node.reportLimits(4096, 3);
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.report")) {
            for (int i = 0; i < 20; i++) {
                Pid server = big(node);
                try {
                    GenServer.call(server, "crash");
                } catch (ProcessExitException expected) {
                    // each caller learns of its server's crash
                }
            }
            Await.until(() -> reports.of(CrashReport.class).size() == 20, "twenty crash reports");
            // handlers get a report before the logger counts it: wait until each is either logged or counted out
            long[] notLogged = new long[1];
            Await.until(() -> {
                notLogged[0] = io.loomotp.runtime.internal.Starts.runtime(node).reports().notLogged();
                return crashLines(log) + notLogged[0] == 20;
            }, "every report logged or counted as not logged");
            node.logReports(false);
            // then: at most 3 a second reached the log (the loop may span more than one second on a slow machine)
            assertThat(notLogged[0]).isPositive();
            assertThat(crashLines(log)).isGreaterThanOrEqualTo(3).isLessThan(20);
        }
    }

    private static long crashLines(LogCapture.Capture log) {
        return log.events().stream().filter(e -> e.logger().equals("io.loomotp.report.crash")).count();
    }
}
