package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erlang's exit-signal table (Designing for Scalability, Table 2-1), cell by cell, for a signal sent with
 * {@code exit/2} and for one that a linked process's death sends.
 *
 * <p>Signals take effect on the sender's thread before {@code exit} returns, so each assertion can be made at once.
 */
@ExtendWith(NodeExtension.class)
class ExitSignalTableTest {

    private static Pid idle(Node node) {
        return node.spawn(() -> Process.receive());
    }

    // --- exit/2 -----------------------------------------------------------------------------------------------------

    @Test
    void exit_normal_toTrappingProcess_deliversExitMessage(Node node) {
        Probe target = Probe.spawnTrapping(node);
        node.exit(target.pid(), ExitReason.NORMAL);
        assertThat(target.next()).isEqualTo(new Exit(node.systemPid(), ExitReason.NORMAL));
        assertThat(node.isAlive(target.pid())).isTrue();
    }

    @Test
    void exit_normal_toNonTrappingProcess_doesNothing(Node node) {
        Probe target = Probe.spawn(node);
        node.exit(target.pid(), ExitReason.NORMAL);
        assertThat(node.isAlive(target.pid())).isTrue();
        assertThat(target.drain()).isEmpty();
    }

    @Test
    void exit_normal_toItself_terminatesWithNormal(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid self = node.spawn(() -> {
            Process.receive();
            Process.exit(Process.self(), ExitReason.NORMAL);
            Process.receive(); // never reached: the signal ended this process
        });
        MonitorRef ref = watcher.exec(() -> Process.monitor(self));
        node.send(self, "go");
        assertThat(watcher.next()).isEqualTo(new Down(ref, self, ExitReason.NORMAL));
    }

    @Test
    void exit_kill_toTrappingProcess_terminatesWithKilled(Node node) {
        Probe watcher = Probe.spawn(node);
        Probe target = Probe.spawnTrapping(node);
        MonitorRef ref = watcher.exec(() -> Process.monitor(target.pid()));
        node.exit(target.pid(), ExitReason.KILL);
        assertThat(node.isAlive(target.pid())).isFalse();
        assertThat(watcher.next()).isEqualTo(new Down(ref, target.pid(), ExitReason.KILLED));
    }

    @Test
    void exit_kill_toNonTrappingProcess_terminatesWithKilled(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = idle(node);
        MonitorRef ref = watcher.exec(() -> Process.monitor(target));
        node.exit(target, ExitReason.KILL);
        assertThat(node.isAlive(target)).isFalse();
        assertThat(watcher.next()).isEqualTo(new Down(ref, target, ExitReason.KILLED));
    }

    @Test
    void exit_other_toTrappingProcess_deliversExitMessage(Node node) {
        Probe target = Probe.spawnTrapping(node);
        ExitReason boom = ExitReason.custom("boom");
        node.exit(target.pid(), boom);
        assertThat(target.next()).isEqualTo(new Exit(node.systemPid(), boom));
        assertThat(node.isAlive(target.pid())).isTrue();
    }

    @Test
    void exit_other_toNonTrappingProcess_terminatesWithThatReason(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = idle(node);
        MonitorRef ref = watcher.exec(() -> Process.monitor(target));
        ExitReason boom = ExitReason.custom("boom");
        node.exit(target, boom);
        assertThat(watcher.next()).isEqualTo(new Down(ref, target, boom));
    }

    @Test
    void exit_fromProcess_namesTheSender(Node node) {
        Probe sender = Probe.spawn(node);
        Probe target = Probe.spawnTrapping(node);
        sender.run(() -> Process.exit(target.pid(), ExitReason.shutdown("bye")));
        assertThat(target.next()).isEqualTo(new Exit(sender.pid(), ExitReason.shutdown("bye")));
    }

    // --- signals from a linked process's death ----------------------------------------------------------------------

    /** Spawns a process linked to {@code neighbour} that ends with {@code reason} when told to. */
    private static Pid linkedTo(Probe neighbour, ExitReason reason) {
        return neighbour.exec(() -> Process.spawnLink(() -> {
            Process.receive();
            if (!(reason instanceof ExitReason.Normal)) {
                Process.exit(reason);
            }
        }));
    }

    @Test
    void link_normalDeath_toTrappingProcess_deliversExitMessage(Node node) {
        Probe neighbour = Probe.spawnTrapping(node);
        Pid dying = linkedTo(neighbour, ExitReason.NORMAL);
        node.send(dying, "go");
        assertThat(neighbour.next()).isEqualTo(new Exit(dying, ExitReason.NORMAL));
    }

    @Test
    void link_normalDeath_toNonTrappingProcess_doesNothing(Node node) {
        Probe watcher = Probe.spawn(node);
        Probe neighbour = Probe.spawn(node);
        Pid dying = linkedTo(neighbour, ExitReason.NORMAL);
        MonitorRef ref = watcher.exec(() -> Process.monitor(dying));
        node.send(dying, "go");
        assertThat(watcher.next()).isEqualTo(new Down(ref, dying, ExitReason.NORMAL));
        assertThat(node.isAlive(neighbour.pid())).isTrue();
        assertThat(neighbour.drain()).isEmpty();
    }

    @Test
    void link_killed_toTrappingProcess_deliversKilledNotKill(Node node) {
        Probe neighbour = Probe.spawnTrapping(node);
        Pid dying = linkedTo(neighbour, ExitReason.NORMAL);
        node.exit(dying, ExitReason.KILL);
        assertThat(neighbour.next()).isEqualTo(new Exit(dying, ExitReason.KILLED));
        assertThat(node.isAlive(neighbour.pid())).isTrue();
    }

