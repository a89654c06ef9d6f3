package io.loomotp.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.AutoShutdown;
import io.loomotp.Restart;
import io.loomotp.Strategy;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Automatic shutdown on significant children (OTP 24, EEP 56), after {@code supervisor_SUITE}'s {@code significant_*}
 * cases: a significant child that ends by itself and is not restarted shuts its supervisor down, at once
 * ({@code any_significant}) or with the last one ({@code all_significant}); a restarted or terminated child does not;
 * and the bad combinations are refused, as OTP refuses them.
 */
@ExtendWith(NodeExtension.class)
class AutoShutdownTest {
    private static final Duration LONG = Duration.ofHours(1);

    private static SupervisorFlags flags(AutoShutdown auto) {
        return new SupervisorFlags(Strategy.ONE_FOR_ONE, 10, LONG).withAutoShutdown(auto);
    }

    private static ChildSpec significant(Kids kids, String id, Restart restart) {
        return ChildSpec.worker(id, kids.plain(id)).withRestart(restart).withSignificant(true);
    }

    /** A probe that monitors the supervisor, to see it go. */
    private static final class Watch {
        final Probe probe;
        final MonitorRef ref;

        Watch(Node node, Pid sup) {
            probe = Probe.spawn(node);
            ref = probe.exec(() -> Process.monitor(sup));
        }

        ExitReason down() {
            Down d = probe.next(Down.class);
            assertThat(d.ref()).isEqualTo(ref);
            return d.reason();
        }

        void stillUp(Node node, Pid sup) {
            Supervisor.whichChildren(sup); // a call the supervisor answers after the exits before it were handled
            assertThat(node.isAlive(sup)).isTrue();
            assertThat(probe.drain()).isEmpty();
        }
    }

