package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.supervisor.ChildCount;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tutorial.DaggerShopComponent;
import tutorial.FrequencyRef;
import tutorial.ShopRef;

/** Supervisors generated from {@code @Supervisor} declarations, built by hand and by Dagger, restarting for real. */
@LoomOtpTest
class GeneratedSupervisorTest {

    @Test
    void aDaggerBuiltTree_restartsAChildWithAFreshInstance(Node node, TestKit kit) {
        kit.expectCrash(ExitReason.KILLED); // the supervisor reports the child it restarts
        ShopRef shop = ShopRef.start(node, DaggerShopComponent.create().shop());
        assertThat(shop.whichChildren()).extracting(ChildInfo::id).containsExactly("coffee", "frequency");
        assertThat(ShopRef.whereis(node)).isEqualTo(shop);
        FrequencyRef frequency = shop.frequency();
        frequency.allocate();
        assertThat(frequency.available()).isEqualTo(2);
        Process.exit(frequency.pid(), ExitReason.KILL);
        TestKit.awaitAssert(() -> assertThat(shop.frequency()).as("the restart").isNotNull().isNotEqualTo(frequency));
        FrequencyRef again = shop.frequency();
        assertThat(again.available()).isEqualTo(3); // a fresh Frequency from the Provider, not the old state
        shop.stop();
        assertThat(node.isAlive(again.pid())).isFalse();
    }

    @Test
    void aDynamicSupervisor_startsChildrenWithArguments_andRestartsThemWithTheSame(Node node, TestKit kit) {
        kit.expectCrash(IllegalStateException.class); // a.fail(), and the supervisor's report of it
        List<String> made = new CopyOnWriteArrayList<>();
        CountersRef counters = CountersRef.start(node, CountersSupervisor.of((name, start) -> {
            made.add(name + "=" + start);
            return new Counter(name, start);
        }));
        CounterRef a = counters.counter("a", 5);
        CounterRef b = counters.counter("b", 7);
        a.add(10);
        assertThat(a.value()).isEqualTo(15);
        assertThat(counters.countChildren()).isEqualTo(new ChildCount(1, 2, 0, 2)); // one spec: the template

        a.fail();
        TestKit.awaitAssert(() -> assertThat(counters.whichChildren()).as("a's restart").extracting(ChildInfo::pid)
                .filteredOn(p -> p != null && !p.equals(a.pid()) && !p.equals(b.pid())).hasSize(1));
        Pid restarted = counters.whichChildren().stream().map(ChildInfo::pid)
                .filter(p -> p != null && !p.equals(a.pid()) && !p.equals(b.pid())).findFirst().orElseThrow();
        assertThat(CounterRef.of(restarted).value()).isEqualTo(5);
        assertThat(CounterRef.of(restarted).name()).isEqualTo("a");
        assertThat(made).containsExactly("a=5", "b=7", "a=5");

        counters.terminateChild(b.pid());
        assertThat(counters.countChildren().active()).isEqualTo(1);
        counters.stop();
    }

    /**
     * startChild's arguments are checked against the child method before anything starts: the wrong count or type
     * fails that start naming the method (OTP's apply of the wrong arity fails with undef), and writes no crash report.
     */
    @Test
    void aDynamicSupervisor_refusesStartArgumentsThatDoNotFitItsChildMethod(Node node) {
        CountersRef counters = CountersRef.start(node, CountersSupervisor.of(Counter::new));
        assertThatThrownBy(() -> Supervisor.startChild(counters.pid(), List.of("a", 1, "extra")))
                .isInstanceOf(StartFailedException.class)
                .hasMessageContaining("counter(String name, int start) takes 2 start arguments, but startChild gave 3");
        assertThatThrownBy(() -> Supervisor.startChild(counters.pid(), List.of("a")))
                .hasMessageContaining("takes 2 start arguments, but startChild gave 1");
        assertThatThrownBy(() -> Supervisor.startChild(counters.pid(), List.of(1, 2)))
                .hasMessageContaining("start argument 1 of counter(String name, int start) must be a String, "
                        + "but startChild gave Integer 1");
        assertThatThrownBy(() -> Supervisor.startChild(counters.pid(), java.util.Arrays.asList("a", null)))
                .hasMessageContaining("must be a non-null Integer");
        assertThat(counters.countChildren().active()).isZero();
        assertThat(CounterRef.of(Supervisor.startChild(counters.pid(), List.of("a", 2))).value()).isEqualTo(2);
        counters.stop();
    }
}
