package io.loomotp.runtime.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.ApplicationReport;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start phases, as the book's {@code bsc} has them ({@code {start_phases, [{init, []}, {admin, []}, {oper, []}]}}) and
 * OTP's {@code application_starter} runs them: in order, after the top supervisor has started and before the start
 * returns; one that fails fails the start.
 */
@ExtendWith(NodeExtension.class)
class StartPhasesTest {
    private static final Duration T = Duration.ofSeconds(10);

    /** A tree of one worker that answers {@code "ping"}; each phase asks it, and records what it was given. */
    static final class Phased implements Application {
        final String name;
        final List<StartPhase> phases;
        final String failIn;
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile Pid top;
        volatile Pid worker;

        Phased(String name, List<StartPhase> phases, String failIn) {
            this.name = name;
            this.phases = phases;
            this.failIn = failIn;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<StartPhase> startPhases() {
            return phases;
        }

        @Override
        public Pid start(Config config) {
            top = Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.defaults(),
                    ChildSpec.worker("echo", () -> worker = Process.spawnLink(() -> {
                        for (;;) {
                            if (Process.receive() instanceof Pid asker) {
                                Process.send(asker, "pong");
                            }
                        }
                    }))));
            seen.add("start");
            return top;
        }

        @Override
        public void startPhase(String phase, StartType type, Object args) {
            Process.send(worker, Process.self());
            Object answer = Process.receive(m -> m.equals("pong"), T);
            seen.add(phase + "(" + type + "," + args + ")=" + answer);
            if (phase.equals(failIn)) {
                throw new IllegalStateException("no admin console");
            }
        }
    }

    @Test
    void phases_runInOrder_afterTheTreeIsUp_beforeTheStartReturns(Node node) {
        Phased bsc = new Phased("bsc", List.of(StartPhase.of("init"), StartPhase.of("admin", List.of("console")),
                StartPhase.of("oper")), null);
        Pid top = node.start(bsc);
        assertThat(top).isEqualTo(bsc.top);
        assertThat(bsc.seen).containsExactly("start", "init(normal,null)=pong", "admin(normal,[console])=pong",
                "oper(normal,null)=pong");
        assertThat(Applications.whichApplications(node)).contains("bsc");
        assertThat(Applications.getKey(node, "bsc", "start_phases")).contains(bsc.phases);
    }

    @Test
    void aPhaseThatThrows_failsTheStart_naming_itsPhase_stopsTheTree_andRunsNoLaterPhase(Node node, Reports reports) {
        Phased bsc = new Phased("bsc_bad", List.of(StartPhase.of("init"), StartPhase.of("admin"),
                StartPhase.of("oper")), "admin");
        assertThatThrownBy(() -> node.start(bsc))
                .isInstanceOfSatisfying(ApplicationStartException.class, e -> {
                    assertThat(e.application()).isEqualTo("bsc_bad");
                    assertThat(e.getMessage()).contains("its start phase admin failed")
                            .contains(".startPhase(\"admin\", normal, null)").contains("no admin console");
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                });
        assertThat(bsc.seen).containsExactly("start", "init(normal,null)=pong", "admin(normal,null)=pong");
        Await.until(() -> !node.isAlive(bsc.top) && !node.isAlive(bsc.worker), "the tree stopped");
        assertThat(Applications.whichApplications(node)).doesNotContain("bsc_bad");
        ApplicationReport r = Await.until(() -> reports.of(ApplicationReport.class).stream()
                .filter(a -> a.application().equals("bsc_bad")).findFirst().orElse(null), "the start-failure report");
        assertThat(r.detail()).contains("application_start_failure");
        assertThat(node.isClosed()).isFalse(); // temporary
    }

    @Test
    void noPhases_byDefault_andGetKeyAnswersEmpty(Node node) {
        Phased plain = new Phased("plain", List.of(), null);
        node.start(plain);
        assertThat(plain.seen).containsExactly("start");
        assertThat(Applications.getKey(node, "plain", "start_phases")).isEqualTo(Optional.empty());
    }

    @Test
    void aPhaseWithoutAName_isRefused() {
        assertThatThrownBy(() -> StartPhase.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a start phase needs a name");
        assertThatThrownBy(() -> StartPhase.of(null)).isInstanceOf(NullPointerException.class);
    }
}