    @Test
    void link_killed_toNonTrappingProcess_terminatesWithKilled(Node node) {
        Probe watcher = Probe.spawn(node);
        Probe neighbour = Probe.spawn(node);
        Pid dying = linkedTo(neighbour, ExitReason.NORMAL);
        MonitorRef ref = watcher.exec(() -> Process.monitor(neighbour.pid()));
        node.exit(dying, ExitReason.KILL);
        assertThat(watcher.next()).isEqualTo(new Down(ref, neighbour.pid(), ExitReason.KILLED));
    }

    /**
     * exit(kill) of a process itself is no kill signal: it ends with {@code kill}, and its links carry {@code kill} as
     * any reason, trappable (BEAM's erl_proc_sig_queue.c; Concuerror's exit_kill case).
     */
    @Test
    void exitOneKill_endsWithKill_andItsLinksCarryATrappableKill(Node node) {
        Probe trapping = Probe.spawnTrapping(node);
        Pid dying = linkedTo(trapping, ExitReason.KILL);
        MonitorRef ref = trapping.exec(() -> Process.monitor(dying));
        node.send(dying, "go");
        assertThat(List.of(trapping.next(), trapping.next())).containsExactlyInAnyOrder(
                new Exit(dying, ExitReason.KILL), new Down(ref, dying, ExitReason.KILL));
        assertThat(node.isAlive(trapping.pid())).isTrue();
    }

    @Test
    void exitOneKill_endsANonTrappingNeighbourWithKill_notKilled(Node node) {
        Probe watcher = Probe.spawn(node);
        Probe neighbour = Probe.spawn(node);
        Pid dying = linkedTo(neighbour, ExitReason.KILL);
        MonitorRef ref = watcher.exec(() -> Process.monitor(neighbour.pid()));
        node.send(dying, "go");
        assertThat(watcher.next()).isEqualTo(new Down(ref, neighbour.pid(), ExitReason.KILL));
    }

    @Test
    void customReasonNamedLikeAnAtom_isThatReason(Node node) {
        assertThat(ExitReason.custom("normal")).isSameAs(ExitReason.NORMAL);
        assertThat(ExitReason.custom("shutdown")).isSameAs(ExitReason.SHUTDOWN);
        assertThat(ExitReason.custom("kill")).isSameAs(ExitReason.KILL);
        assertThat(ExitReason.custom("killed")).isSameAs(ExitReason.KILLED);
        assertThatThrownBy(() -> new ExitReason.Custom("normal")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ExitReason.NORMAL");
        // so exit(pid, custom("normal")) is ignored by a process that does not trap exits, as exit(Pid, normal)
        Probe target = Probe.spawn(node);
        Probe watcher = Probe.spawn(node);
        MonitorRef ref = watcher.exec(() -> Process.monitor(target.pid()));
        node.exit(target.pid(), ExitReason.custom("normal"));
        node.exit(target.pid(), ExitReason.custom("boom"));
        assertThat(watcher.next()).isEqualTo(new Down(ref, target.pid(), ExitReason.custom("boom")));
    }

    @Test
    void link_otherDeath_toTrappingProcess_deliversExitMessage(Node node) {
        Probe neighbour = Probe.spawnTrapping(node);
        ExitReason boom = ExitReason.custom("boom");
        Pid dying = linkedTo(neighbour, boom);
        node.send(dying, "go");
        assertThat(neighbour.next()).isEqualTo(new Exit(dying, boom));
        assertThat(node.isAlive(neighbour.pid())).isTrue();
    }

    @Test
    void link_otherDeath_toNonTrappingProcess_terminatesWithThatReason(Node node) {
        Probe watcher = Probe.spawn(node);
        Probe neighbour = Probe.spawn(node);
        ExitReason boom = ExitReason.custom("boom");
        Pid dying = linkedTo(neighbour, boom);
        MonitorRef ref = watcher.exec(() -> Process.monitor(neighbour.pid()));
        node.send(dying, "go");
        assertThat(watcher.next()).isEqualTo(new Down(ref, neighbour.pid(), boom));
    }

    @Test
    void link_crash_propagatesTheCrashReason(Node node) {
        Probe neighbour = Probe.spawnTrapping(node);
        RuntimeException failure = new IllegalStateException("bad");
        Pid dying = neighbour.exec(() -> Process.spawnLink(() -> {
            Process.receive();
            throw failure;
        }));
        node.send(dying, "go");
        assertThat(neighbour.next()).isEqualTo(new Exit(dying, ExitReason.crash(failure)));
    }

    private static ProcessBody chain(int n, Pid notify) {
        return () -> {
            if (n == 0) {
                Process.send(notify, Process.self());
            } else {
                Process.spawnLink(chain(n - 1, notify));
            }
            Process.receive();
        };
    }

    @Test
    void link_chainOfTenThousand_propagatesWithoutRecursion(Node node) {
        // A death travelling down a long chain of links must not overflow a stack: deaths are processed from a work
        // list, on the thread that sent the first signal.
        Probe watcher = Probe.spawn(node);
        Pid head = node.spawn(chain(10_000, watcher.pid()));
        Pid tail = watcher.next(Pid.class);
        MonitorRef ref = watcher.exec(() -> Process.monitor(tail));
        node.exit(head, ExitReason.custom("chain"));
        assertThat(watcher.next()).isEqualTo(new Down(ref, tail, ExitReason.custom("chain")));
    }

    @Test
    void trapExits_returnsPreviousSetting(Node node) {
        Probe p = Probe.spawn(node);
        Boolean first = p.exec(() -> Process.trapExits(true));
        Boolean second = p.exec(() -> Process.trapExits(false));
        Boolean now = p.exec(Process::trapExits);
        assertThat(first).isFalse();
        assertThat(second).isTrue();
        assertThat(now).isFalse();
    }
}
