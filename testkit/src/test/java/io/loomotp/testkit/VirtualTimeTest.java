package io.loomotp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.Strategy;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.ManualClock;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.Handler;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Shutdown;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.report.SupervisorReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Virtual time: every timer and timed wait of the node follows the manual clock, and fires in order on advance. */
@LoomOtpTest(virtualTime = true)
class VirtualTimeTest {

    @Test
    void sendAfter_firesOnlyWhenTheClockReachesIt(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.sendAfter(Duration.ofHours(1), probe.pid(), "tick");

        kit.advance(Duration.ofMinutes(59));
        probe.expectNoMessage(Duration.ofMillis(10));
        kit.advance(Duration.ofMinutes(1));

        probe.expectMessageEquals("tick");
        assertThat(kit.elapsed()).isEqualTo(Duration.ofHours(1));
    }

    /** The commonest mistake with virtual time, forgetting to advance it: the failure says the clock stands still. */
    @Test
    void expectingATimersMessage_withoutAdvancing_failsSayingTheClockStandsStill(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.sendAfter(Duration.ofSeconds(5), probe.pid(), "tick");
        assertThatThrownBy(() -> probe.expectMessageEquals("tick", Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("but received nothing (virtual time stands at PT0S and moves only by "
                        + "kit.advance(..): 1 timer(s) or timed wait(s) pending, the next due in PT5S)");
        kit.advance(Duration.ofSeconds(5));
        probe.expectMessageEquals("tick");
    }

    /** expectNoMessageFor moves the clock: a timer due within the period fails it, one due after it does not. */
    @Test
    void expectNoMessageFor_advancesTheClock_andSeesATimerDueWithinThePeriod(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.sendAfter(Duration.ofSeconds(30), probe.pid(), "late");
        probe.expectNoMessageFor(Duration.ofSeconds(10));
        assertThat(kit.elapsed()).isEqualTo(Duration.ofSeconds(10));

        assertThatThrownBy(() -> probe.expectNoMessageFor(Duration.ofSeconds(25)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected no message while PT25S of virtual time passed")
                .hasMessageContaining("\"late\"");
        assertThat(kit.elapsed()).isEqualTo(Duration.ofSeconds(35));
        assertThatThrownBy(() -> probe.expectNoMessageFor(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A process parked in a selective receive (the book's mutex, a gate) and a suspended server keep messages they
     * have looked at: the node is idle with them waiting, and time can move on.
     */
    @Test
    void settle_withProcessesThatKeepMessagesTheyLookedAt_isIdle(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Pid gate = node.spawn(() -> {
            Process.receive(m -> m.equals("open"));
            Process.send(probe.pid(), "opened");
        });
        node.send(gate, "knock");
        node.send(gate, "knock again");
        kit.settle();
        kit.advance(Duration.ofSeconds(1));
        assertThat(node.counters(gate).mailboxLength()).isEqualTo(2);
        assertThat(node.counters(gate).unseenMessages()).isZero();
        node.send(gate, "open");
        probe.expectMessageEquals("opened");
        Pid server = GenServer.start(node, new ServerCallbacks<Object>() {
            @Override
            public Class<?> module() {
                return VirtualTimeTest.class;
            }

            @Override
            public void handleCast(Object state, Object message) {}
        }, Object::new);
        io.loomotp.runtime.sys.SysCalls.suspend(server, Duration.ofSeconds(5));
        GenServer.cast(server, "queued while suspended");
        kit.advance(Duration.ofSeconds(1)); // the suspended server waits: idle
        io.loomotp.runtime.sys.SysCalls.resume(server, Duration.ofSeconds(5));
        GenServer.stop(server);
    }

    @Test
    void advance_fromAProcessOfTheNode_isRefusedAtOnce(TestKit kit) {
        TestProbe probe = kit.probe();
        assertThatThrownBy(() -> probe.exec(() -> {
            kit.advance(Duration.ofSeconds(1));
            return null;
        })).hasMessageContaining("cannot be idle while it waits for itself");
    }

    @Test
    void advance_firesWhatFallsDueInOrderOfItsInstant(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.sendAfter(Duration.ofMillis(300), probe.pid(), "c");
        node.sendAfter(Duration.ofMillis(100), probe.pid(), "a");
        node.sendAfter(Duration.ofMillis(200), probe.pid(), "b");

        kit.advance(Duration.ofSeconds(1));

        assertThat(probe.receiveN(3)).containsExactly("a", "b", "c");
    }

    @Test
    void sendInterval_firesOncePerPeriodPassed(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.sendInterval(Duration.ofMillis(100), probe.pid(), "tick");

        kit.advance(Duration.ofMillis(350));

        assertThat(probe.receiveN(3)).containsOnly("tick");
        probe.expectNoMessage(Duration.ofMillis(10));
    }

    @Test
    void advance_letsATimersConsequencesArmTheirOwnTimersBeforeTimeMovesOn(TestKit kit, Node node) {
        // given a process that answers each tick by arming a tock 100 ms later
        TestProbe probe = kit.probe();
        Pid echo = node.spawn(() -> {
            for (;;) {
                Object m = Process.receive();
                if ("tick".equals(m)) {
                    node.sendAfter(Duration.ofMillis(100), Process.self(), "tock");
                } else {
                    Process.send(probe.pid(), m + " at " + kit.elapsed().toMillis());
                }
            }
        });
        kit.allowAlive(echo);
        node.sendAfter(Duration.ofMillis(50), echo, "tick");

        // when time moves past both in one step
        kit.advance(Duration.ofMillis(200));

        // then the tock fired at its own instant
        probe.expectMessageEquals("tock at 150");
    }

    @Test
    void receiveWithTimeout_timesOutOnTheVirtualClock(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        node.spawn(() -> Process.send(probe.pid(), Process.receive((Object m) -> true, Duration.ofSeconds(30)) == null
                ? "timed out at " + kit.elapsed().toSeconds() : "got a message"));

        kit.advance(Duration.ofSeconds(29));
        probe.expectNoMessage(Duration.ofMillis(10));
        kit.advance(Duration.ofSeconds(1));

        probe.expectMessageEquals("timed out at 30");
    }

    /** A server that forwards its idle timeouts to a probe. */
    record Idle(Pid probe) implements ServerCallbacks<Idle> {
        @Override
        public InitResult init(Idle state) {
            return InitResult.ok(Duration.ofMinutes(10));
        }

        @Override
        public boolean handleInfo(Idle state, Object message) {
            if (message == IdleTimeout.INSTANCE) {
                Process.send(probe, "idle");
                Handler.idleTimeout(Duration.ofMinutes(10));
                return true;
            }
            return false;
        }
    }

    @Test
    void serverIdleTimeout_followsTheClock(TestKit kit, Node node) {
        TestProbe probe = kit.probe();
        Idle idle = new Idle(probe.pid());
        Pid server = GenServer.start(node, idle, () -> idle);

        kit.advance(Duration.ofMinutes(25));

        assertThat(probe.receiveN(2)).containsExactly("idle", "idle");
        probe.expectNoMessage(Duration.ofMillis(10));
        GenServer.stop(server);
    }

    @Test
    void callTimeout_followsTheClock(TestKit kit, Node node) {
        // given a stub that never answers, and a caller with a 5 s timeout
        kit.stub("silent", request -> TestProbe.NO_REPLY);
        TestProbe probe = kit.probe();
        node.spawn(() -> {
            try {
                GenServer.call(node, "silent", "hello?", Duration.ofSeconds(5));
            } catch (CallTimeoutException e) {
                Process.send(probe.pid(), "timed out at " + kit.elapsed().toSeconds());
            }
        });

        kit.advance(Duration.ofSeconds(4));
        probe.expectNoMessage(Duration.ofMillis(10));
        kit.advance(Duration.ofSeconds(1));

        probe.expectMessageEquals("timed out at 5");
    }

    /** A worker that tells the probe it started, and crashes on any cast. */
    record Worker(Pid probe) implements ServerCallbacks<Worker> {
        @Override
        public InitResult init(Worker state) {
            Process.send(probe, Handler.self());
            return InitResult.ok();
        }

        @Override
        public void handleCast(Worker state, Object message) {
            throw new IllegalStateException("crash on " + message);
        }
    }

    @Test
    void supervisorIntensityPeriod_followsTheClock(TestKit kit, Node node) {
        // given a supervisor allowed 1 restart in 10 s of virtual time
        kit.expectCrash(IllegalStateException.class);
        kit.expectReport("the supervisor giving up", r -> r instanceof SupervisorReport s
                && s.gaveUp());
        TestProbe probe = kit.probe();
        Worker worker = new Worker(probe.pid());
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(
                SupervisorFlags.of(Strategy.ONE_FOR_ONE).withIntensity(1, Duration.ofSeconds(10)),
                ChildSpec.worker("w", () -> GenServer.startLink(worker, () -> worker,
                        io.loomotp.runtime.server.StartOptions.defaults()))));
        probe.monitor(sup);
        Pid first = probe.expectMessage(Pid.class);

        // when two crashes are 11 s apart, the supervisor restarts both times
        GenServer.cast(first, "one");
        Pid second = probe.expectMessage(Pid.class);
        kit.advance(Duration.ofSeconds(11));
        GenServer.cast(second, "two");
        Pid third = probe.expectMessage(Pid.class);

        // and when two are 1 s apart, it gives up
        kit.advance(Duration.ofSeconds(1));
        GenServer.cast(third, "three");
        probe.expectDown(sup, ExitReason.SHUTDOWN);
    }

    /** A worker whose terminate takes a day: its supervisor's shutdown timeout ends it first. */
    record Slow(Pid probe) implements ServerCallbacks<Slow> {
        @Override
        public InitResult init(Slow state) {
            Process.trapExits(true); // so that terminate runs when the supervisor says shutdown
            Process.send(probe, Handler.self());
            return InitResult.ok();
        }

        @Override
        public void terminate(Slow state, ExitReason reason) {
            Process.sleep(Duration.ofDays(1));
        }
    }

    @Test
    void supervisorShutdownTimeout_followsTheClock(TestKit kit, Node node) throws InterruptedException {
        // given a child whose terminate takes a day, with a shutdown timeout of an hour
        kit.expectReport("the kill reported as OTP's shutdown_error", r -> r instanceof SupervisorReport s
                && s.errorContext().equals("shutdown_error") && s.reason().equals(ExitReason.KILLED));
        TestProbe probe = kit.probe();
        Slow stubborn = new Slow(probe.pid());
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.defaults(),
                ChildSpec.worker("stubborn", () -> GenServer.startLink(stubborn, () -> stubborn,
                        io.loomotp.runtime.server.StartOptions.defaults()))
                        .withShutdown(new Shutdown.Timeout(Duration.ofHours(1)))));
        Pid child = probe.expectMessage(Pid.class);
        probe.monitor(child);

        // when the supervisor is stopped, it waits an hour of virtual time for the child, then kills it; the clock
        // moves only once both waits are on it (the supervisor's shutdown timeout and the child's day in terminate),
        // or the hour would start after the first advance
        int pendingBefore = kit.clock().pending();
        Thread stopper = Thread.ofVirtual().start(() -> GenServer.stop(sup));
        TestKit.awaitAssert(() -> assertThat(kit.clock().pending()).isGreaterThanOrEqualTo(pendingBefore + 2));
        kit.advance(Duration.ofMinutes(59));
        assertThat(node.isAlive(child)).isTrue();
        kit.advance(Duration.ofMinutes(1));

        probe.expectDown(child, ExitReason.KILLED);
        stopper.join(TestKit.DEFAULT_TIMEOUT);
        assertThat(stopper.isAlive()).isFalse();
        assertThat(node.isAlive(sup)).isFalse();
    }

    @Test
    void manualClock_isInjected_andAdvancesWithoutSettlingOnItsOwn(ManualClock clock, Node node, TestKit kit) {
        TestProbe probe = kit.probe();
        node.sendAfter(Duration.ofSeconds(2), probe.pid(), "late");
        assertThat(clock.untilNext()).isEqualTo(Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(2));

        probe.expectMessageEquals("late");
        assertThat(clock.untilNext()).isNull();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    /**
     * A wall-clock node, in a class of its own: a method's @LoomOtpTest cannot switch its class's virtual time off (an
     * annotation cannot tell virtualTime = false from the default), see LoomOtpExtensionTest.
     */
    @org.junit.jupiter.api.Nested
    @LoomOtpTest
    class OnTheWallClock {
        @Test
        void advance_onAWallClockNode_saysHowToAskForVirtualTime(TestKit kit) {
            assertThatThrownBy(() -> kit.advance(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this node follows the wall clock: use @LoomOtpTest(virtualTime = true)");
        }
    }
}
