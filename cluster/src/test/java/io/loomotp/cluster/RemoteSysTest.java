package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.sys.StateFunctionException;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import io.loomotp.sys.Sys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sys protocol on a process of another node (a node JVM "b"), asked from this JVM's node "a": state, status,
 * suspension, statistics, trace with its lines on the asking side, and a generated client's {@code stop()}. The cases
 * are named after OTP's sys_SUITE (get_state, replace_state, suspend, stats, trace) with what differs here.
 */
class RemoteSysTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static LocalNode a;
    private static NodeJvm b;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
        b = a.startJvm("b");
    }

    @AfterAll
    static void stopCluster() {
        LocalNode.closeAll(b, a);
    }

    @Test
    void get_state_remotePid_snapshotOfItsFields() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        kv.add(7);
        StateSnapshot s = (StateSnapshot) Sys.getState(kv); // the operator's facade, as on a local pid
        assertThat(s.type()).isEqualTo("Kv");
        assertThat(s.get("total")).isEqualTo(7);
    }

    @Test
    void replace_state_remotePid_recordFunctionCrossesAndRunsInside() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        StateSnapshot s = (StateSnapshot) SysCalls.replaceState(kv.pid(), new Wire.SetTotal(40), T);
        assertThat(s.get("total")).isEqualTo(40);
        assertThat(kv.add(2)).isEqualTo(42);
    }

    @Test
    void replace_state_remotePidFunctionThrows_stateFunctionExceptionAndStateUnchanged() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        kv.add(3);
        assertThatThrownBy(() -> SysCalls.replaceState(kv.pid(), new Wire.Explode("no"), T))
                .isInstanceOfSatisfying(StateFunctionException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(RemoteCrashException.class).hasMessage("no");
                    assertThat(((RemoteCrashException) e.getCause()).className())
                            .isEqualTo(IllegalStateException.class.getName());
                });
        assertThat(kv.add(0)).isEqualTo(3);
    }

    @Test
    void replace_state_remotePidLambda_refusedBeforeSendingWithTheFix() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        UnaryOperator<Kv> lambda = k -> k;
        assertThatThrownBy(() -> SysCalls.replaceState(kv.pid(), lambda, T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda").hasMessageContaining("record").hasMessageContaining("allow");
        assertThat(kv.add(1)).isEqualTo(1);
    }

    @Test
    void get_status_remotePid_whoItIsAndItsState() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        kv.add(5);
        SysStatus st = Sys.getStatus(kv.pid());
        assertThat(st.pid()).isEqualTo(kv.pid());
        assertThat(st.behaviour()).isEqualTo("gen_server");
        assertThat(st.module()).isEqualTo(Kv.class.getName());
        assertThat(st.status()).isEqualTo("running");
        assertThat(st.state()).contains("total=5");
    }

    @Test
    void suspend_remotePid_callsTimeOutUntilResumed() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        Sys.suspend(kv);
        assertThat(Sys.getStatus(kv).status()).isEqualTo("suspended");
        assertThatThrownBy(() -> kv.add(1, Duration.ofMillis(200))).isInstanceOf(CallTimeoutException.class);
        Sys.resume(kv);
        assertThat(kv.add(1)).isEqualTo(2); // the timed-out request was handled after the resume; its reply dropped
    }

    @Test
    void stats_remotePid_countsSinceSwitchedOn() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        kv.add(1);
        Sys.statistics(kv, true);
        for (int i = 0; i < 3; i++) {
            kv.add(1);
        }
        Statistics s = Sys.statistics(kv);
        assertThat(s.messagesIn()).isEqualTo(3);
        assertThat(s.messagesOut()).isEqualTo(3);
        Sys.statistics(kv, false);
        assertThat(Sys.statistics(kv)).isNull();
    }

    @Test
    void trace_remotePid_linesArriveOnTheAskingSide_offAnsweredAfterEveryLine() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        List<String> lines = new CopyOnWriteArrayList<>();
        Sys.trace(kv, lines::add);
        kv.add(4);
        kv.reset();
        Sys.trace(kv, false); // answered after the cast was handled, and its lines arrive before the answer
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("*DBG* ").contains("got call add(4) from"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("got cast reset()"));
        int seen = lines.size();
        kv.add(1);
        assertThat(Sys.getStatus(kv).debug()).doesNotContain("trace");
        assertThat(lines).hasSize(seen);
    }

    @Test
    void trace_remotePidAskerDies_traceSwitchedOffOnTheTracedNode() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        List<String> lines = new CopyOnWriteArrayList<>();
        Probe asker = Probe.spawn(a.node);
        asker.run(() -> SysCalls.trace(kv.pid(), true, lines::add, T));
        assertThat(Sys.getStatus(kv).debug()).contains("trace");
        a.node.exit(asker.pid(), ExitReason.KILL);
        Await.until(() -> !Sys.getStatus(kv).debug().contains("trace"), "the trace of a dead asker switched off");
    }

    @Test
    void trace_remotePidTracedAgainBySameAsker_oneRelayOnly() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        Sys.trace(kv, first::add);
        Sys.trace(kv, second::add);
        kv.add(1);
        Sys.trace(kv, false);
        assertThat(first).isEmpty();
        assertThat(second).anySatisfy(l -> assertThat(l).contains("got call add(1)"));
    }

    @Test
    void stop_generatedClientOnRemotePid_terminatesAndReturns() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        Probe p = Probe.spawn(a.node);
        MonitorRef ref = p.exec(() -> Process.monitor(kv.pid()));
        kv.stop();
        assertThat(p.next(Down.class)).isEqualTo(new Down(ref, kv.pid(), ExitReason.NORMAL));
        assertThatThrownBy(() -> kv.add(1)).isInstanceOf(NoProcessException.class);
    }

    @Test
    void stop_remotePidWithReason_theReasonCrosses() {
        Pid pid = a.freshKv("b");
        Probe p = Probe.spawn(a.node);
        MonitorRef ref = p.exec(() -> Process.monitor(pid));
        KvRef.of(pid).stop(ExitReason.shutdown("maintenance"), T);
        assertThat(p.next(Down.class)).isEqualTo(new Down(ref, pid, ExitReason.shutdown("maintenance")));
    }
}
