package io.loomotp.it;

import io.loomotp.Event;
import io.loomotp.Init;
import io.loomotp.StateMachine;
import io.loomotp.Terminate;
import io.loomotp.runtime.ExitReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The book's coffee machine reduced to its till, to show OTP's {@code terminate/3}: its {@code @Terminate} takes the
 * state the machine stops in, and gives back the coins of a payment under way, with no copy of the state kept by hand.
 */
@StateMachine
public final class Till {
    public sealed interface State permits Idle, Paying {}

    public record Idle() implements State {}

    public record Paying(int paid) implements State {}

    /** The coins given back, and why the till stopped; read by tests from any thread. */
    public final List<String> returned = new CopyOnWriteArrayList<>();

    @Init
    State init() {
        return new Idle();
    }

    @Event
    State pay(Idle state, int coin) {
        return new Paying(coin);
    }

    @Event
    State pay(Paying state, int coin) {
        return new Paying(state.paid() + coin);
    }

    @Terminate
    void refund(State state, ExitReason reason) {
        if (state instanceof Paying(int paid)) {
            returned.add(paid + " on " + reason);
        }
    }
}
