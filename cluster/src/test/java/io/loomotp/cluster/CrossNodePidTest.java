package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.testing.Probe;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one cluster in this JVM, a pid of one handed to a process of the other through a variable rather than
 * a message (a new user's test did so, 2026-12-06): it is seen as the cluster names it, so a message crosses the
 * cluster, and a monitor and a link made with it end with {@code noconnection} when the nodes disconnect, as between
 * JVMs; made directly on the process object, they never fired.
 */
class CrossNodePidTest {

    @Test
    void pidOfAnotherNodeOfThisJvm_handedOverDirectly_signalsCrossTheCluster_andDisconnectIsNoconnection() {
        try (TwoNodes n = TwoNodes.start("loomotp-crossnode")) {
            Probe onY = Probe.spawn(n.y());
            Pid direct = onY.pid(); // the process object of node y, not a pid that came in a message

            Probe watcher = Probe.spawnTrapping(n.x());
            MonitorRef ref = watcher.exec(() -> Process.monitor(direct));
            watcher.run(() -> Process.link(direct));
            watcher.run(() -> Process.send(direct, "hello from x"));
            assertThat(onY.next()).isEqualTo("hello from x");

            assertThat(n.cx().disconnectNode("y")).isTrue();
            Object first = watcher.next();
            Object second = watcher.next();
            assertThat(java.util.List.of(first, second)).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(
                    Down.class, d -> {
                        assertThat(d.ref()).isEqualTo(ref);
                        assertThat(d.reason()).isEqualTo(ExitReason.NOCONNECTION);
                        assertThat(d.pid()).isInstanceOf(RemotePid.class);
                        // the cluster's pid and the process object name one process: equal both ways, same hash
                        assertThat(d.pid()).isEqualTo(direct).hasSameHashCodeAs(direct);
                        assertThat(direct).isEqualTo(d.pid());
                    })).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Exit.class, e -> {
                        assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION);
                        assertThat(e.from()).isEqualTo(direct);
                    }));
            // and y's end of the link got noconnection too: not trapping exits, its process died of it
            io.loomotp.runtime.testing.Await.until(() -> !n.y().isAlive(direct), "y's end of the link ended");
        }
    }

    record NotAllowed(int n) {}

    /**
     * From a plain thread too, node x reaches a process object of node y over the wire, through its allow-list: a
     * test with two nodes in one JVM refuses what two JVMs would (a new user's finding: it was delivered directly).
     */
    @Test
    void aPlainThreadsSend_toAProcessOfAnotherNodeOfThisJvm_goesThroughTheAllowList() {
        try (TwoNodes n = TwoNodes.start("loomotp-crossnode-plain")) {
            Probe onY = Probe.spawn(n.y());
            Pid direct = onY.pid();
            n.x().send(direct, "allowed");
            assertThat(onY.next()).isEqualTo("allowed");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.x().send(direct, new NotAllowed(1)))
                    .isInstanceOf(ClassNotAllowedException.class).hasMessageContaining(NotAllowed.class.getName());
            io.loomotp.runtime.Alias alias = onY.exec(Process::alias);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.x().send(alias, new NotAllowed(2)))
                    .isInstanceOf(ClassNotAllowedException.class);
            n.x().send(alias, "through the alias");
            assertThat(onY.next()).isEqualTo("through the alias");
        }
    }

    /**
     * A pid of y that went to x in a message and came back to y after its process ended is no longer the process
     * object (that is gone from y's table): it comes back as a pid of y's own incarnation, and is still equal to it.
     */
    @Test
    void deadProcessPid_backFromTheWire_equalsTheProcessObjectItWas() {
        try (TwoNodes n = TwoNodes.start("loomotp-crossnode-dead")) {
            Probe onX = Probe.spawn(n.x());
            n.x().register("onx", onX.pid());
            Probe onY = Probe.spawn(n.y());
            Pid doomed = n.y().spawn(() -> Process.receive());
            onY.run(() -> n.cy().send("x", "onx", doomed)); // over the wire: x holds y's pid as the cluster names it
            Pid seenOnX = (Pid) onX.next();
            assertThat(seenOnX).isInstanceOf(RemotePid.class).isEqualTo(doomed);

            n.y().exit(doomed, ExitReason.KILL);
            io.loomotp.runtime.testing.Await.until(() -> !n.y().isAlive(doomed), "the process ended");
            n.y().register("ony", onY.pid());
            onX.run(() -> n.cx().send("y", "ony", seenOnX)); // and back to y, where the process is gone
            Pid back = (Pid) onY.next();
            assertThat(back).isEqualTo(doomed).hasSameHashCodeAs(doomed);
            assertThat(doomed).isEqualTo(back);
        }
    }

    /**
     * After y left its cluster, y's process object stays the pid x's cluster named it by: the Down that ended x's
     * monitor still equals it, and what x's processes do with it afterwards meets a node gone (a send dropped, a new
     * monitor Down(noconnection)), as with that pid from a message; it does not reach y's process directly again.
     */
    @Test
    void afterTheOtherNodeLeftItsCluster_itsProcessObject_staysThatPid_andOutOfReach() {
        try (TwoNodes n = TwoNodes.start("loomotp-crossnode-left")) {
            Probe onY = Probe.spawn(n.y());
            Pid direct = onY.pid();
            Probe watcher = Probe.spawn(n.x());
            MonitorRef ref = watcher.exec(() -> Process.monitor(direct));

            n.cy().close();
            Down down = watcher.next(Down.class);
            assertThat(down.ref()).isEqualTo(ref);
            assertThat(down.reason()).isEqualTo(ExitReason.NOCONNECTION);
            assertThat(down.pid()).isEqualTo(direct).hasSameHashCodeAs(direct);
            assertThat(direct).as("still equal once y is in no cluster").isEqualTo(down.pid());

            watcher.run(() -> Process.send(direct, "after y left"));
            MonitorRef again = watcher.exec(() -> Process.monitor(direct));
            Down second = watcher.next(Down.class);
            assertThat(second.ref()).isEqualTo(again);
            assertThat(second.reason()).isEqualTo(ExitReason.NOCONNECTION);
            assertThat(onY.drain()).as("nothing reached y's process").isEmpty();
            assertThat(n.y().isAlive(direct)).isTrue();
        }
    }
}
