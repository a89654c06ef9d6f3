package io.loomotp.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.ChildType;
import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.SupervisorReport;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cases of OTP's {@code supervisor_SUITE} about what a child's start answers, how children are counted, and the
 * link between a supervisor and its child; each test is named after the case it follows.
 */
@ExtendWith(NodeExtension.class)
class SupervisorChildrenSuiteTest {
    private static final Duration LONG = Duration.ofHours(1);

    private static SupervisorFlags flags(Strategy strategy) {
        return new SupervisorFlags(strategy, 2, LONG);
    }

    /** A start that answers {@code info} with the pid, as {@code supervisor_1:start_child(extra_info)}. */
    private static ChildStart withInfo(Kids kids, Object info) {
        return ChildStart.withInfo(args -> new Started(kids.spawn("child", false), info));
    }

    private static ChildCount count(int specs, int active, int supervisors, int workers) {
        return new ChildCount(specs, active, supervisors, workers);
    }

    @Test
    void child_adm_simple_countsOneSpec_whateverTheChildren(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.SIMPLE_ONE_FOR_ONE),
                ChildSpec.worker("child", kids.plain("child"))));
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 0, 0, 0));
        Pid c1 = Supervisor.startChild(sup, List.of());
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 1, 0, 1));
        Supervisor.startChild(sup, List.of());
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 2, 0, 2));
        Supervisor.terminateChild(sup, c1);
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 1, 0, 1));
        // "Terminate non-existing process is ok"; a live process that is no child is still not found
        Supervisor.terminateChild(sup, c1);
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 1, 0, 1));
        Pid stranger = node.spawn(() -> Process.receive());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Supervisor.terminateChild(sup, stranger))
                .isInstanceOf(SupervisorException.class).hasMessageContaining("not_found");
        node.exit(stranger, io.loomotp.runtime.ExitReason.KILL);
    }

    @Test
    void whichChildren_ofADeadSupervisor_noprocNamesTheRequestAsOtpDoes(Node node) {
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.ONE_FOR_ONE)));
        node.exit(sup, io.loomotp.runtime.ExitReason.KILL);
        Await.until(() -> !node.isAlive(sup), "the supervisor dead");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Supervisor.whichChildren(sup))
                .isInstanceOf(io.loomotp.runtime.NoProcessException.class)
                .hasMessageContaining("call which_children").hasMessageNotContaining("WhichChildren");
    }

    @Test
    void count_children_ofASimpleSupervisorOfSupervisors_areSupervisors(Node node) {
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.SIMPLE_ONE_FOR_ONE),
                ChildSpec.supervisor("sub", args -> Supervisor.startLink(
                        () -> SupervisorSpec.of(SupervisorFlags.defaults())))));
        Pid first = Supervisor.startChild(sup, List.of());
        Supervisor.startChild(sup, List.of());
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 2, 2, 0));
        assertThat(Supervisor.getChildSpec(sup, "sub").type()).isEqualTo(ChildType.SUPERVISOR);
        assertThat(Supervisor.getChildSpec(sup, first).id()).isEqualTo("sub"); // get_childspec(Sup, Pid)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Supervisor.getChildSpec(sup, sup))
                .isInstanceOf(SupervisorException.class).hasMessageContaining("not_found");
    }

    @Test
    void which_children_simple_labelsEachChildAsItsReportsNameIt(Node node, NodeExtension.Reports reports) {
        // OTP's which_children answers undefined for the id of a simple_one_for_one child, and its reports give the
        // template's id with the start call's extra arguments under mfargs (supervisor.erl's extract_child); tools
        // show the label made of both, so that one child has one name in tree, list and the reports
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.SIMPLE_ONE_FOR_ONE),
                ChildSpec.worker("phone", kids.plain("phone"))));
        Pid phone = Supervisor.startChild(sup, List.of("100003"));
        ChildInfo info = Supervisor.whichChildren(sup).getFirst();
        assertThat(info.id()).isNull();
        assertThat(info.label()).isEqualTo("phone[100003]");
        Process.send(phone, "crash");
        SupervisorReport report = reports.await(SupervisorReport.class);
        assertThat(report.offender().id()).isEqualTo("phone");
        assertThat(report.offender().args()).containsExactly("100003");
        assertThat(report.offender().label()).isEqualTo(info.label());
        assertThat(report.offender().toString()).contains("{id,phone}, {mfargs,[100003]}");
    }

    @Test
    void which_children_static_labelIsTheId(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.ONE_FOR_ONE),
                ChildSpec.worker("frequency", kids.plain("frequency"))));
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::label).containsExactly("frequency");
    }

    @Test
    void simple_one_for_one_extra(Node node) {
        // a start that answers {ok, Pid, extra_info}: startChild passes the info on, and the supervisor restarts the
        // child as any other
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.SIMPLE_ONE_FOR_ONE),
                ChildSpec.worker("child", withInfo(kids, "extra_info"))));
        Started c1 = Supervisor.startChildWithInfo(sup, List.of());
        Started c2 = Supervisor.startChildWithInfo(sup, List.of());
        assertThat(c1.info()).isEqualTo("extra_info");
        assertThat(c2.info()).isEqualTo("extra_info");
        Process.send(c1.pid(), "crash");
        Await.until(() -> Supervisor.whichChildren(sup).stream().map(ChildInfo::pid).filter(Objects::nonNull)
                .anyMatch(p -> !p.equals(c1.pid()) && !p.equals(c2.pid())), "child1 restarted");
        assertThat(Supervisor.whichChildren(sup)).hasSize(2).extracting(ChildInfo::pid).contains(c2.pid());
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 2, 0, 2));
        // the plain startChild answers the pid alone
        assertThat(Supervisor.startChild(sup, List.of())).isNotNull();
    }

    @Test
    void extra_return(Node node) {
        // the info is handed, unchanged, to start_child and restart_child, and ignored otherwise
        Kids kids = new Kids();
        ChildSpec child1 = ChildSpec.worker("child1", withInfo(kids, "extra_return"));
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.ONE_FOR_ONE), child1));
        Pid first = Supervisor.whereis(sup, "child1");
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 1, 0, 1));
        Supervisor.terminateChild(sup, "child1");
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 0, 0, 1));

        Started again = Supervisor.restartChildWithInfo(sup, "child1");
        assertThat(again.info()).isEqualTo("extra_return");
        assertThat(again.pid()).isNotEqualTo(first).isEqualTo(Supervisor.whereis(sup, "child1"));

        Supervisor.terminateChild(sup, "child1");
        Supervisor.deleteChild(sup, "child1");
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(0, 0, 0, 0));
        Started third = Supervisor.startChildWithInfo(sup, child1);
        assertThat(third.info()).isEqualTo("extra_return");
        // it can be restarted automatically
        Process.send(third.pid(), "crash");
        Pid fourth = Await.until(() -> {
            Pid p = Supervisor.whereis(sup, "child1");
            return p != null && !p.equals(third.pid()) ? p : null;
        }, "child1 restarted");
        assertThat(fourth).isNotNull();
        assertThat(Supervisor.countChildren(sup)).isEqualTo(count(1, 1, 0, 1));
    }

    @Test
    void extra_return_ignore_answersNull(Node node) {
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.ONE_FOR_ONE)));
        assertThat(Supervisor.startChildWithInfo(sup, ChildSpec.worker("none",
                ChildStart.withInfo(args -> null)))).isNull();
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::status)
                .containsExactly(ChildInfo.Status.UNDEFINED);
    }

    /** OTP's {@code naughty_child}: a gen_server that unlinks itself from its supervisor in its init. */
    private static ServerCallbacks<Object> naughtyChild(Pid supervisor) {
        return new ServerCallbacks<>() {
            @Override
            public InitResult init(Object state) {
                Process.unlink(supervisor);
                return InitResult.ok();
            }
        };
    }

    @Test
    void child_unlink(Node node) {
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(Strategy.ONE_FOR_ONE)));
        Pid child = Supervisor.startChild(sup, ChildSpec.worker("naughty_child", () -> GenServer.startLink(
                naughtyChild(Process.self()), Object::new, StartOptions.defaults())));
        // OTP's supervisor does not link the child again once its start returned: the unlink stands
        assertThat(node.info(sup).links()).doesNotContain(child);
        assertThat(node.info(child).links()).doesNotContain(sup);
        // and stopping it does not hang: the supervisor monitors the child while it shuts it down
        Supervisor.terminateChild(sup, "naughty_child");
        assertThat(node.isAlive(child)).isFalse();
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::status)
                .containsExactly(ChildInfo.Status.UNDEFINED);
        assertThat(node.isAlive(sup)).isTrue();
    }
}
