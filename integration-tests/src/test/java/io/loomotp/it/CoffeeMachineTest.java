package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tutorial.Coffee;
import tutorial.CoffeeRef;

/**
 * The tutorial's coffee machine, generated from {@link Coffee}, driven through its client, its timeouts and sys, on
 * the test kit: each test must stop its machine, and expect the crash it provokes. The refund timeout under virtual
 * time is the tutorial's own test, {@code tutorial.CoffeeTest}.
 */
@LoomOtpTest
class CoffeeMachineTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** Hardware that records what the machine did, for the test thread to wait on. */
    static final class Recorder implements Coffee.Hardware {
        final BlockingQueue<String> actions = new LinkedBlockingQueue<>();
        volatile boolean broken;

        @Override
        public void display(String text) {
            actions.add("display " + text);
        }

        @Override
        public void returnChange(int coins) {
            actions.add("change " + coins);
        }

        @Override
        public void dropCup() {
            actions.add("cup");
        }

        @Override
        public void prepare(String drink) {
            if (broken) {
                throw new IllegalStateException("the brewer is out of water");
            }
            actions.add("brew " + drink);
        }

        /** The next actions, in order, each within the bound. */
        void expect(String... expected) throws InterruptedException {
            for (String e : expected) {
                String next = actions.poll(10, TimeUnit.SECONDS);
                assertThat(next).as("expected %s", e).isEqualTo(e);
            }
        }
    }

    private static CoffeeRef start(Node node, Recorder hw, Duration paymentTimeout) throws InterruptedException {
        CoffeeRef coffee = CoffeeRef.start(node, () -> new Coffee(hw, paymentTimeout));
        hw.expect("display Make Your Selection");
        return coffee;
    }

    @Test
    void aDrink_paidInTwoCoins_withChange(Node node) throws Exception {
        Recorder hw = new Recorder();
        CoffeeRef coffee = start(node, hw, Duration.ofHours(1));
        coffee.selection("americano", 150);
        coffee.pay(100);
        coffee.pay(100);
        hw.expect("display Please pay:150", "display Please pay:50", "display Preparing Drink.", "change 50", "cup",
                "brew americano", "display Remove Drink.");
        coffee.pay(20); // while the cup waits: given back
        hw.expect("change 20");
        coffee.cupRemoved();
        assertThat(coffee.ready()).isEqualTo(1);
        hw.expect("display Make Your Selection");
        coffee.stop();
    }

    @Test
    void cancel_givesBackWhatWasPaid_andIsIgnoredElsewhere(Node node) throws Exception {
        Recorder hw = new Recorder();
        CoffeeRef coffee = start(node, hw, Duration.ofHours(1));
        coffee.cancel(); // in Selection: nothing happens
        coffee.selection("tea", 100);
        coffee.pay(50);
        coffee.cancel();
        assertThat(coffee.ready()).isZero();
        hw.expect("display Please pay:100", "display Please pay:50", "display Make Your Selection", "change 50");
        assertThat(hw.actions).isEmpty();
        coffee.stop();
    }

    @Test
    void paymentTimeout_refunds_andEachCoinRestartsIt(Node node) throws Exception {
        Recorder hw = new Recorder();
        // long enough that no stall between the casts below lets it expire early
        CoffeeRef coffee = start(node, hw, Duration.ofMillis(500));
        coffee.selection("espresso", 100);
        coffee.pay(30);
        coffee.pay(20);
        // ready() is postponed while paying, and answered once the timeout has moved the machine back to Selection
        assertThat(coffee.ready()).isZero();
        hw.expect("display Please pay:100", "display Please pay:70", "display Please pay:50",
                "display Make Your Selection", "change 50");
        coffee.stop();
    }

    @Test
    void readyWhilePaying_timesOutForItsCaller_butTheMachineLivesOn(Node node) throws Exception {
        Recorder hw = new Recorder();
        CoffeeRef coffee = start(node, hw, Duration.ofHours(1));
        coffee.selection("tea", 100);
        // gen_statem_SUITE abnormal1: a call that is not answered in time fails in the caller only
        assertThatThrownBy(() -> coffee.ready(Duration.ofMillis(20))).isInstanceOf(CallTimeoutException.class);
        coffee.pay(100);
        hw.expect("display Please pay:100", "display Preparing Drink.", "change 0", "cup", "brew tea",
                "display Remove Drink.");
        coffee.cupRemoved();
        assertThat(coffee.ready()).isEqualTo(1);
        coffee.stop();
    }

    @Test
    void sys_getState_isTheStateAndASnapshotOfTheData_andReplaceStateMovesTheMachine(Node node) throws Exception {
        Recorder hw = new Recorder();
        CoffeeRef coffee = start(node, hw, Duration.ofHours(1));
        coffee.selection("tea", 100);
        MachineState state = (MachineState) SysCalls.getState(coffee.pid(), T);
        assertThat(state.state()).isEqualTo(new Coffee.Payment("tea", 100, 0));
        assertThat(((StateSnapshot) state.data()).get("served")).isEqualTo(0);

        SysCalls.<MachineState>replaceState(coffee.pid(), s -> new MachineState(new Coffee.Remove(), s.data()), T);
        coffee.cupRemoved();
        assertThat(coffee.ready()).isZero();
        assertThatThrownBy(() -> SysCalls.<MachineState>replaceState(coffee.pid(),
                s -> new MachineState("brewing", s.data()), T)).hasMessageContaining("brewing is not a state");
        coffee.stop();
    }

    @Test
    void sys_getStatus_showsThePendingStateTimeout_andPostponedEvents(Node node) throws Exception {
        Recorder hw = new Recorder();
        CoffeeRef coffee = start(node, hw, Duration.ofHours(1));
        coffee.selection("tea", 100);
        Thread waiter = Thread.ofVirtual().start(() -> coffee.ready(Duration.ofSeconds(30)));
        TestKit.awaitAssert(() -> assertThat(SysCalls.getStatus(coffee.pid(), T).extra().get("postponed"))
                .contains("ready()"));
        SysStatus status = SysCalls.getStatus(coffee.pid(), T);
        assertThat(status.behaviour()).isEqualTo("gen_statem");
        assertThat(status.name()).isEqualTo("coffee");
        assertThat(status.extra().get("timeouts")).startsWith("[state_timeout refund in ");
        assertThat(status.state()).startsWith("{Payment[drink=tea, price=100, paid=0], Coffee[");
        coffee.cancel();
        waiter.join(T);
        assertThat(waiter.isAlive()).isFalse();
        coffee.stop();
    }

    @Test
    void trace_readsAsGenStatemsDoes(Node node) throws Exception {
        Recorder hw = new Recorder();
        CoffeeRef coffee = start(node, hw, Duration.ofHours(1));
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(coffee.pid(), true, lines::add, T);
        coffee.selection("tea", 100);
        assertThatThrownBy(() -> coffee.ready(Duration.ofMillis(1))) // postponed; its caller gives up
                .isInstanceOf(CallTimeoutException.class);
        coffee.cancel();
        SysCalls.trace(coffee.pid(), false, null, T);
        // gen_statem's lines: the enter call runs before the event's consume line, which shows the transition
        assertThat(lines).startsWith(
                "*DBG* coffee receive cast selection(\"tea\", 100) in state Selection",
                "*DBG* coffee enter Payment[drink=tea, price=100, paid=0] from Selection",
                "*DBG* coffee consume cast selection(\"tea\", 100) in state Selection => Payment[drink=tea, "
                        + "price=100, paid=0]");
        io.loomotp.runtime.Pid caller = node.systemPid(); // the test's thread, as the runtime names it
        assertThat(lines).contains(
                "*DBG* coffee postpone call ready() from " + caller + " in state Payment[drink=tea, price=100, paid=0]",
                "*DBG* coffee receive cast cancel() in state Payment[drink=tea, price=100, paid=0]",
                "*DBG* coffee consume cast cancel() in state Payment[drink=tea, price=100, paid=0] => Selection");
        coffee.stop();
    }

    @Test
    void aCrash_isReportedWithTheStateAndTheLastEvent(Node node, TestKit kit) throws Exception {
        var expected = kit.expectCrash(IllegalStateException.class);
        Recorder hw = new Recorder();
        CoffeeRef coffee = start(node, hw, Duration.ofHours(1));
        hw.broken = true;
        coffee.selection("mocha", 100);
        coffee.pay(100);
        CrashReport crash = (CrashReport) expected.await();
        assertThat(crash.format())
                .startsWith("** State machine coffee terminating\n** Last message in was cast pay(100)\n"
                        + "** State = Payment[drink=mocha, price=100, paid=0]\n** Postponed = []\n")
                .contains("the brewer is out of water");
    }
}
