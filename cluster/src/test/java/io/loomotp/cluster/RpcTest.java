package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Functions applied on another node, {@code erpc:call} and {@code rpc:multicall}, between this JVM's node "a" and a
 * node JVM "b" on loopback; b's functions are registered by {@link NodeMain}. The outcomes follow OTP's erpc: a result,
 * the function's exception, the process's exit, a timeout, a lost or unknown node.
 */
class RpcTest {
    private static LocalNode a;
    private static NodeJvm b;

    @BeforeAll
    static void startCluster() {
        a = new LocalNode("a");
        a.cluster.registerFunction("twice", arg -> 2 * (Integer) arg);
        b = a.startJvm("b");
    }

    @AfterAll
    static void stopCluster() {
        LocalNode.closeAll(b, a);
    }

    @Test
    void call_returnsTheResult_appliedInANewProcessThere() {
        assertThat(a.cluster.rpc("b", "twice", 21)).isEqualTo(42);
        List<?> where = (List<?>) a.cluster.rpc("b", "where", null, Duration.ofSeconds(5));
        assertThat(where.get(0)).isEqualTo("b");
        assertThat(where.get(1)).isInstanceOf(RemotePid.class);
        Pid first = (Pid) where.get(1);
        assertThat(((List<?>) a.cluster.rpc("b", "where", null)).get(1)).as("a new process each time")
                .isNotEqualTo(first);
        assertThat(a.cluster.rpc("b", "nothing", "x")).isNull();
    }

