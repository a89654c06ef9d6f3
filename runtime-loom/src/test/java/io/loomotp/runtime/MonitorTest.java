package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NodeExtension.class)
class MonitorTest {

    @Test
    void monitor_deadProcess_deliversDownNoprocAtOnce(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid dead = node.spawn(() -> {});
        MonitorRef first = watcher.exec(() -> Process.monitor(dead));
        watcher.next(Down.class); // the first monitor saw it end (normal or noproc, depending on the race)
        MonitorRef ref = watcher.exec(() -> Process.monitor(dead));
        assertThat(first).isNotSameAs(ref);
        assertThat(watcher.next()).isEqualTo(new Down(ref, dead, ExitReason.NOPROC));
    }

    record Ask(Pid from, MonitorRef tag, int n) {}

    record Answer(MonitorRef tag, int n) {}

    /** {@code Ref = make_ref(), Pid ! {self(), Ref, N}, receive {Ref, R} -> R end}: only the answer tagged so is taken. */
    @Test
    void makeRef_tagsARequest_andTheAnswerIsTakenByItsTag(Node node) {
        Pid doubler = node.spawn(() -> {
            while (true) {
                Ask ask = Process.receive(Ask.class, Duration.ofSeconds(5));
                if (ask == null) {
                    return;
                }
                Process.send(ask.from(), new Answer(ask.tag(), ask.n() * 2));
            }
        });
        Probe asker = Probe.spawn(node);
        int got = asker.exec(() -> {
            MonitorRef stale = Process.makeRef();
            Process.send(Process.self(), new Answer(stale, -1)); // an answer to another request, already queued
            MonitorRef tag = Process.makeRef();
            Process.send(doubler, new Ask(Process.self(), tag, 21));
            Answer a = Process.receive(Answer.class, m -> m.tag().equals(tag), Duration.ofSeconds(5));
            return a.n();
        });
        assertThat(got).isEqualTo(42);
        assertThat(Process.makeRef()).isNotEqualTo(Process.makeRef());
        node.exit(doubler, ExitReason.KILL);
    }

    @Test
    void monitor_processEnds_deliversExactlyOneDown(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        MonitorRef ref = watcher.exec(() -> Process.monitor(target));
        node.exit(target, ExitReason.custom("gone"));
        node.exit(target, ExitReason.KILL); // a second signal to the dead process changes nothing
        assertThat(watcher.next()).isEqualTo(new Down(ref, target, ExitReason.custom("gone")));
        assertThat(watcher.drain()).isEmpty();
    }

    @Test
    void monitor_twice_deliversOneDownPerMonitor(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        MonitorRef a = watcher.exec(() -> Process.monitor(target));
        MonitorRef b = watcher.exec(() -> Process.monitor(target));
        node.send(target, "stop");
        List<Object> downs = new ArrayList<>(List.of(watcher.next(), watcher.next()));
        assertThat(downs).containsExactlyInAnyOrder(new Down(a, target, ExitReason.NORMAL),
                new Down(b, target, ExitReason.NORMAL));
        assertThat(watcher.drain()).isEmpty();
    }

    @Test
    void demonitor_beforeDeath_noDownArrives(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        MonitorRef ref = watcher.exec(() -> Process.monitor(target));
        assertThat(watcher.exec(() -> Process.demonitor(ref))).isTrue();
        node.exit(target, ExitReason.KILL);
        assertThat(watcher.drain()).isEmpty();
    }

    @Test
    void demonitor_flush_removesDownAlreadyArrived(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        // Inside the watcher: monitor, see the target die, then demonitor with flush before taking the Down.
        Object leftover = watcher.exec(() -> {
            MonitorRef ref = Process.monitor(target);
            Process.exit(target, ExitReason.KILL); // synchronous: the Down is in our mailbox when this returns
            boolean active = Process.demonitor(ref, true);
            return active ? "still active" : Process.receive(Duration.ZERO);
        });
        assertThat(leftover).isNull();
    }

    @Test
    void demonitor_withoutFlush_leavesDownThatArrived(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        Object leftover = watcher.exec(() -> {
            MonitorRef ref = Process.monitor(target);
            Process.exit(target, ExitReason.KILL);
            Process.demonitor(ref, false);
            return Process.receive(Duration.ZERO);
        });
        assertThat(leftover).isInstanceOf(Down.class);
    }

    @Test
    void demonitor_flush_keepsOtherMessagesInOrder(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        List<Object> rest = watcher.exec(() -> {
            Process.send(Process.self(), "a");
            MonitorRef ref = Process.monitor(target);
            Process.exit(target, ExitReason.KILL);
            Process.send(Process.self(), "b");
            Process.demonitor(ref, true);
            return List.<Object>of(Process.receive(Duration.ZERO), Process.receive(Duration.ZERO));
        });
        assertThat(rest).containsExactly("a", "b");
    }

    @Test
    void spawnMonitor_seesTheRealReason_evenForAnImmediateDeath(Node node) {
        Probe watcher = Probe.spawn(node);
        Process.Spawned s = watcher.exec(() -> Process.spawnMonitor(() -> Process.exit(ExitReason.custom("quick"))));
        assertThat(watcher.next()).isEqualTo(new Down(s.ref(), s.pid(), ExitReason.custom("quick")));
    }

    /** {@code spawn_opt(F, [link, monitor])}: the end comes as the link's exit signal and as the monitor's DOWN. */
    @Test
    void spawnLinkMonitor_endSeenByTheLinkAndByTheMonitor(Node node) {
        Probe watcher = Probe.spawn(node);
        Process.Spawned s = watcher.exec(() -> {
            Process.trapExits(true);
            return Process.spawnLinkMonitor(() -> Process.receive(), SpawnOptions.defaults());
        });
        assertThat(node.info(s.pid()).links()).containsExactly(watcher.pid());
        assertThat(node.info(s.pid()).monitoredBy()).containsExactly(watcher.pid());
        node.exit(s.pid(), ExitReason.custom("gone"));
        // OTP orders neither before the other; both come
        assertThat(List.of(watcher.next(), watcher.next())).containsExactlyInAnyOrder(
                new Exit(s.pid(), ExitReason.custom("gone")), new Down(s.ref(), s.pid(), ExitReason.custom("gone")));
    }

    @Test
    void monitor_watcherDies_targetForgetsTheMonitor(Node node) {
        Probe watcher = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        watcher.exec(() -> Process.monitor(target));
        assertThat(node.info(target).monitoredBy()).containsExactly(watcher.pid());
        node.exit(watcher.pid(), ExitReason.KILL);
        assertThat(node.info(target).monitoredBy()).isEmpty();
    }
}
