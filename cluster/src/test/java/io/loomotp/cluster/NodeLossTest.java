package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RegisteredName;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.Response;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node JVM killed with {@code kill -9}: OTP's nodedown cases. Every local link, monitor, node monitor and call in
 * flight to it must see {@code noconnection} within the failure-detection time; a node restarted under the same name
 * is a new incarnation whose predecessor's pids are dead.
 */
class NodeLossTest {
    private static LocalNode a;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
    }

    @AfterAll
    static void stopCluster() {
        if (a != null) {
            a.close();
        }
    }

    @Test
    void nodedown_killNine_noconnectionToLinksMonitorsCallsAndNodeMonitors() throws Exception {
        Probe allNodes = Probe.spawn(a.node);
        a.cluster.monitorNodes(allNodes.pid(), true);
        try (NodeJvm c = a.startJvm("c")) {
            assertThat(nextAbout(allNodes, "c")).isEqualTo(new NodeUp("c"));
            Pid kv = a.whereis("c", "kv");
            Watchers w = Watchers.of("c", kv);
            Pid busy = a.freshKv("c");
            CompletableFuture<Throwable> call = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    KvRef.of(busy).hang(Duration.ofSeconds(30));
                    call.complete(null);
                } catch (Throwable t) {
                    call.complete(t);
                }
            });
            a.cluster.rpc("c", "startKv", "kv_hang");
            CompletableFuture<Throwable> byName = new CompletableFuture<>(); // {kv_hang, c}: no pid known here
            Thread.ofVirtual().start(() -> {
                try {
                    a.cluster.call("c", "kv_hang", Kv_Dispatch.Hang.INSTANCE, Duration.ofSeconds(30));
                    byName.complete(null);
                } catch (Throwable t) {
                    byName.complete(t);
                }
            });
            Probe requester = Probe.spawn(a.node); // an asynchronous request that is never answered: it hangs too
            RequestId pending = requester.exec(() -> KvRef.of(busy).sendRequest().hang());
            assertThat(KvRef.of(kv).add(1)).isEqualTo(1); // c is answering

            long t0 = System.nanoTime();
            c.kill();
            w.expectLost();
            Throwable failure = call.get(5, TimeUnit.SECONDS);
            long detectedMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("node loss (kill -9) signalled to links, monitors, calls and node monitors in %d ms "
                    + "(failure timeout %d ms)%n", detectedMs, NodeJvm.FAILURE_TIMEOUT_MS);
            assertThat(failure).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION));
            assertThat(byName.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ProcessExitException.class, e -> {
                assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION);
                assertThat(e.pid()).as("nobody here learnt the holder's pid").isNull();
                assertThat(e.name()).isEqualTo(new RegisteredName("kv_hang", "c"));
                assertThat(e).hasMessage("process {kv_hang, c} exited: noconnection");
            });
            Response.Failed lost = requester.next(Response.Failed.class); // it came to the requester's mailbox
            assertThat(lost.id()).isSameAs(pending);
            assertThat(lost.exception()).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION));
            assertThat(detectedMs).isLessThan(NodeJvm.FAILURE_TIMEOUT_MS + 3000);
            assertThat(a.cluster.nodes()).doesNotContain("c");
            assertThat(nextAbout(allNodes, "c")).isEqualTo(new NodeDown("c"));
        } finally {
            a.cluster.monitorNodes(allNodes.pid(), false);
        }
    }

    /**
     * The three ways a test watches a process of a node it will lose: a link (trapped), a monitor and a node
     * monitor, each expecting {@code noconnection} (or {@code NodeDown}).
     */
    private record Watchers(String node, Pid target, Probe linked, Probe monitoring, MonitorRef ref,
                            Probe nodeWatcher) {
        static Watchers of(String node, Pid target) {
            Probe linked = Probe.spawnTrapping(a.node);
            linked.run(() -> Process.link(target));
            Probe monitoring = Probe.spawn(a.node);
            MonitorRef ref = monitoring.exec(() -> Process.monitor(target));
            Probe nodeWatcher = Probe.spawn(a.node);
            a.cluster.monitorNode(node, nodeWatcher.pid());
            return new Watchers(node, target, linked, monitoring, ref, nodeWatcher);
        }

        void expectLost() {
            assertThat(nodeWatcher.next()).isEqualTo(new NodeDown(node));
            expectLostAfterNodeDown();
        }

        void expectLostAfterNodeDown() {
            assertThat(linked.next()).isEqualTo(new Exit(target, ExitReason.NOCONNECTION));
            assertThat(monitoring.next()).isEqualTo(new Down(ref, target, ExitReason.NOCONNECTION));
        }
    }

    /** The next node event about {@code node}, skipping those about nodes other tests stopped. */
    private static Object nextAbout(Probe probe, String node) {
        for (;;) {
            Object m = probe.next();
            if (m instanceof NodeUp(String n) && n.equals(node) || m instanceof NodeDown(String n2) && n2.equals(node)) {
                return m;
            }
        }
    }

    /**
     * A hung node (SIGSTOP: its sockets stay open, so only FD_ALL3's heartbeats find it) is lost as a killed one is:
     * {@code noconnection} to links and monitors, {@code NodeDown} to node monitors. Issue 14 asks for it within 3 s
     * with the default failure timeout; the bound asserted here is looser (a loaded build machine), the figure is
     * printed and tabled in docs/distribution.md.
     */
    @Test
    void nodedown_hungNode_noconnectionToLinksMonitorsAndNodeMonitors() {
        try (NodeJvm h = a.startJvm("h")) {
            Pid kv = a.whereis("h", "kv");
            Watchers w = Watchers.of("h", kv);
            assertThat(KvRef.of(kv).add(1)).isEqualTo(1); // h is answering

            long t0 = System.nanoTime();
            h.hang();
            assertThat(w.nodeWatcher().next()).isEqualTo(new NodeDown("h")); // timed at the first signal
            long detectedMs = (System.nanoTime() - t0) / 1_000_000;
            w.expectLostAfterNodeDown();
            System.out.printf("node loss (SIGSTOP) signalled to node monitors in %d ms (failure timeout %d ms)%n",
                    detectedMs, NodeJvm.FAILURE_TIMEOUT_MS);
            assertThat(detectedMs).isLessThan(NodeJvm.FAILURE_TIMEOUT_MS + 3000);
            assertThat(a.cluster.nodes()).doesNotContain("h");
        }
    }

    @Test
    void restart_sameName_pidsOfTheEarlierIncarnationAreDead() {
        Pid old;
        try (NodeJvm d = a.startJvm("d")) {
            old = a.whereis("d", "kv");
            Probe watcher = Probe.spawn(a.node);
            a.cluster.monitorNode("d", watcher.pid());
            d.kill();
            assertThat(watcher.next()).isEqualTo(new NodeDown("d"));
        }
        try (NodeJvm _ = a.startJvm("d")) {
            Pid fresh = a.whereis("d", "kv");
            assertThat(fresh).isNotEqualTo(old);
            a.node.send(old, "dropped"); // silently, as a send to any dead pid
            Probe p = Probe.spawn(a.node);
            MonitorRef ref = p.exec(() -> Process.monitor(old));
            assertThat(p.next()).isEqualTo(new Down(ref, old, ExitReason.NOPROC));
            assertThatThrownBy(() -> KvRef.of(old).add(1)).isInstanceOf(NoProcessException.class);
            assertThat(KvRef.of(fresh).add(1)).isEqualTo(1);
            Await.until(() -> a.cluster.nodes().contains("d"), "d listed");
        }
    }
}