    @Test
    void call_manyInARow_eachAnswered_andItsCostPrinted() {
        // measured, not asserted: an rpc spawns a process there and monitors it, so it costs more than a call
        int n = 200;
        long perRpc = Probe.spawn(a.node).exec(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < n; i++) {
                a.cluster.rpc("b", "twice", i); // warm-up
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                assertThat(a.cluster.rpc("b", "twice", i)).isEqualTo(2 * i);
            }
            return (System.nanoTime() - t0) / n;
        });
        System.out.printf("rpc round trip (loopback, sequential, %d after as many to warm up): %.1f us%n", n,
                perRpc / 1000.0);
    }

    @Test
    void call_fromAProcess_leavesNothingInItsMailbox() {
        Probe p = Probe.spawn(a.node);
        Object seen = p.exec(Duration.ofSeconds(10), () -> {
            Object r = a.cluster.rpc("b", "twice", 1);
            Object left = Process.receive(Duration.ofMillis(50));
            return List.of(r, left == null ? "empty" : left);
        });
        assertThat(seen).isEqualTo(List.of(2, "empty"));
    }

    /** erpc:cast: applied there, in a process of its own, without a wait; on this node too. */
    @Test
    void cast_appliesTheFunctionThere_withoutWaiting() {
        a.cluster.rpcCast("b", "startKv", "castKv");
        Await.until(() -> a.whereis("b", "castKv") != null, "the kv the cast started on b");
        java.util.concurrent.CompletableFuture<Object> here = new java.util.concurrent.CompletableFuture<>();
        a.cluster.registerFunction("note", here::complete);
        a.cluster.rpcCast("a", "note", 42);
        assertThat(here.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(42);
        a.cluster.rpcCast("nowhere", "note", 1); // a node not connected: dropped, as a cast is
    }

    @Test
    void call_onThisNode_appliesItHere() {
        assertThat(a.cluster.rpc("a", "twice", 5)).isEqualTo(10);
    }

    @Test
    void theRpcServer_answersACallItDoesNotTake_andGoesOn() {
        assertThat(a.cluster.call("b", "rex", "balance?", Duration.ofSeconds(5))).asString()
                .contains("rpc server takes [function(, argument)]").contains("balance?");
        assertThatThrownBy(() -> a.cluster.rpc("b", "twice", List.of(1, 2, 3))) // the function's own misuse
                .isInstanceOf(RemoteCrashException.class);
        assertThat(a.cluster.rpc("b", "twice", 2)).isEqualTo(4);
    }

    @Test
    void call_fromInsideAnRpc_toTheSameNode_doesNotDeadlockItsServer() {
        // rex spawns the applying process and returns at once, so an rpc made from inside one finds it free
        a.cluster.registerFunction("twiceThere", arg -> a.cluster.rpc("a", "twice", arg));
        assertThat(a.cluster.rpc("a", "twiceThere", 4, Duration.ofSeconds(10))).isEqualTo(8);
    }

    @Test
    void call_functionThrows_remoteCrashWithItsClassAndMessage() {
        assertThatThrownBy(() -> a.cluster.rpc("b", "fail", 7)).isInstanceOfSatisfying(RemoteCrashException.class,
                e -> {
                    assertThat(e.className()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(e.getMessage()).isEqualTo("no account 7");
                    assertThat(e.node()).isEqualTo("b");
                    assertThat(e).hasToString(IllegalStateException.class.getName()
                            + ": no account 7 (thrown on node b)"); // not read as a local exception in a log
                    // erpc's {exception, Reason, Stack}: the remote frames first, then the caller's own
                    assertThat(e.getStackTrace()).extracting(StackTraceElement::getClassName)
                            .contains(NodeMain.class.getName(), RpcTest.class.getName());
                });
    }

    /** erpc_SUITE's call_test nesting: {exception, {exception, boom, _}, _}; the inner class and node stay readable. */
    @Test
    void call_functionWhoseOwnRpcThrew_nestedCrash_sayingWhatTheInnerOneThrewWhere() {
        a.cluster.registerFunction("boomHere", arg -> {
            throw new IllegalStateException("boom");
        });
        a.cluster.registerFunction("callsBoom", arg -> a.cluster.rpc("a", "boomHere", arg));
        assertThatThrownBy(() -> a.cluster.rpc("a", "callsBoom", 1, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(RemoteCrashException.class, e -> {
                    assertThat(e.className()).isEqualTo(RemoteCrashException.class.getName());
                    assertThat(e.getMessage()).isEqualTo(IllegalStateException.class.getName()
                            + ": boom (thrown on node a)");
                });
    }

    @Test
    void call_resultNotAllowed_remoteCrashNamingTheClass() {
        assertThatThrownBy(() -> a.cluster.rpc("b", "never", null)).isInstanceOfSatisfying(RemoteCrashException.class,
                e -> {
                    assertThat(e.className()).isEqualTo(ClassNotAllowedException.class.getName());
                    assertThat(e.getMessage()).contains(Wire.Never.class.getName());
                });
    }

    @Test
    void call_argumentNotAllowed_refusedHere() {
        assertThatThrownBy(() -> a.cluster.rpc("b", "twice", new Wire.Never(1)))
                .isInstanceOfSatisfying(ClassNotAllowedException.class, e -> assertThat(e.onReceipt()).isFalse())
                .hasMessageContaining(Wire.Never.class.getName());
    }

    @Test
    void call_processExits_processExitWithItsReason() {
        // the function ends its process with exit(kill): its reason is kill, as Erlang's (only exit(Pid, kill) kills),
        // and erpc's exit({exception, kill}): raised by the function, not a signal
        assertThatThrownBy(() -> a.cluster.rpc("b", "die", null)).isInstanceOfSatisfying(RemoteExitException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(ExitReason.KILL);
                    assertThat(e.raised()).isTrue();
                    assertThat(e.node()).isEqualTo("b");
                    // says which rpc, where: the caller never saw the applying process's pid
                    assertThat(e.getMessage()).startsWith("rpc 'die' on node b: the process applying it, ")
                            .endsWith(", exited: kill");
                });
    }

    @Test
    void call_processEndsWithoutAnswering_processExitAtOnce_andTheServerGoesOn() throws Exception {
        a.cluster.registerFunction("quit", arg -> {
            throw Process.exit(ExitReason.NORMAL);
        });
        assertThatThrownBy(() -> a.cluster.rpc("a", "quit", null)).isInstanceOfSatisfying(ProcessExitException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.NORMAL));

        java.util.concurrent.CompletableFuture<Pid> applying = new java.util.concurrent.CompletableFuture<>();
        a.cluster.registerFunction("block", arg -> {
            applying.complete(Process.self());
            return Process.receive(m -> false, Duration.ofMinutes(1));
        });
        java.util.concurrent.CompletableFuture<Throwable> failed = rpcFailure("a", "block");
        Pid p = applying.get(10, java.util.concurrent.TimeUnit.SECONDS);
        a.node.exit(p, ExitReason.KILL); // the monitor, not the minute's timeout, ends the wait
        assertThat(failed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOfSatisfying(
                ProcessExitException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ExitReason.KILLED);
                    assertThat(e.pid()).isEqualTo(p);
                });
        assertThat(a.cluster.rpc("a", "twice", 3)).isEqualTo(6);
    }

    /**
     * erpc_SUITE's call case: {@code erpc:call} tells the function's exception ({@code error({exception, R, S})}), its
     * own exit ({@code exit({exception, R})}) and an exit signal that ended its process ({@code exit({signal, R})})
     * apart. Here: a {@link RemoteCrashException}, whatever the function threw (an assertion too), and a
     * {@link RemoteExitException} whose {@code raised()} says which of the other two.
     */
    @Test
    void call_exceptionOwnExitOrSignal_toldApart_asErpcSuitesCall() throws Exception {
        a.cluster.registerFunction("asserts", arg -> {
            throw new AssertionError("expected 1");
        });
        assertThatThrownBy(() -> a.cluster.rpc("a", "asserts", null)).isInstanceOfSatisfying(
                RemoteCrashException.class, e -> {
                    assertThat(e.className()).isEqualTo(AssertionError.class.getName());
                    assertThat(e.getMessage()).isEqualTo("expected 1");
                });

        a.cluster.registerFunction("exits", arg -> {
            throw Process.exit(ExitReason.custom("done"));
        });
        assertThatThrownBy(() -> a.cluster.rpc("a", "exits", null)).isInstanceOfSatisfying(
                RemoteExitException.class, e -> {
                    assertThat(e.raised()).as("exit({exception, done})").isTrue();
                    assertThat(e.reason()).isEqualTo(ExitReason.custom("done"));
                    assertThat(e.node()).isEqualTo("a");
                    assertThat(e.getMessage()).endsWith(", exited: done");
                });

        // exit(self(), kill) in the function: a signal, as in Erlang, whose erpc answers exit({signal, killed})
        a.cluster.registerFunction("killsItself", arg -> {
            Process.exit(Process.self(), ExitReason.KILL);
            return Process.receive(m -> false, Duration.ofMinutes(1));
        });
        assertThatThrownBy(() -> a.cluster.rpc("a", "killsItself", null, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(RemoteExitException.class, e -> {
                    assertThat(e.raised()).as("exit({signal, killed})").isFalse();
                    assertThat(e.reason()).isEqualTo(ExitReason.KILLED);
                    assertThat(e.getMessage()).contains("was ended by an exit signal: killed");
                });
        // across the wire: b's "die" (call_processExits_processExitWithItsReason) is raised; a signal's answer is
        // rex's own, from the applying process's Down, the same on either node
    }

    @Test
    void call_noAnswerInTime_timesOut() {
        assertThatThrownBy(() -> a.cluster.rpc("b", "wait", null, Duration.ofMillis(100)))
                .isInstanceOf(CallTimeoutException.class).hasMessageContaining("rpc 'wait' on node b");
    }

    @Test
    void call_unknownFunctionOrNode_clusterExceptionSayingWhat() {
        // typed as OTP tells them apart: {badrpc, {'EXIT', {undef, _}}} and {badrpc, nodedown}
        assertThatThrownBy(() -> a.cluster.rpc("b", "nosuch", null)).isInstanceOfSatisfying(
                UndefinedFunctionException.class, e -> assertThat(List.of(e.node(), e.function()))
                        .containsExactly("b", "nosuch"))
                .hasMessageContaining("has no function 'nosuch'").hasMessageContaining("twice")
                .hasMessageContaining("registerFunction");
        assertThatThrownBy(() -> a.cluster.rpc("zz", "twice", 1)).isInstanceOfSatisfying(NodeDownException.class,
                e -> assertThat(e.node()).isEqualTo("zz")).hasMessageContaining("zz");
        assertThatThrownBy(() -> a.cluster.rpc("b", "twice", 1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The operator's tools answer through the function loomotp.erpc: a user cannot replace or withdraw it. */
    @Test
    void register_reservedName_refusedNamingTheFix() {
        assertThatThrownBy(() -> a.cluster.registerFunction("loomotp.erpc", arg -> arg))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'loomotp.erpc'")
                .hasMessageContaining("choose another name");
        assertThatThrownBy(() -> a.cluster.unregisterFunction("loomotp.erpc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.cluster.registerSpawnable("loomotp.x", arg -> () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spawnable name 'loomotp.x'");
        assertThatThrownBy(() -> a.cluster.unregisterSpawnable("loomotp.x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void call_nodeLostMeanwhile_clusterExceptionAtOnce() {
        try (NodeJvm c = a.startJvm("c")) {
            java.util.concurrent.CompletableFuture<Throwable> failed = rpcFailure("c", "wait");
            c.kill();
            // whether the kill came before the spawn, during it, or while "wait" ran: a ClusterException naming c,
            // long before the rpc's minute (the failure detection's bound, not the timeout, ends it)
            Throwable e = failed.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(e).isInstanceOfSatisfying(NodeDownException.class, d -> assertThat(d.node()).isEqualTo("c"))
                    .hasMessageContaining("node c");
        }
    }

    /** rpc:async_call/4 and yield/1: the call goes at once, its outcome comes to the future. */
    @Test
    void async_call_theFutureGetsTheResultOrWhatRpcWouldThrow() throws Exception {
        java.util.concurrent.CompletableFuture<Object> twice = a.cluster.rpcAsync("b", "twice", 21,
                Duration.ofSeconds(5));
        java.util.concurrent.CompletableFuture<Object> failed = a.cluster.rpcAsync("b", "fail", 1,
                Duration.ofSeconds(5));
        assertThat(twice.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(42);
        assertThatThrownBy(() -> failed.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(RemoteCrashException.class);
        assertThatThrownBy(() -> a.cluster.rpcAsync("b", "twice", new Thread(), Duration.ofSeconds(5)))
                .isInstanceOf(ClassNotAllowedException.class); // the caller's mistake: at once, not in the future
    }

    @Test
    void multiRpc_repliesByNode_crashesAmongReplies_missingNodesBad() {
        MultiCallResult r = a.cluster.multiRpc(List.of("a", "b", "zz"), "twice", 4, Duration.ofSeconds(5));
        assertThat(r.replies()).isEqualTo(java.util.Map.of("a", 8, "b", 8));
        assertThat(r.badNodes()).containsExactly("zz");

        MultiCallResult failed = a.cluster.multiRpc(List.of("b"), "fail", 1, Duration.ofSeconds(5));
        assertThat(failed.replies().get("b")).isInstanceOf(RemoteCrashException.class);
        MultiCallResult late = a.cluster.multiRpc(List.of("a", "b"), "wait", null, Duration.ofMillis(100));
        assertThat(late.badNodes()).containsExactly("b");
        // a has no "wait": it answered so, OTP's {badrpc, {'EXIT', {undef, _}}} among the results (rpcmulticallify)
        assertThat(late.replies().get("a")).isInstanceOfSatisfying(UndefinedFunctionException.class,
                e -> assertThat(e.getMessage()).contains("wait").doesNotContain("loomotp."));
        assertThat(a.cluster.multiRpc("twice", 1).replies()).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> a.cluster.multiRpc(List.of("b"), "twice", 1, io.loomotp.runtime.Timeouts.INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a multi-call's timeout must be finite, not Timeouts.INFINITY")
                .hasMessageNotContaining("PT"); // not the duration's 292-million-year form
        // a function whose process exits answered too: {badrpc, {'EXIT', normal}}, not a bad node
        a.cluster.registerFunction("quits", arg -> {
            throw Process.exit(ExitReason.NORMAL);
        });
        MultiCallResult exited = a.cluster.multiRpc(List.of("a"), "quits", null, Duration.ofSeconds(5));
        assertThat(exited.badNodes()).isEmpty();
        assertThat(exited.replies().get("a")).isInstanceOfSatisfying(RemoteExitException.class, e -> {
            assertThat(e.reason()).isEqualTo(ExitReason.NORMAL);
            assertThat(e.raised()).isTrue();
        });
    }

    /** An rpc of {@code function} on {@code node} with a minute to answer, on a thread of its own: what it threw. */
    private static java.util.concurrent.CompletableFuture<Throwable> rpcFailure(String node, String function) {
        java.util.concurrent.CompletableFuture<Throwable> failed = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                a.cluster.rpc(node, function, null, Duration.ofMinutes(1));
                failed.complete(null);
            } catch (RuntimeException e) {
                failed.complete(e);
            }
        });
        return failed;
    }
}
