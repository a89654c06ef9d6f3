package tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomotp.runtime.From;
import io.loomotp.runtime.statem.StateTimeout;
import io.loomotp.testkit.Effect;
import io.loomotp.testkit.StateMachineHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The coffee machine tested synchronously: its handlers run on the test's thread through the generated
 * {@code Coffee_Dispatch}, with no node, and its state timeout on the harness's own clock.
 */
class CoffeeSyncTest {
    /** Hardware that writes down what the machine did. */
    record Log(List<String> lines) implements Coffee.Hardware {
        public void display(String text) {
            lines.add("display " + text);
        }

        public void returnChange(int coins) {
            lines.add("change " + coins);
        }

        public void dropCup() {
            lines.add("cup");
        }

        public void prepare(String drink) {
            lines.add("brew " + drink);
        }
    }

    final List<String> hw = new ArrayList<>();
    final StateMachineHarness<Coffee> h =
            StateMachineHarness.of(Coffee.class, new Coffee(new Log(hw), Duration.ofSeconds(30)));

    @Test
    void paymentTimeout_refunds_andEachCoinRestartsIt() throws Exception {
        h.init();
        h.cast(new Coffee_Dispatch.Selection("espresso", 100));
        h.cast(new Coffee_Dispatch.Pay(30));
        h.advance(Duration.ofSeconds(29));
        h.cast(new Coffee_Dispatch.Pay(20)); // a new Payment state: its enter call sets the timeout again
        h.advance(Duration.ofSeconds(29));
        assertEquals(new Coffee.Payment("espresso", 100, 50), h.state());

        h.takeEffects();
        h.advance(Duration.ofSeconds(1));
        assertEquals(new Coffee.Selection(), h.state());
        assertEquals(List.of(new Effect.TimeoutFired(new StateTimeout("refund")),
                new Effect.StateChanged(new Coffee.Payment("espresso", 100, 50), new Coffee.Selection())),
                h.takeEffects());
        assertEquals(List.of("display Make Your Selection", "change 50"), hw.subList(hw.size() - 2, hw.size()));
        assertEquals(Duration.ofSeconds(59), h.elapsed());
    }

    @Test
    void ready_whilePaying_isPostponed_untilTheMachineIsReadyAgain() throws Exception {
        h.init();
        h.cast(new Coffee_Dispatch.Selection("tea", 50));
        From waiter = h.callDeferred(Coffee_Dispatch.Ready.INSTANCE);
        assertTrue(waiter.isPending());

        h.cast(new Coffee_Dispatch.Pay(50));
        assertTrue(waiter.isPending()); // Remove is not Selection: asked again, postponed again
        h.cast(Coffee_Dispatch.CupRemoved.INSTANCE);
        assertFalse(waiter.isPending());
        assertEquals(new Effect.Reply(waiter.pid(), 1), h.effects().getLast());
        assertEquals(List.of(), h.pendingTimeouts());
    }
}
