package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessName;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A generated client made by name ({@code FrequencyRef.byName}) looks the name up at each use, as OTP's
 * {@code gen_server:call(frequency, Req)} does: it follows a supervisor's restart, a call while nobody holds the name
 * is {@code noproc}, and a cast is dropped.
 */
@LoomOtpTest
class ByNameClientTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void aClientByName_reachesTheRestartedServer(Node node, TestKit kit) {
        kit.expectCrash(ExitReason.KILLED); // the supervisor's report of the child it restarts
        TestProbe shell = kit.probe();
        Pid sup = shell.exec(() -> Supervisor.startLink(() -> SupervisorSpec.of(
                SupervisorFlags.defaults(),
                ChildSpec.worker("frequency", () -> FrequencyRef.startLink(() -> new Frequency(List.of(1, 2)))
                        .pid()))));
        FrequencyRef byName = FrequencyRef.byName(node);
        Pid first = node.whereis("frequency");
        assertThat(byName.pid()).isEqualTo(first);
        assertThat(byName.allocate()).isEqualTo(new Frequency.Granted(1));

        Process.exit(first, ExitReason.KILL);
        AtomicReference<Pid> restarted = new AtomicReference<>();
        TestKit.awaitAssert(() -> assertThat(restarted.updateAndGet(_ -> node.whereis("frequency")))
                .as("the server restarted by its supervisor").isNotNull().isNotEqualTo(first));

        // the client by pid is left with the dead process; the client by name reaches the new one
        FrequencyRef byPid = FrequencyRef.of(first);
        assertThatThrownBy(byPid::available).isInstanceOf(NoProcessException.class);
        assertThat(byName.available(T)).isEqualTo(2);
        assertThat(byName.pid()).isEqualTo(restarted.get());
        byName.deallocate(7); // a cast through the name
        assertThat(byName.available()).isEqualTo(2);
        GenServer.stop(sup);
    }

    @Test
    void aFreeName_failsACallAndAStop_andDropsACast(Node node) {
        FrequencyRef nobody = FrequencyRef.byName(node, "nobody");
        assertThatThrownBy(nobody::available)
                .isInstanceOf(NoProcessException.class)
                .hasMessage("call available: no process nobody")
                .satisfies(e -> assertThat(((NoProcessException) e).target())
                        .isEqualTo(ProcessName.local(node, "nobody")));
        assertThatThrownBy(nobody::stop).isInstanceOf(NoProcessException.class).hasMessage("stop: no process nobody");
        assertThatThrownBy(nobody::pid).isInstanceOf(NoProcessException.class);
        nobody.deallocate(1); // dropped, as gen_server:cast to a free name
        assertThat(nobody).hasToString("FrequencyRef[nobody]")
                .isEqualTo(FrequencyRef.byName(node, "nobody"))
                .hasSameHashCodeAs(FrequencyRef.byName(node, "nobody"))
                .isNotEqualTo(FrequencyRef.byName(node, "other"));
    }

    @Test
    void aClientByName_stopsTheHolder_andTheNameIsFreeAfter(Node node) {
        FrequencyRef started = FrequencyRef.start(node, () -> new Frequency(List.of(5)));
        FrequencyRef byName = FrequencyRef.byName(node, "frequency");
        assertThat(byName).isNotEqualTo(started); // one by name, one by pid
        byName.stop();
        assertThat(node.isAlive(started.pid())).isFalse();
        assertThatThrownBy(byName::available).isInstanceOf(NoProcessException.class);
    }

    @Test
    void aClientByGlobalName_onANodeInNoCluster_isRefusedAtOnce(Node node) {
        assertThatThrownBy(() -> FrequencyRef.byGlobalName(node, "frequency"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is in no cluster");
        assertThatThrownBy(() -> FrequencyRef.byName(node, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
    }
}
