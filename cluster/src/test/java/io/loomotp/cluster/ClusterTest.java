package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Remote sends, calls, links, monitors and the allow-list, between this JVM's node "a" and a node JVM "b" on
 * loopback. The cases follow OTP's distribution suites where they have a name (dist_link, dist_monitor).
 */
class ClusterTest {
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
    void nodes_listsTheNodesUp() {
        assertThat(a.cluster.nodes()).containsExactly("b");
        assertThat(a.cluster.name()).isEqualTo("a");
    }

    @Test
    void call_throughGeneratedRef_repliesInOrderWithCasts() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        assertThat(kv.pid().toString()).matches("<\\d+\\.\\d+>");
        assertThat(kv.add(2)).isEqualTo(2);
        kv.reset();
        assertThat(kv.add(5)).isEqualTo(5); // the cast arrived before the call sent after it

        int calls = 2000;
        // 4,000 calls between C1-only JVMs: 0.4-2.3 s in verify runs, once past Probe's default 5 s on a loaded machine
        long perCall = Probe.spawn(a.node).exec(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < calls; i++) {
                kv.add(1); // warm-up
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                kv.add(1);
            }
            return (System.nanoTime() - t0) / calls;
        });
        System.out.printf("remote call round trip from a process (loopback, sequential, %d calls after as many to "
                + "warm up): %.1f us%n", calls, perCall / 1e3);
        assertThat(kv.add(0)).isEqualTo(5 + 2 * calls);
    }

    @Test
    void call_noReplyInTime_callTimeoutException() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> kv.hang(Duration.ofMillis(300))).isInstanceOf(CallTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void call_calleeCrashes_processExitWithTheRemoteCrash() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        assertThatThrownBy(() -> kv.die("boom")).isInstanceOfSatisfying(ProcessExitException.class, e -> {
            assertThat(e.pid()).isEqualTo(kv.pid());
            assertThat(e.reason()).isInstanceOfSatisfying(ExitReason.Crash.class, c -> {
                assertThat(c.cause()).isInstanceOf(RemoteCrashException.class);
                assertThat(((RemoteCrashException) c.cause()).className()).isEqualTo("java.lang.IllegalStateException");
                assertThat(c.cause().getMessage()).isEqualTo("boom");
            });
        });
    }

    @Test
    void sendRequest_remoteServers_responsesComeToTheMailbox_andFailuresSayWhy() {
        Pid adder = a.freshKv("b");
        Pid hanging = a.freshKv("b");
        Pid dying = a.freshKv("b");
        Pid dead = a.freshKv("b");
        a.node.exit(dead, ExitReason.KILL);
        io.loomotp.runtime.testing.Await.until(() -> isDead(dead), "b to see the killed server dead");
        List<Object> seen = Probe.spawn(a.node).exec(Duration.ofSeconds(30), () -> {
            RequestId hang = KvRef.of(hanging).sendRequest().hang();
            RequestId add = KvRef.of(adder).sendRequest().add(4);
            RequestId die = KvRef.of(dying).sendRequest().die("boom");
            RequestId noproc = KvRef.of(dead).sendRequest().add(1);
            List<Object> all = new java.util.ArrayList<>();
            all.add(GenServer.receiveResponse(add, Duration.ofSeconds(10)));
            for (RequestId failing : List.of(die, noproc, hang)) {
                try {
                    GenServer.receiveResponse(failing, failing == hang ? Duration.ofMillis(200)
                            : Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    all.add(e.getClass().getSimpleName());
                }
            }
            all.add(String.valueOf(Process.receive(Duration.ZERO))); // nothing else came
            return all;
        });
        assertThat(seen).containsExactly(4, "ProcessExitException", "NoProcessException", "CallTimeoutException",
                "null");
    }

    private static boolean isDead(Pid kv) {
        try {
            KvRef.of(kv).add(0);
            return false;
        } catch (NoProcessException gone) {
            return true;
        }
    }

    @Test
    void nameOnNode_whereisCallCastAbcastAndMultiCall_asGenServersNameNode() {
        Duration t = Duration.ofSeconds(10);
        Pid kv = a.cluster.whereis("b", "kv");
        assertThat(kv).isNotNull().isEqualTo(a.whereis("b", "kv"));
        assertThat(a.cluster.whereis("b", "nobody")).isNull();
        assertThat(a.cluster.whereis("a", "nobody")).isNull();
        assertThatThrownBy(() -> a.cluster.whereis("zz", "kv")).isInstanceOf(ClusterException.class)
                .hasMessageContaining("zz");

        // gen_server:cast({kv, b}) then gen_server:call({kv, b}): in order, from one sender
        a.cluster.cast("b", "kv", Kv_Dispatch.Reset.INSTANCE);
        assertThat(a.cluster.call("b", "kv", new Kv_Dispatch.Add(3), t)).isEqualTo(3);
        assertThatThrownBy(() -> a.cluster.call("b", "nobody", new Kv_Dispatch.Add(1), t))
                .isInstanceOf(NoProcessException.class).hasMessageContaining("nobody on node b");

        KvRef local = KvRef.start(a.node, Kv::new, StartOptions.defaults().withName("kv"));
        KvRef slow = KvRef.start(a.node, Kv::new, StartOptions.defaults().withName("slow"));
        try {
            a.cluster.abcast("kv", Kv_Dispatch.Reset.INSTANCE); // a's kv and b's
            MultiCallResult added = a.cluster.multiCall(List.of("a", "b", "zz"), "kv", new Kv_Dispatch.Add(5), t);
            assertThat(added.replies()).containsExactly(Map.entry("a", 5), Map.entry("b", 5));
            assertThat(added.badNodes()).containsExactly("zz"); // not connected
            assertThat(a.cluster.multiCall("kv", new Kv_Dispatch.Add(1)).replies())
                    .containsExactly(Map.entry("a", 6), Map.entry("b", 6));

            // a's server hangs past the timeout, b has nobody under the name: both bad, in about the timeout
            long t0 = System.nanoTime();
            MultiCallResult hung = a.cluster.multiCall(List.of("a", "b"), "slow", Kv_Dispatch.Hang.INSTANCE,
                    Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(hung.replies()).isEmpty();
            assertThat(hung.badNodes()).containsExactly("a", "b");
            assertThatThrownBy(() -> a.cluster.multiCall(List.of("b"), "kv", "x", Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        } finally {
            local.stop();
            a.node.exit(slow.pid(), ExitReason.KILL); // asleep in its handler for ten minutes
        }
    }

    @Test
    void call_deadProcess_noProcessException() {
        Pid kv = a.freshKv("b");
        Probe p = Probe.spawn(a.node);
        MonitorRef ref = p.exec(() -> Process.monitor(kv));
        a.node.exit(kv, ExitReason.KILL);
        assertThat(p.next(Down.class)).isEqualTo(new Down(ref, kv, ExitReason.KILLED));
        assertThatThrownBy(() -> KvRef.of(kv).add(1)).isInstanceOf(NoProcessException.class);
    }

    @Test
    void dist_link_remoteExitReachesLocalLink() {
        Pid kv = a.freshKv("b");
        Probe p = Probe.spawnTrapping(a.node);
        p.run(() -> Process.link(kv));
        MonitorRef ref = p.exec(() -> Process.monitor(kv));
        // process_info(P, links) and (P, monitors) list remote pids too
        assertThat(a.node.info(p.pid()).links()).containsExactly(kv);
        assertThat(a.node.info(p.pid()).monitors()).containsExactly(kv);
        a.node.exit(kv, ExitReason.custom("boom"));
        assertThat(p.next(Exit.class)).isEqualTo(new Exit(kv, ExitReason.custom("boom")));
        assertThat(p.next(Down.class)).isEqualTo(new Down(ref, kv, ExitReason.custom("boom")));
        assertThat(a.node.info(p.pid()).links()).isEmpty();
        assertThat(a.node.info(p.pid()).monitors()).isEmpty();
    }

    @Test
    void dist_link_localDeathReachesRemoteLinkAndMonitor() {
        Pid local = a.node.spawn(() -> Process.receive());
        Probe reports = Probe.spawn(a.node);
        a.cluster.send("b", "agent", new Wire.Watch(local, reports.pid()));
        assertThat(reports.next(Wire.Seen.class)).isEqualTo(new Wire.Seen("linked", ""));
        // b's watcher, a remote pid, in process_info(P, links) and (P, monitored_by)
        assertThat(a.node.info(local).links()).singleElement()
                .satisfies(pid -> assertThat(pid.nodeId()).isNotEqualTo(a.node.id()));
        assertThat(a.node.info(local).monitoredBy()).isEqualTo(a.node.info(local).links());
        a.node.exit(local, ExitReason.custom("bye"));
        Set<Object> seen = new HashSet<>(List.of(reports.next(), reports.next()));
        assertThat(seen).containsExactlyInAnyOrder(new Wire.Seen("exit", "bye"), new Wire.Seen("down", "bye"));
    }

    /** Erlang's spawn on a node it cannot reach gives a pid; equal ones print alike (a new user's finding). */
    @Test
    void spawnOnAnUnreachableNode_equalPidsPrintAlike() {
        Probe p = Probe.spawn(a.node);
        Pid one = p.exec(() -> a.cluster.spawn("ghost", "echo", null));
        Pid two = p.exec(() -> a.cluster.spawn("ghost", "echo", null));
        assertThat(one).isEqualTo(two);
        assertThat(one.toString()).isEqualTo(two.toString());
    }

    @Test
    void dist_link_toDeadRemoteProcess_exitNoproc() {
        Pid kv = a.freshKv("b");
        Probe p = Probe.spawnTrapping(a.node);
        MonitorRef ref = p.exec(() -> Process.monitor(kv));
        a.node.exit(kv, ExitReason.KILL);
        assertThat(p.next(Down.class)).isEqualTo(new Down(ref, kv, ExitReason.KILLED));
        p.run(() -> Process.link(kv));
        assertThat(p.next(Exit.class)).isEqualTo(new Exit(kv, ExitReason.NOPROC));
    }

    @Test
    void send_manySendersToOneRemoteProcess_eachSendersMessagesInOrderAndNoneOvertakenByItsExit() {
        int senders = 4;
        int perSender = 500;
        List<Probe> reports = new java.util.ArrayList<>();
        List<Pid> collectors = new java.util.ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Probe report = Probe.spawn(a.node);
            a.cluster.send("b", "agent", new Wire.Collect(report.pid(), report.pid()));
            collectors.add(report.next(Wire.Found.class).pid());
            reports.add(report);
        }
        for (int s = 0; s < senders; s++) {
            Pid to = collectors.get(s);
            a.node.spawn(() -> { // the senders run at once, interleaving on the one channel to b
                for (int i = 0; i < perSender; i++) {
                    Process.send(to, i);
                }
                Process.exit(to, ExitReason.custom("done")); // a signal after the messages, on the same channel
            });
        }
        for (int s = 0; s < senders; s++) {
            Wire.Collected got = reports.get(s).next(Wire.Collected.class);
            assertThat(got.exitReason()).isEqualTo("done");
            assertThat(got.numbers()).hasSize(perSender).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void dist_monitor_downOnceWithTheReason() {
        Pid kv = a.freshKv("b");
        Probe p = Probe.spawn(a.node);
        MonitorRef ref = p.exec(() -> Process.monitor(kv));
        a.node.exit(kv, ExitReason.custom("gone"));
        assertThat(p.next(Down.class)).isEqualTo(new Down(ref, kv, ExitReason.custom("gone")));
        MonitorRef again = p.exec(() -> Process.monitor(kv));
        assertThat(p.next(Down.class)).isEqualTo(new Down(again, kv, ExitReason.NOPROC));
    }

    @Test
    void dist_monitor_demonitorFlush_noDownAfterwards() {
        Pid kv = a.freshKv("b");
        Probe p = Probe.spawn(a.node);
        MonitorRef first = p.exec(() -> Process.monitor(kv));
        assertThat(p.<Boolean>exec(() -> Process.demonitor(first, true))).isTrue();
        a.node.exit(kv, ExitReason.KILL);
        // frames from b arrive in order: a Down for the first monitor would come before the second's noproc
        MonitorRef second = Await.until(() -> {
            MonitorRef r = p.exec(() -> Process.monitor(kv));
            Down d = p.next(Down.class);
            assertThat(d.ref()).isSameAs(r);
            return d.reason().equals(ExitReason.NOPROC) ? r : null;
        });
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void send_toRegisteredNameOnNode_delivers_unknownNameOrNodeDropped() {
        Probe p = Probe.spawn(a.node);
        a.cluster.send("b", "nobody", "lost");
        a.cluster.send("zz", "agent", "lost");
        a.cluster.send("b", "agent", new Wire.WhoIs(p.pid(), "kv"));
        Wire.Found found = p.next(Wire.Found.class);
        assertThat(found.pid()).isNotNull();
        assertThatThrownBy(() -> a.node.isAlive(found.pid())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of node b");
    }

    @Test
    void send_classNotAllowed_refusedByTheSender() {
        Pid kv = a.whereis("b", "kv");
        assertThatThrownBy(() -> a.node.send(kv, new Wire.Never(1)))
                .isInstanceOf(ClassNotAllowedException.class)
                .hasMessageContaining(Wire.Never.class.getName()).hasMessageContaining("refused by the sender");
    }

    @Test
    void call_classNotAllowedByTheReceiver_failsTheCallerAndNeverReachesTheHandler() {
        KvRef kv = KvRef.of(a.freshKv("b"));
        assertThatThrownBy(() -> GenServer.call(kv.pid(), new Wire.OnlyHere(1), Duration.ofSeconds(5)))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining(Wire.OnlyHere.class.getName()).hasMessageContaining("refused by the receiver");
        assertThat(kv.add(3)).isEqualTo(3); // the server never saw it, and lives
        // by name, the error names the process as the caller did, {Name, Node} (it named a made-up pid)
        assertThatThrownBy(() -> a.cluster.call("b", "kv", new Wire.OnlyHere(1), Duration.ofSeconds(5)))
                .isInstanceOf(ClusterException.class).hasMessageStartingWith("call to {kv, b} failed on node b: ")
                .hasMessageContaining("refused by the receiver");
    }

    @Test
    void send_tooLarge_messageTooLargeException() {
        Pid kv = a.whereis("b", "kv");
        assertThatThrownBy(() -> a.node.send(kv, new byte[2 << 20]))
                .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("[B");
    }

    @Test
    void join_wrongSecret_refused() {
        int port = NodeJvm.freePort();
        // JGroups' AUTH on a, the member x asks to join, logs each request it refuses: expected here, kept and checked
        try (LogCapture.Capture auth = LogCapture.capture("org.jgroups.protocols.AUTH");
             Node x = Node.create("x")) {
            assertThatThrownBy(() -> Cluster.join(x, ClusterConfig.of("x", "not-the-secret")
                    .withClusterName("loomotp-test").withBindPort(port)
                    .withInitialMembers(List.of("127.0.0.1:" + a.port, "127.0.0.1:" + port))))
                    .isInstanceOf(ClusterException.class).hasMessageContaining("refused");
            assertThat(auth.await(1).getFirst()).satisfies(e -> {
                assertThat(e.level()).isEqualTo(Level.WARN);
                assertThat(e.message()).contains("a: failed to validate AuthHeader",
                        "from x;", "sending rejection");
            });
        }
        assertThat(a.cluster.nodes()).containsExactly("b");
    }

    /**
     * A user's mistake: a configuration that names another node than the one joining. Refused before anything starts,
     * naming both; the node may then join under its own name. (It used to join half: its peers listed it under its
     * own name, its {@code rex} and global names answered to neither.)
     */
    @Test
    void join_configNamingAnotherNode_refused_namingBoth() {
        try (Node y = Node.create("y")) {
            assertThatThrownBy(() -> Cluster.join(y, solo("zzz"))).isInstanceOf(ClusterException.class)
                    .hasMessage("cannot join as node zzz: the local node is named y; give the configuration the "
                            + "node's own name (ClusterConfig.of(node.name(), secret), or withNodeName(node.name()))");
            assertThat(y.processCount()).isZero();
            try (Cluster c = Cluster.join(y, solo("y"))) {
                assertThat(c.name()).isEqualTo("y");
            }
        }
    }

    /**
     * A node joins once: a second join of the same node is refused at once, naming what it is already (it used to wait
     * forever for its controller, whose name the first join's held), and after close the node may join again. A user's
     * process holding the controller's name makes the join fail, not wait.
     */
    @Test
    void join_sameNodeTwice_refusedAtOnce_andAgainAfterClose() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Node x = Node.create("x")) {
                Cluster first = Cluster.join(x, solo("x"));
                assertThatThrownBy(() -> Cluster.join(x, solo("x").withClusterName("another")))
                        .isInstanceOf(ClusterException.class)
                        .hasMessageContaining("cannot join as node x of cluster another")
                        .hasMessageContaining("already node x of cluster loomotp-solo")
                        .hasMessageContaining("close that Cluster first");
                assertThat(first.name()).isEqualTo("x");
                first.close();
                Cluster again = Cluster.join(x, solo("x"));
                assertThat(again.nodes()).isEmpty();
                first.close(); // closed twice: the node's new membership stays
                assertThatThrownBy(() -> Cluster.join(x, solo("x"))).isInstanceOf(ClusterException.class)
                        .hasMessageContaining("already node x of cluster loomotp-solo");
                again.close();
            }
            for (String[] taken : new String[][] {{"loomotp.dist_ac", "distributed application controller"},
                    {"global_name_server", "global name server"}, {"rex", "rpc server"}}) {
                try (Node y = Node.create("y")) {
                    Pid squatter = y.spawn(() -> {
                        Process.register(taken[0]);
                        Process.receive();
                    });
                    io.loomotp.runtime.testing.Await.until(() -> y.whereis(taken[0]), "the name taken");
                    assertThatThrownBy(() -> Cluster.join(y, solo("y"))).isInstanceOf(ClusterException.class)
                            .hasMessageContaining(taken[1]).hasMessageContaining(taken[0]);
                    y.exit(squatter, ExitReason.KILL);
                    io.loomotp.runtime.testing.Await.until(() -> y.whereis(taken[0]) == null ? y : null,
                            "the name free");
                    Cluster later = Cluster.join(y, solo("y")); // the failed join left nothing behind
                    assertThat(later.name()).isEqualTo("y");
                    Pid holder = y.spawn(() -> Process.receive());
                    assertThat(later.global().register("g", holder)).isTrue(); // its name server answers
                    assertThat(later.global().whereis("g")).isEqualTo(holder);
                    later.close();
                }
            }
        });
    }

    /** A cluster of one node of its own, on a free port. */
    private static ClusterConfig solo(String name) {
        int port = NodeJvm.freePort();
        return ClusterConfig.of(name, NodeJvm.SECRET).withClusterName("loomotp-solo").withBindPort(port)
                .withInitialMembers(List.of("127.0.0.1:" + port));
    }

    /** A bounded retry on an event, never a sleep. */
    private static final class Await {
        static <T> T until(java.util.function.Supplier<T> attempt) {
            return io.loomotp.runtime.testing.Await.until(attempt, "a noproc Down");
        }
    }
}
