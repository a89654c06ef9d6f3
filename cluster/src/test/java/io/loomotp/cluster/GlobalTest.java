package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.Probe;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.event.Level;

/**
 * Global names between this JVM's node "a" and node JVMs, after OTP's global_SUITE (register_1, name_exit,
 * global_lost_nodes, names, and the name clash of a healed partition, resolved by random_exit_name,
 * random_notify_name or the user's function). The partition case runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlobalTest {
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

    private static Global global() {
        return a.cluster.global();
    }

    /** Node {@code node}'s answer to whereis(name), asked until it equals {@code expected} (bounded). */
    private static void awaitWhereis(String node, String name, Pid expected) {
        Await.until(() -> Objects.equals(whereisOn(node, name), expected),
                node + " sees " + name + " held by " + expected);
    }

    private static Pid whereisOn(String node, String name) {
        Probe p = Probe.spawn(a.node);
        a.cluster.send(node, "agent", new Wire.GlobalWhereIs(name, p.pid()));
        return p.next(Wire.Found.class).pid();
    }

    /** A process on {@code node} that registers {@code name} globally; its pid, or null if it was refused. */
    private static Pid registerOn(String node, String name, String resolver, Probe reports) {
        a.cluster.send(node, "agent", new Wire.GlobalRegister(name, resolver, reports.pid()));
        return reports.next(Wire.Found.class).pid();
    }

    /** Registers {@code name} on b for a new process there (exit resolver), and waits until a sees it: that pid. */
    private static Pid heldOnB(String name, Probe reports) {
        Pid onB = registerOn("b", name, "exit", reports);
        assertThat(onB).as("b registered " + name).isNotNull();
        Await.until(() -> onB.equals(global().whereis(name)), "a sees " + name + " on b");
        return onB;
    }

    @Test
    void register_1_visibleOnEveryNodeAndUniqueAndUnregistered() {
        // given
        Probe holder = Probe.spawn(a.node);
        // when
        assertThat(global().register("register_1", holder.pid())).isTrue();
        // then
        assertThat(global().whereis("register_1")).isEqualTo(holder.pid());
        awaitWhereis("b", "register_1", holder.pid());
        Probe reports = Probe.spawn(a.node);
        assertThat(registerOn("b", "register_1", "exit", reports)).isNull(); // taken: no
        assertThat(global().register("register_1", Probe.spawn(a.node).pid())).isFalse();
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.cluster")) {
            // the same name again for its holder: no, and nothing logged (the taken name answers first in OTP)
            assertThat(global().register("register_1", holder.pid())).isFalse();
            // one name per process, and the second is logged as an error, as global's check_dupname does
            assertThat(global().register("another name", holder.pid())).isFalse();
            assertThat(log.await(1)).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(Level.ERROR);
                assertThat(e.message()).isEqualTo("global: " + holder.pid()
                        + " registered under several names: register_1 and another name");
            });
        }
        assertThat(global().registeredNames()).contains("register_1");

        assertThat(global().unregister("register_1")).isTrue();
        assertThat(global().whereis("register_1")).isNull();
        awaitWhereis("b", "register_1", null);
        assertThat(global().unregister("register_1")).isFalse();
    }

    @Test
    void re_register_name_movesTheNameFromAnyHolderOnAnyNode_theHolderLivesOn() {
        // held on b: register says no, reRegister moves it here
        Probe reports = Probe.spawn(a.node);
        Pid onB = heldOnB("re_reg", reports);
        Probe first = Probe.spawn(a.node);
        assertThat(global().register("re_reg", first.pid())).isFalse();
        assertThat(global().reRegister("re_reg", first.pid())).isTrue();
        assertThat(global().whereis("re_reg")).isEqualTo(first.pid());
        awaitWhereis("b", "re_reg", first.pid());
        a.node.send(onB, "still here");
        assertThat(reports.next(Wire.Seen.class)).as("b's holder lives on, without the name")
                .isEqualTo(new Wire.Seen("got", "still here"));

        // held here: it moves to another process of this node, and b follows
        Probe second = Probe.spawn(a.node);
        assertThat(global().reRegister("re_reg", second.pid())).isTrue();
        assertThat(global().whereis("re_reg")).isEqualTo(second.pid());
        awaitWhereis("b", "re_reg", second.pid());
        assertThat(global().register("first's own", first.pid())).as("first holds no name now").isTrue();
        assertThat(global().reRegister("re_reg", second.pid())).as("to its own holder: yes, nothing moves").isTrue();
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.cluster")) {
            assertThat(global().reRegister("re_reg", first.pid())).as("first holds another name").isFalse();
            assertThat(log.await(1)).singleElement().satisfies(e -> assertThat(e.level()).isEqualTo(Level.ERROR));
        }
        assertThat(global().whereis("re_reg")).isEqualTo(second.pid());

        // b takes it back: its claim crosses to the leader (a), and a's holder is told to drop it
        a.cluster.send("b", "agent", new Wire.GlobalReRegister("re_reg", reports.pid()));
        Pid third = reports.next(Wire.Found.class).pid();
        assertThat(third).isNotNull();
        Await.until(() -> third.equals(global().whereis("re_reg")), "a sees re_reg back on b");
        awaitWhereis("b", "re_reg", third);
        assertThat(global().register("re_reg_free", second.pid())).as("second holds no name now").isTrue();
        assertThat(global().unregister("re_reg_free")).isTrue();
        assertThat(global().reRegister("re_reg", second.pid())).isTrue();
        awaitWhereis("b", "re_reg", second.pid());

        // a free name: as register; the holder's end releases it everywhere, as for any name
        assertThat(global().reRegister("re_reg_free", Probe.spawn(a.node).pid())).isTrue();
        a.node.exit(second.pid(), ExitReason.KILL);
        Await.until(() -> global().whereis("re_reg") == null, "a releases re_reg");
        awaitWhereis("b", "re_reg", null);
        assertThatThrownBy(() -> global().reRegister("re_reg", onB)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("re-register it there");
        assertThat(global().unregister("first's own")).isTrue();
        assertThat(global().unregister("re_reg_free")).isTrue();
    }

    @Test
    void sync_afterItReturns_aNameRegisteredOnAnotherNodeIsSeenHere() {
        for (int round = 0; round < 5; round++) {
            String name = "sync_" + round;
            Pid onB = registerOn("b", name, "exit", Probe.spawn(a.node)); // registered on b before it answers
            global().sync(); // no polling: the barrier comes after b's broadcast of the name
            assertThat(global().whereis(name)).isEqualTo(onB);
            a.node.exit(onB, ExitReason.KILL);
            Await.until(() -> global().whereis(name) == null, "a sees " + name + " released");
        }
    }

    @Test
    void send_byGlobalName_reachesTheProcessOnAnotherNode() {
        Probe reports = Probe.spawn(a.node);
        Pid onB = heldOnB("send_1", reports);

        assertThat(global().send("send_1", "hello")).isEqualTo(onB);

        assertThat(reports.next(Wire.Seen.class)).isEqualTo(new Wire.Seen("got", "hello"));
        // unregistered from a, removed on its own node b: gone everywhere when unregister returns (a multi_call in OTP)
        assertThat(global().unregister("send_1")).isTrue();
        assertThat(global().whereis("send_1")).isNull();
        assertThat(whereisOn("b", "send_1")).isNull();
        Probe next = Probe.spawn(a.node);
        assertThat(global().register("send_1", next.pid())).as("not refused by a stale replica").isTrue();
        assertThat(whereisOn("b", "send_1")).as("b has it when register returned").isEqualTo(next.pid());
        assertThat(global().unregister("send_1")).isTrue();
        assertThat(whereisOn("b", "send_1")).isNull();
    }

    /** global_SUITE's register_1 from the other side: b's register has returned, so a sees the name at once. */
    @Test
    void register_onAnotherNode_isSeenHereWhenItReturns() {
        for (int round = 0; round < 5; round++) {
            String name = "seen_" + round;
            Pid onB = registerOn("b", name, "exit", Probe.spawn(a.node));
            assertThat(global().whereis(name)).as("no sync, no polling").isEqualTo(onB);
            a.node.exit(onB, ExitReason.KILL);
            Await.until(() -> global().whereis(name) == null, "a sees " + name + " released");
        }
    }

    @Test
    void whereisGlobal_generatedClient_findsAndCallsTheServer() {
        KvRef kv = KvRef.start(a.node, Kv::new, io.loomotp.runtime.server.StartOptions.defaults());
        assertThat(global().register("kv_global", kv.pid())).isTrue();
        assertThat(KvRef.whereisGlobal(a.node, "kv_global")).isEqualTo(kv);
        assertThat(KvRef.whereisGlobal(a.node, "kv_global").add(3)).isEqualTo(3);
        assertThat(KvRef.whereisGlobal(a.node, "nobody")).isNull();
        awaitWhereis("b", "kv_global", kv.pid());
        KvRef byName = KvRef.byGlobalName(a.node, "kv_global"); // gen_server:call({global, Name}, Req)
        assertThat(byName.add(4)).isEqualTo(7);
        assertThat(byName).hasToString("KvRef[global:kv_global]");
        kv.stop();
        Await.until(() -> KvRef.whereisGlobal(a.node, "kv_global") == null, "the name went with the server");
        assertThatThrownBy(() -> byName.add(1)).isInstanceOf(NoProcessException.class);
        byName.reset(); // dropped: nobody holds the name
    }

    /** gen_server_SUITE's start with {@code {global, Name}}: registered before init, held once in the cluster. */
    @Test
    void start_withAGlobalName_registersItBeforeInit_andASecondStartIsAlreadyStarted() {
        var options = io.loomotp.runtime.server.StartOptions.defaults().withGlobalName("kv_started");
        KvRef kv = KvRef.start(a.node, Kv::new, options);
        assertThat(global().whereis("kv_started")).isEqualTo(kv.pid());
        awaitWhereis("b", "kv_started", kv.pid());
        assertThat(KvRef.byGlobalName(a.node, "kv_started").add(2)).isEqualTo(2);
        int processes = a.node.processCount();
        assertThatThrownBy(() -> KvRef.start(a.node, Kv::new, options))
                .isInstanceOfSatisfying(io.loomotp.runtime.AlreadyStartedException.class,
                        e -> assertThat(e.holder()).isEqualTo(kv.pid()));
        assertThat(a.node.processCount()).as("the refused process is gone").isEqualTo(processes);
        kv.stop();
        Await.until(() -> global().whereis("kv_started") == null, "the name went with the server");
        KvRef again = KvRef.start(a.node, Kv::new, options);
        assertThat(global().whereis("kv_started")).isEqualTo(again.pid());
        again.stop();
    }

    @Test
    void register_manyNames_figuresAndEveryNameVisibleOnB() {
        int n = 500;
        List<Pid> holders = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            holders.add(Probe.spawn(a.node).pid());
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(global().register("many_" + i, holders.get(i))).isTrue();
        }
        long registerNs = (System.nanoTime() - t0) / n;
        long t1 = System.nanoTime();
        int found = 0;
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < n; i++) {
                found += global().whereis("many_" + i) != null ? 1 : 0;
            }
        }
        long whereisNs = (System.nanoTime() - t1) / (100L * n);
        assertThat(found).isEqualTo(100 * n);
        awaitWhereis("b", "many_" + (n - 1), holders.get(n - 1));
        System.out.printf("global: register on the leader node (a), sequential, %d names: %.1f us each; "
                + "whereis (local read): %d ns%n", n, registerNs / 1e3, whereisNs);
        for (int i = 0; i < n; i++) {
            assertThat(global().unregister("many_" + i)).isTrue();
        }
        awaitWhereis("b", "many_" + (n - 1), null);
    }

    @Test
    void send_unknownName_noProcessException() {
        assertThatThrownBy(() -> global().send("nobody", "x")).isInstanceOf(NoProcessException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void register_processOfAnotherNode_illegalArgument() {
        Pid onB = a.freshKv("b");
        assertThatThrownBy(() -> global().register("remote", onB)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("register it there");
    }

    @Test
    void name_exit_holderDies_nameReleasedEverywhere() {
        // a process of a dies
        Probe local = Probe.spawn(a.node);
        assertThat(global().register("name_exit_a", local.pid())).isTrue();
        awaitWhereis("b", "name_exit_a", local.pid());
        a.node.exit(local.pid(), ExitReason.KILL);
        Await.until(() -> global().whereis("name_exit_a") == null, "a releases name_exit_a");
        awaitWhereis("b", "name_exit_a", null);

        // a process of b dies
        Pid onB = heldOnB("name_exit_b", Probe.spawn(a.node));
        a.node.exit(onB, ExitReason.KILL);
        Await.until(() -> global().whereis("name_exit_b") == null, "a releases name_exit_b");
    }

    @Test
    void register_sameNameFromTwoNodesAtOnce_exactlyOneGetsIt() {
        for (int round = 0; round < 5; round++) {
            String name = "race_" + round;
            Probe reports = Probe.spawn(a.node);
            Probe local = Probe.spawn(a.node);
            a.cluster.send("b", "agent", new Wire.GlobalRegister(name, "exit", reports.pid()));
            boolean mine = global().register(name, local.pid());
            Pid theirs = reports.next(Wire.Found.class).pid();
            assertThat(mine ^ (theirs != null)).as("exactly one of a and b got %s", name).isTrue();
            Pid winner = mine ? local.pid() : theirs;
            Await.until(() -> winner.equals(global().whereis(name)), "a sees the winner");
            awaitWhereis("b", name, winner);
        }
    }

    /** A process on {@code node} that sets a lock; its pid, or null if it was refused. */
    private static Pid lockOn(String node, String resource, String requester, int retries, Probe reports) {
        a.cluster.send(node, "agent", new Wire.GlobalLock(resource, requester, retries, reports.pid()));
        return reports.next(Wire.Found.class).pid();
    }

    /** Whether a new process of a sets the lock at its first try; if it did, it deletes it before it ends. */
    private static boolean setOnceOnA(String resource, String requester) {
        CompletableFuture<Boolean> set = new CompletableFuture<>();
        a.node.spawn(() -> {
            Global.LockId id = new Global.LockId(resource, requester);
            boolean got = global().setLock(id, null, 0);
            if (got) {
                global().delLock(id); // synchronous on every node: the next try anywhere finds it free
            }
            set.complete(got);
        });
        return set.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    @Test
    void set_lock_heldOnEveryNode_refusedToAnotherRequester_releasedByDelLockAndByTheHoldersEnd() {
        Probe reports = Probe.spawn(a.node);
        Probe first = Probe.spawn(a.node);
        Global.LockId id = new Global.LockId("printer", "a-req");
        assertThat(first.exec(() -> global().setLock(id))).isTrue();
        assertThat(lockOn("b", "printer", "b-req", 0, reports)).isNull(); // refused on a (and b), no retry
        // the same requester shares the lock, from another process
        Probe sharer = Probe.spawn(a.node);
        assertThat(sharer.exec(() -> global().setLock(id, null, 0))).isTrue();
        first.exec(() -> {
            global().delLock(id);
            return null;
        });
        assertThat(lockOn("b", "printer", "b-req", 0, reports)).isNull(); // the sharer still holds it
        sharer.exec(() -> {
            global().delLock(id);
            return null;
        });
        Pid onB = lockOn("b", "printer", "b-req", 0, reports);
        assertThat(onB).isNotNull();
        assertThat(Probe.spawn(a.node).exec(() -> global().setLock(id, null, 0))).isFalse();
        a.node.send(onB, "release");
        assertThat(reports.next(Wire.Seen.class)).isEqualTo(new Wire.Seen("released", "printer"));
        assertThat(setOnceOnA("printer", "a-req")).isTrue();
        // a holder that ends releases the lock on every node
        Pid ending = lockOn("b", "printer", "b-req", 0, reports);
        assertThat(ending).isNotNull();
        a.node.send(ending, "exit");
        Await.until(() -> setOnceOnA("printer", "a-req"), "a sets the lock once b's holder has ended");
    }

    @Test
    void set_lock_retries_waitsUntilTheHolderReleases() {
        Probe reports = Probe.spawn(a.node);
        Pid onB = lockOn("b", "retried", "b-req", 0, reports);
        assertThat(onB).isNotNull();
        CompletableFuture<Boolean> set = new CompletableFuture<>();
        CompletableFuture<Boolean> tried = new CompletableFuture<>();
        a.node.spawn(() -> {
            Global.LockId id = new Global.LockId("retried", "a-req");
            tried.complete(global().setLock(id, null, 0)); // refused once, then retried for ever
            set.complete(global().setLock(id));
            global().delLock(id);
        });
        assertThat(tried).succeedsWithin(java.time.Duration.ofSeconds(30)).isEqualTo(false);
        a.node.send(onB, "release"); // the waiter, retrying for ever, gets it after at most a few backoffs
        assertThat(set).succeedsWithin(java.time.Duration.ofSeconds(20)).isEqualTo(true);
    }

    @Test
    void trans_runsTheActionUnderTheLock_releasesIt_andAbortsWhenHeldElsewhere() {
        Global.LockId id = new Global.LockId("account", "a-req");
        Probe p = Probe.spawn(a.node);
        Probe reports = Probe.spawn(a.node);
        assertThat(p.exec(() -> global().trans(id, () -> {
            // held on b too while the action runs
            assertThat(lockOn("b", "account", "b-req", 0, reports)).isNull();
            return 42;
        }))).isEqualTo(42);
        Pid onB = lockOn("b", "account", "b-req", 0, reports); // released after the action
        assertThat(onB).isNotNull();
        List<Boolean> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> p.exec(() -> global().trans(id, () -> ran.add(true), null, 1)))
                .isInstanceOf(LockAbortedException.class)
                .hasMessageContaining("lock account for a-req was held by another requester in all 2 tries");
        assertThat(ran).isEmpty();
        a.node.send(onB, "exit");
    }

    @Test
    void set_lock_misuse_isRefusedWithAPreciseError() {
        assertThatThrownBy(() -> global().setLock(new Global.LockId("r", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Global.setLock must be called from a process");
        assertThatThrownBy(() -> new Global.LockId("r", 42))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a String or a Pid");
        assertThatThrownBy(() -> Probe.spawn(a.node).exec(() -> global().setLock(new Global.LockId("r", "x"),
                null, -1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries");
    }

    @Test
    void global_lost_nodes_namesOfALostNodeAreReleased() {
        try (NodeJvm c = a.startJvm("c")) {
            Pid onC = registerOn("c", "lost_1", "exit", Probe.spawn(a.node));
            Await.until(() -> onC.equals(global().whereis("lost_1")), "a sees lost_1");
            awaitWhereis("b", "lost_1", onC);
            Probe reports = Probe.spawn(a.node);
            assertThat(lockOn("c", "lost_lock", "c-req", 0, reports)).isNotNull();
            assertThat(setOnceOnA("lost_lock", "a-req")).isFalse();
            c.kill();
            Await.until(() -> global().whereis("lost_1") == null, "a releases lost_1");
            awaitWhereis("b", "lost_1", null);
            // the locks its processes held are released too
            Await.until(() -> setOnceOnA("lost_lock", "a-req"), "a sets the lock c's process held");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: a node that joins while a merge settles can be refused and form its own view
    void names_clashAfterPartitionHeals_resolvedByEachNamesResolver() {
        // a node JVM b of its own, with none of the earlier cases' names, locks or lost nodes: b's registrations while
        // alone were refused once in a full build, and the rerun, on the same b, was refused the same way
        Probe bGone = Probe.spawn(a.node);
        a.cluster.monitorNode("b", bGone.pid());
        b.close();
        assertThat(bGone.next()).isEqualTo(new NodeDown("b"));
        b = a.startJvm("b");
        // given: a cuts itself off; b registers three names while alone, and reports once a is back
        Probe fromB = Probe.spawn(a.node);
        a.cluster.send("b", "agent", new Wire.Isolated("a", List.of(
                new Wire.GlobalRegister("clash_exit", "exit", fromB.pid()),
                new Wire.GlobalRegister("clash_notify", "notify", fromB.pid()),
                new Wire.GlobalRegister("clash_user", "exit", fromB.pid()))));
        // not before b has the request: the isolation would drop it if it were still on its way out
        assertThat(fromB.next(Wire.Seen.class)).isEqualTo(new Wire.Seen("ready", "a"));
        Partition.isolate(a.cluster);
        Probe exitHolder = Probe.spawn(a.node);
        Probe notifyHolder = Probe.spawn(a.node);
        Probe userHolder = Probe.spawn(a.node);
        CompletableFuture<List<Pid>> userResolverSaw = new CompletableFuture<>();
        try {
            Await.until(() -> a.cluster.nodes().isEmpty(), "a alone");
            // when: a registers the same names on its side
            assertThat(global().register("clash_exit", exitHolder.pid())).isTrue();
            assertThat(global().register("clash_notify", notifyHolder.pid(), NameResolver.RANDOM_NOTIFY_NAME))
                    .isTrue();
            assertThat(global().register("clash_user", userHolder.pid(), (name, mine, theirs) -> {
                userResolverSaw.complete(List.of(mine, theirs));
                return theirs; // the user's choice: the other node's process keeps it
            })).isTrue();
        } finally {
            Partition.heal(a.cluster);
        }
        Partition.awaitMerged(a.cluster, "b");
        java.util.Map<String, Pid> onB = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            Wire.Found f = fromB.next(Wire.Found.class);
            onB.put(f.name(), f.pid());
        }
        Pid bExit = onB.get("clash_exit");
        Pid bUser = onB.get("clash_user");
        assertThat(onB.values()).hasSize(3).doesNotContainNull(); // each side registered while alone

        // then: random_exit_name: the process on the node whose name sorts first ("a") keeps it, b's is killed
        Await.until(() -> exitHolder.pid().equals(global().whereis("clash_exit")), "a keeps clash_exit");
        awaitWhereis("b", "clash_exit", exitHolder.pid());
        Probe watcher = Probe.spawn(a.node);
        MonitorRef ref = watcher.exec(() -> Process.monitor(bExit));
        Down down = watcher.next(Down.class);
        assertThat(down.ref()).isEqualTo(ref);
        assertThat(down.reason()).isIn(ExitReason.KILLED, ExitReason.NOPROC); // killed, or already gone
        assertThat(a.node.isAlive(exitHolder.pid())).isTrue();

        // random_notify_name: b's process is told, stays alive, and loses the name
        Await.until(() -> notifyHolder.pid().equals(global().whereis("clash_notify")), "a keeps clash_notify");
        awaitWhereis("b", "clash_notify", notifyHolder.pid());
        assertThat(fromB.next(Wire.Seen.class))
                .isEqualTo(new Wire.Seen("got", new GlobalNameConflict("clash_notify", null).toString()));

        // the user's resolver ran once on a, with a's process first; b's process keeps the name
        assertThat(userResolverSaw.join()).containsExactly(userHolder.pid(), bUser);
        Await.until(() -> bUser.equals(global().whereis("clash_user")), "b keeps clash_user");
        awaitWhereis("b", "clash_user", bUser);
        assertThat(a.node.isAlive(userHolder.pid())).isTrue();
    }
}