    @Test
    void significant_temporary_anySignificant_anyEndShutsTheSupervisorDown(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(AutoShutdown.ANY_SIGNIFICANT),
                significant(kids, "sig", Restart.TEMPORARY), ChildSpec.worker("bystander", kids.plain("bystander"))));
        Pid bystander = Supervisor.whereis(sup, "bystander");
        Watch watch = new Watch(node, sup);
        Process.send(Supervisor.whereis(sup, "sig"), "crash"); // a temporary child: any reason counts
        assertThat(watch.down()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(node.isAlive(bystander)).isFalse(); // the other children were stopped first
    }

    @Test
    void significant_transient_anySignificant_normalEndCounts_crashIsRestarted(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(AutoShutdown.ANY_SIGNIFICANT),
                significant(kids, "sig", Restart.TRANSIENT)));
        Watch watch = new Watch(node, sup);
        Pid first = Supervisor.whereis(sup, "sig");
        Process.send(first, "crash"); // abnormal: restarted, does not count
        Pid second = io.loomotp.runtime.testing.Await.until(() -> {
            Pid now = Supervisor.whereis(sup, "sig");
            return now != null && !now.equals(first) ? now : null;
        }, "sig restarted");
        watch.stillUp(node, sup);
        Process.send(second, "shutdown"); // shutdown is a normal end for a transient child
        assertThat(watch.down()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void significant_allSignificant_shutsDownWithTheLast(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(AutoShutdown.ALL_SIGNIFICANT),
                significant(kids, "a", Restart.TRANSIENT), significant(kids, "b", Restart.TEMPORARY),
                ChildSpec.worker("bystander", kids.plain("bystander"))));
        Watch watch = new Watch(node, sup);
        Process.send(Supervisor.whereis(sup, "a"), "normal");
        watch.stillUp(node, sup);
        Process.send(Supervisor.whereis(sup, "bystander"), "normal"); // not significant: restarted, counts for nothing
        watch.stillUp(node, sup);
        Process.send(Supervisor.whereis(sup, "b"), "normal");
        assertThat(watch.down()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void significant_terminatedBySupervisor_doesNotCount(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(AutoShutdown.ANY_SIGNIFICANT),
                significant(kids, "sig", Restart.TRANSIENT), ChildSpec.worker("other", kids.plain("other"))));
        Watch watch = new Watch(node, sup);
        Supervisor.terminateChild(sup, "sig");
        watch.stillUp(node, sup);
        assertThat(Supervisor.restartChild(sup, "sig")).isNotNull();
        Process.send(Supervisor.whereis(sup, "sig"), "normal");
        assertThat(watch.down()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void significant_never_autoShutdownIsOff_byDefault(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.defaults(),
                ChildSpec.worker("t", kids.plain("t")).withRestart(Restart.TEMPORARY)));
        assertThat(SupervisorFlags.defaults().autoShutdown()).isEqualTo(AutoShutdown.NEVER);
        Watch watch = new Watch(node, sup);
        Process.send(Supervisor.whereis(sup, "t"), "normal");
        watch.stillUp(node, sup);
    }

    @Test
    void significant_dynamicChild_startChildAddsOne(Node node) {
        Kids kids = new Kids();
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(flags(AutoShutdown.ANY_SIGNIFICANT)));
        Watch watch = new Watch(node, sup);
        Pid added = Supervisor.startChild(sup, significant(kids, "added", Restart.TEMPORARY));
        Process.send(added, "normal");
        assertThat(watch.down()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void significant_simpleOneForOne_allSignificantActsAsAny_asOtpsCode(Node node) {
        Kids kids = new Kids();
        SupervisorFlags all = new SupervisorFlags(Strategy.SIMPLE_ONE_FOR_ONE, 10, LONG)
                .withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT);
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(all, significant(kids, "job", Restart.TEMPORARY)));
        Watch watch = new Watch(node, sup);
        Pid first = Supervisor.startChild(sup, java.util.List.of());
        Pid second = Supervisor.startChild(sup, java.util.List.of());
        Process.send(first, "normal");
        assertThat(watch.down()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(node.isAlive(second)).isFalse();
    }

    @Test
    void badCombinations_refusedWithOtpsNameAndTheFix(Node node) {
        Kids kids = new Kids();
        assertThatThrownBy(() -> SupervisorSpec.of(SupervisorFlags.defaults(),
                significant(kids, "sig", Restart.TRANSIENT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child 'sig' is significant, but its supervisor's auto shutdown is NEVER")
                .hasMessageContaining("{auto_shutdown, never}, {significant, true}")
                .hasMessageContaining("withAutoShutdown");
        assertThatThrownBy(() -> SupervisorSpec.of(flags(AutoShutdown.ANY_SIGNIFICANT),
                significant(kids, "perm", Restart.PERMANENT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child 'perm' is significant and permanent")
                .hasMessageContaining("TRANSIENT or TEMPORARY");
        // an init that builds a bad spec fails the start; a bad startChild starts nothing
        assertThatThrownBy(() -> Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.defaults(),
                significant(kids, "sig", Restart.TEMPORARY)))).isInstanceOf(StartFailedException.class)
                .hasMessageContaining("significant");
        Pid plain = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.defaults()));
        assertThatThrownBy(() -> Supervisor.startChild(plain, significant(kids, "late", Restart.TEMPORARY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto shutdown is NEVER");
        assertThat(Supervisor.whichChildren(plain)).isEmpty();
        assertThat(kids.starts).isEmpty();
    }

    /** {@code supervisor:check_childspecs/1,2}: the start's checks, answered without starting anything. */
    @Test
    void checkChildSpecs_answersWhatAStartWouldRefuse_startsNothing() {
        Kids kids = new Kids();
        ChildSpec a = ChildSpec.worker("a", kids.plain("a"));
        assertThat(Supervisor.checkChildSpecs(java.util.List.of(a, ChildSpec.worker("b", kids.plain("b")))))
                .isEmpty();
        assertThat(Supervisor.checkChildSpecs(java.util.List.of(a, a))).hasValueSatisfying(why ->
                assertThat(why).contains("two children have the id 'a'"));
        assertThat(Supervisor.checkChildSpecs(java.util.Arrays.asList(a, null))).hasValueSatisfying(why ->
                assertThat(why).contains("child spec 2 of 2 is null"));
        ChildSpec sig = significant(kids, "sig", Restart.TRANSIENT);
        assertThat(Supervisor.checkChildSpecs(java.util.List.of(sig))).hasValueSatisfying(why ->
                assertThat(why).contains("auto shutdown is NEVER"));
        assertThat(Supervisor.checkChildSpecs(java.util.List.of(sig), AutoShutdown.ANY_SIGNIFICANT)).isEmpty();
        assertThat(Supervisor.checkChildSpecs(java.util.List.of(significant(kids, "perm", Restart.PERMANENT)),
                AutoShutdown.ALL_SIGNIFICANT)).hasValueSatisfying(why -> assertThat(why).contains("permanent"));
        assertThat(kids.starts).isEmpty();
    }
}
