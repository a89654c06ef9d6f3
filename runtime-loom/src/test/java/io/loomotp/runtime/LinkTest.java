package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NodeExtension.class)
class LinkTest {

    @Test
    void link_isBidirectional(Node node) {
        Probe a = Probe.spawnTrapping(node);
        Pid b = node.spawn(() -> Process.receive());
        a.run(() -> Process.link(b));
        assertThat(node.info(b).links()).containsExactly(a.pid());
        assertThat(node.info(a.pid()).links()).containsExactly(b);
        node.exit(b, ExitReason.custom("x"));
        assertThat(a.next()).isEqualTo(new Exit(b, ExitReason.custom("x")));
        assertThat(node.info(a.pid()).links()).isEmpty();
    }

    @Test
    void kill_linkedChain_killsTheNonTrappingNeighboursWithKilled(Node node) {
        Probe watcher = Probe.spawn(node);
        Probe middle = Probe.spawn(node);
        Pid left = middle.exec(() -> Process.spawnLink(() -> Process.receive()));
        Probe right = Probe.spawnTrapping(node);
        right.run(() -> Process.link(middle.pid()));
        MonitorRef ref = watcher.exec(() -> Process.monitor(middle.pid()));
        node.exit(left, ExitReason.KILL);
        assertThat(watcher.next()).isEqualTo(new Down(ref, middle.pid(), ExitReason.KILLED));
        assertThat(right.next()).isEqualTo(new Exit(middle.pid(), ExitReason.KILLED));
        assertThat(node.isAlive(right.pid())).isTrue();
    }

    @Test
    void kill_processBusyInUserCode_isDeadAtOnceAndItsZombieIsSuppressed(Node node) throws Exception {
        // A virtual thread cannot be stopped from outside: the process is dead at once, its links and monitors fire,
        // and what its thread still does (here: a send after a blocking wait it cannot finish) has no effect.
        Probe watcher = Probe.spawnTrapping(node);
        CountDownLatch inUserCode = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Pid victim = watcher.exec(() -> Process.spawnLink(() -> {
            inUserCode.countDown();
            release.await(10, TimeUnit.SECONDS); // the kill interrupts this: a zombie unwinds at its next block
            Process.send(Process.self(), "never");
        }));
        assertThat(inUserCode.await(5, TimeUnit.SECONDS)).isTrue();
        node.exit(victim, ExitReason.KILL);
        assertThat(node.isAlive(victim)).isFalse();
        assertThat(watcher.next()).isEqualTo(new Exit(victim, ExitReason.KILLED));
        release.countDown();
    }

    @Test
    void zombie_sendsAreSuppressed(Node node) throws Exception {
        Probe watcher = Probe.spawn(node);
        CountDownLatch spinning = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        Pid victim = node.spawn(() -> {
            Process.receive();
            spinning.countDown();
            // busy in user code, never blocking in the runtime, while it is killed
            while (killed.getCount() > 0) {
                Thread.onSpinWait();
            }
            Process.send(watcher.pid(), "from a zombie");
            sent.countDown();
        });
        node.send(victim, "go");
        assertThat(spinning.await(5, TimeUnit.SECONDS)).isTrue();
        node.exit(victim, ExitReason.KILL);
        killed.countDown();
        assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(watcher.drain()).isEmpty();
    }

    @Test
    void unlink_afterwardsDeathHasNoEffect(Node node) {
        Probe a = Probe.spawnTrapping(node);
        Pid b = node.spawn(() -> Process.receive());
        a.run(() -> Process.link(b));
        a.run(() -> Process.unlink(b));
        node.exit(b, ExitReason.custom("x"));
        assertThat(a.drain()).isEmpty();
        assertThat(node.info(a.pid()).links()).isEmpty();
    }

    @Test
    void link_toDeadProcess_whenTrapping_deliversExitNoproc(Node node) {
        Probe a = Probe.spawnTrapping(node);
        Pid dead = node.spawn(() -> {});
        Probe w = Probe.spawn(node);
        w.exec(() -> Process.monitor(dead));
        w.next(Down.class);
        a.run(() -> Process.link(dead));
        assertThat(a.next()).isEqualTo(new Exit(dead, ExitReason.NOPROC));
    }

    @Test
    void link_toDeadProcess_whenNotTrapping_throwsNoProcess(Node node) {
        Probe a = Probe.spawn(node);
        Pid dead = node.spawn(() -> {});
        Probe w = Probe.spawn(node);
        w.exec(() -> Process.monitor(dead));
        w.next(Down.class);
        assertThatThrownBy(() -> a.run(() -> Process.link(dead))).isInstanceOf(NoProcessException.class);
    }

    @Test
    void spawnLink_isAtomic_evenWhenTheChildDiesAtOnce(Node node) {
        Probe parent = Probe.spawnTrapping(node);
        Pid child = parent.exec(() -> Process.spawnLink(() -> Process.exit(ExitReason.custom("instant"))));
        assertThat(parent.next()).isEqualTo(new Exit(child, ExitReason.custom("instant")));
    }

    @Test
    void spawnLink_fromPlainThread_isRefused(Node node) {
        assertThatThrownBy(() -> Process.spawnLink(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called from a process");
    }

    @Test
    void processesDieWithNode(Node node) {
        Pid p = node.spawn(() -> Process.receive(Duration.ofMinutes(1)));
        node.close();
        assertThat(node.isAlive(p)).isFalse();
        assertThat(node.processCount()).isZero();
    }
}
