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
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A behaviour of one's own ({@link Gate}) with one callback module ({@link Semaphore}), seen through sys. */
@ExtendWith(NodeExtension.class)
class GateTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static CompletableFuture<Void> enterInBackground(Probe client) {
        CompletableFuture<Void> inside = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                client.run(() -> Gate.enter("printers"));
                inside.complete(null);
            } catch (RuntimeException e) {
                inside.completeExceptionally(e);
            }
        });
        return inside;
    }

    @Test
    void semaphore_admitsUpToItsPermits_thenQueues(Node node) {
        Probe shell = Probe.spawn(node);
        List<String> lines = new CopyOnWriteArrayList<>();
        Pid gate = shell.exec(() -> Gate.startLink("printers", new Semaphore(2),
                DebugOptions.none().withTrace(lines::add)));
        Probe a = Probe.spawn(node);
        Probe b = Probe.spawn(node);
        Probe c = Probe.spawn(node);
        a.run(() -> Gate.enter("printers"));
        b.run(() -> Gate.enter("printers"));
        CompletableFuture<Void> third = enterInBackground(c);
        Await.until(() -> node.info(gate).mailboxLength() == 1, "the third client to queue");
        assertThat(third).isNotDone();
        a.run(() -> Gate.leave("printers"));
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
    void status_namesTheBehaviourAndTheCallbackModule(Node node) {
        Probe shell = Probe.spawn(node);
        Pid gate = shell.exec(() -> Gate.startLink("printers", new Semaphore(1), DebugOptions.none()));
        SysStatus status = SysCalls.getStatus(gate, T);
        assertThat(status.behaviour()).isEqualTo("gate");
        assertThat(status.module()).isEqualTo(Semaphore.class.getName());
        assertThat(status.state()).isEqualTo("0/1 []");
        assertThat(node.info(gate).behaviour()).isEqualTo("gate");
    }

    @Test
    void clientDiesInside_leaves(Node node) {
        Probe shell = Probe.spawn(node);
        Pid gate = shell.exec(() -> Gate.startLink("printers", new Semaphore(1), DebugOptions.none()));
        Probe holder = Probe.spawn(node);
        holder.run(() -> Gate.enter("printers"));
        Process.exit(holder.pid(), ExitReason.KILL);
        Await.until(() -> new Semaphore.Permits(1, List.of()).equals(SysCalls.getState(gate, T)),
                "the dead client to have left");
    }

    @Test
    void initFails_theStartFails(Node node) {
        Probe shell = Probe.spawn(node);
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
        assertThatThrownBy(() -> shell.exec(() -> Gate.startLink("printers", unconfigured, DebugOptions.none())))
                .isInstanceOf(StartFailedException.class)
                .hasMessageContaining("no printers configured");
        Await.until(() -> node.whereis("printers") == null, "the failed gate to be gone");
    }
}
