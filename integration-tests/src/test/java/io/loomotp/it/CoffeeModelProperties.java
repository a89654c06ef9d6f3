package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.SysCalls;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import tutorial.Coffee;
import tutorial.CoffeeRef;

/**
 * Random sequences of the coffee machine's events, sent through its generated client, against a small reference model
 * of the book's machine: after every event, the machine's state, the drinks it served and the coins it gave back are
 * the model's.
 */
class CoffeeModelProperties {
    private static final Duration T = Duration.ofSeconds(5);

    /** The book's coffee machine, as plain Java: what the running machine must agree with. */
    static final class Model {
        Coffee.State state = new Coffee.Selection();
        int served;
        int returned;

        void select(String drink, int price) {
            if (state instanceof Coffee.Selection) {
                state = new Coffee.Payment(drink, price, 0);
            }
        }

        void pay(int coin) {
            if (state instanceof Coffee.Payment(String drink, int price, int paid)) {
                if (paid + coin < price) {
                    state = new Coffee.Payment(drink, price, paid + coin);
                } else {
                    returned += paid + coin - price;
                    served++;
                    state = new Coffee.Remove();
                }
            } else {
                returned += coin;
            }
        }

        void cancel() {
            if (state instanceof Coffee.Payment p) {
                returned += p.paid();
                state = new Coffee.Selection();
            }
        }

        void cupRemoved() {
            if (state instanceof Coffee.Remove) {
                state = new Coffee.Selection();
            }
        }
    }

    /** The running machine on its own node, the coins its hardware gave back, and the model. */
    static final class Harness implements AutoCloseable {
        final Node node = Node.create("coffee-model");
        final AtomicInteger returned = new AtomicInteger();
        final CoffeeRef coffee;
        final Model model = new Model();

        Harness() {
            Coffee.Hardware hw = new Coffee.Hardware() {
                @Override
                public void display(String text) {}

                @Override
                public void returnChange(int coins) {
                    returned.addAndGet(coins);
                }

                @Override
                public void dropCup() {}

                @Override
                public void prepare(String drink) {}
            };
            coffee = CoffeeRef.start(node, () -> new Coffee(hw, Duration.ofHours(1)));
        }

        /** The machine agrees with the model; getState is a call, so every cast sent before it has been handled. */
        void check() {
            MachineState s = (MachineState) SysCalls.getState(coffee.pid(), T);
            assertThat(s.state()).isEqualTo(model.state);
            assertThat(((StateSnapshot) s.data()).get("served")).isEqualTo(model.served);
            assertThat(returned.get()).isEqualTo(model.returned);
        }

        @Override
        public void close() {
            node.close();
        }
    }

    @Property(tries = 60)
    void theMachineFollowsTheModel(@ForAll("events") ActionChain<Harness> chain) {
        try {
            chain.withInvariant("machine = model", Harness::check).run();
        } finally {
            chain.finalState().ifPresent(Harness::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<Harness>> events() {
        return ActionChain.startWith(Harness::new)
                .withAction(3, (Action.Independent<Harness>) () -> Arbitraries.of("tea", "americano")
                        .map(drink -> Transformer.mutate("selection(" + drink + ")", h -> {
                            int price = drink.equals("tea") ? 100 : 150;
                            h.coffee.selection(drink, price);
                            h.model.select(drink, price);
                        })))
                .withAction(5, (Action.Independent<Harness>) () -> Arbitraries.of(10, 20, 50, 100)
                        .map(coin -> Transformer.mutate("pay(" + coin + ")", h -> {
                            h.coffee.pay(coin);
                            h.model.pay(coin);
                        })))
                .withAction(1, Action.just(Transformer.mutate("cancel()", h -> {
                    h.coffee.cancel();
                    h.model.cancel();
                })))
                .withAction(2, Action.just(Transformer.mutate("cupRemoved()", h -> {
                    h.coffee.cupRemoved();
                    h.model.cupRemoved();
                })))
                .withAction(1, Action.<Harness>when(h -> h.model.state instanceof Coffee.Selection)
                        .just(Transformer.mutate("ready()", h ->
                                assertThat(h.coffee.ready()).isEqualTo(h.model.served))))
                .withMaxTransformations(40);
    }
}
