package io.loomotp.it.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.sys.DebugOptions;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A behaviour of one's own ({@link Gate}) with one callback module ({@link Semaphore}), seen through sys. On the test
 * kit: each gate is linked to a probe, and ends with it after the test (the leak check sees that it did).
 */
@LoomOtpTest
class GateTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** A client that enters the gate from its own process, and completes the future once it is inside. */
    private static CompletableFuture<Void> enterInBackground(TestProbe client) {
        CompletableFuture<Void> inside = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                enter(client);
                inside.complete(null);
            } catch (RuntimeException | AssertionError e) {
                inside.completeExceptionally(e);
            }
        });
        return inside;
    }

    private static void enter(TestProbe client) {
        client.exec(() -> {
            Gate.enter("printers");
            return null;
        });
    }

    private static void leave(TestProbe client) {
        client.exec(() -> {
            Gate.leave("printers");
            return null;
        });
    }

    @Test
    void semaphore_admitsUpToItsPermits_thenQueues(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid gate = shell.exec(() -> Gate.startLink("printers", new Semaphore(2),
                DebugOptions.none().withTrace(lines::add)));
        TestProbe a = kit.probe();
        TestProbe b = kit.probe();
        TestProbe c = kit.probe();
        enter(a);
        enter(b);
        CompletableFuture<Void> third = enterInBackground(c);
        TestKit.awaitAssert(() -> assertThat(node.info(gate).mailboxLength()).as("the third client queued").isOne());
        assertThat(third).isNotDone();
        leave(a);
        assertThat(third).succeedsWithin(T);
        assertThat(SysCalls.getState(gate, T))
                .isEqualTo(new Semaphore.Permits(2, List.of(b.pid(), c.pid())));
        assertThat(lines).containsExactly(
                "*DBG* printers enter " + a.pid(),
                "*DBG* printers enter " + b.pid(),
                "*DBG* printers leave " + a.pid(),
                "*DBG* printers enter " + c.pid());
    }

    @Test
    void status_namesTheBehaviourAndTheCallbackModule(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid gate = shell.exec(() -> Gate.startLink("printers", new Semaphore(1), DebugOptions.none()));
        SysStatus status = SysCalls.getStatus(gate, T);
        assertThat(status.behaviour()).isEqualTo("gate");
        assertThat(status.module()).isEqualTo(Semaphore.class.getName());
        assertThat(status.state()).isEqualTo("0/1 []");
        assertThat(node.info(gate).behaviour()).isEqualTo("gate");
    }

    @Test
    void clientDiesInside_leaves(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        Pid gate = shell.exec(() -> Gate.startLink("printers", new Semaphore(1), DebugOptions.none()));
        TestProbe holder = kit.probe();
        enter(holder);
        Process.exit(holder.pid(), ExitReason.KILL);
        TestKit.awaitAssert(() -> assertThat(SysCalls.getState(gate, T)).as("the dead client left")
                .isEqualTo(new Semaphore.Permits(1, List.of())));
    }

    @Test
    void initFails_theStartFails(Node node, TestKit kit) {
        TestProbe shell = kit.probe();
        GateCallbacks<Integer> unconfigured = new GateCallbacks<>() {
            @Override
            public Integer init() {
                throw new IllegalStateException("no printers configured");
            }

            @Override
            public boolean admits(Integer state) {
                return true;
            }

            @Override
            public Integer entered(Integer state, Pid client) {
                return state;
            }

            @Override
            public Integer left(Integer state, Pid client) {
                return state;
            }
        };
        // the gate's process reports its crash, as proc_lib does for an init that throws
        kit.expectCrash(IllegalStateException.class);
        assertThatThrownBy(() -> shell.exec(() -> Gate.startLink("printers", unconfigured, DebugOptions.none())))
                .cause().isInstanceOf(StartFailedException.class)
                .hasMessageContaining("no printers configured");
        TestKit.awaitAssert(() -> assertThat(node.whereis("printers")).as("the failed gate's name").isNull());
    }
}
