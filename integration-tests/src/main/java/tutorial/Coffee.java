package tutorial;

import io.loomotp.Enter;
import io.loomotp.Event;
import io.loomotp.Info;
import io.loomotp.Init;
import io.loomotp.StateMachine;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.statem.EnterTransition;
import io.loomotp.runtime.statem.StateTimeout;
import io.loomotp.runtime.statem.Transition;
import java.time.Duration;

@StateMachine(name = "coffee")
public final class Coffee {
    public sealed interface State permits Selection, Payment, Remove {}
    public record Selection() implements State {}
    public record Payment(String drink, int price, int paid) implements State {}
    public record Remove() implements State {}

    /** What the machine drives: its display, coin return, cup and brewer. */
    public interface Hardware {
        void display(String text);
        void returnChange(int coins);
        void dropCup();
        void prepare(String drink);
    }

    private final Hardware hw;
    private final Duration paymentTimeout;
    private int served;

    public Coffee(Hardware hw, Duration paymentTimeout) {
        this.hw = hw;
        this.paymentTimeout = paymentTimeout;
    }

    @Init
    State reboot() {
        hw.display("Make Your Selection");
        return new Selection();
    }

    @Event
    State selection(Selection state, String drink, int price) {
        hw.display("Please pay:" + price);
        return new Payment(drink, price, 0);
    }

    @Event
    void selection(State state, String drink, int price) {} // ignored while paying, or while the cup waits

    @Event
    State pay(Payment state, int coin) {
        int paid = state.paid() + coin;
        if (paid < state.price()) {
            hw.display("Please pay:" + (state.price() - paid));
            return new Payment(state.drink(), state.price(), paid);
        }
        hw.display("Preparing Drink.");
        hw.returnChange(paid - state.price());
        hw.dropCup();
        hw.prepare(state.drink());
        hw.display("Remove Drink.");
        served++;
        return new Remove();
    }

    @Event
    void pay(State state, int coin) {
        hw.returnChange(coin); // nothing to pay for: the coin comes back
    }

    @Event
    State cancel(Payment state) {
        hw.display("Make Your Selection");
        hw.returnChange(state.paid());
        return new Selection();
    }

    @Event
    void cancel(State state) {}

    @Event
    State cupRemoved(Remove state) {
        hw.display("Make Your Selection");
        return new Selection();
    }

    @Event
    void cupRemoved(State state) {}

    /** Waits until the machine is ready for a selection, and answers how many drinks it has served. */
    @Event
    void ready(Selection state, ReplyTo<Integer> replyTo) {
        replyTo.reply(served);
    }

    @Event
    Transition ready(State state, ReplyTo<Integer> replyTo) {
        return Transition.keep().postpone(); // asked again after the next state change
    }

    @Enter
    EnterTransition awaitPayment(Payment state) {
        return EnterTransition.keep().stateTimeout(paymentTimeout, "refund");
    }

    @Info
    State paymentTimedOut(Payment state, StateTimeout timeout) {
        hw.display("Make Your Selection");
        hw.returnChange(state.paid());
        return new Selection();
    }
}
