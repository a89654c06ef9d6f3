package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node's own counters: spawned, exited, the ended processes' totals, and pending timers. */
@ExtendWith(NodeExtension.class)
class NodeCountersTest {

    @Test
    void of_countsSpawnsExitsAndWhatEndedProcessesDid(Node node) {
        // given: three processes that each take two messages and end
        NodeCounters before = NodeCounters.of(node);
        Pid[] pids = new Pid[3];
        for (int i = 0; i < pids.length; i++) {
            pids[i] = node.spawn(() -> {
                Process.receive();
                Process.receive();
            });
        }
        // when
        for (Pid p : pids) {
            node.send(p, "one");
            node.send(p, "two");
        }
        Await.until(() -> NodeCounters.of(node).exited() - before.exited() == 3, "three exits");
        // then
        NodeCounters after = NodeCounters.of(node);
        assertThat(after.spawned() - before.spawned()).isEqualTo(3);
        assertThat(after.endedMessagesIn() - before.endedMessagesIn()).isEqualTo(6);
        assertThat(after.endedMessagesOut()).isEqualTo(before.endedMessagesOut());
    }

    @Test
    void of_countsPendingTimers(Node node) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Pid p = node.spawn(release::await);
        int before = NodeCounters.of(node).pendingTimers();
        TimerRef t = node.sendAfter(Duration.ofHours(1), p, "late");
        assertThat(NodeCounters.of(node).pendingTimers()).isEqualTo(before + 1);
        t.cancel();
        assertThat(NodeCounters.of(node).pendingTimers()).isEqualTo(before);
        release.countDown();
    }

    @Test
    void eachProcess_visitsEveryLiveProcessOnce(Node node) {
        CountDownLatch release = new CountDownLatch(1);
        java.util.Set<Pid> spawned = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            spawned.add(node.spawn(release::await));
        }
        java.util.List<Pid> seen = new java.util.ArrayList<>();
        NodeCounters.eachProcess(node, c -> seen.add(c.pid()));
        assertThat(seen).hasSize(node.processCount()).doesNotHaveDuplicates();
        assertThat(seen).containsAll(spawned);
        release.countDown();
    }
}
