package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.testkit.LoomOtpTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tutorial.Coffee;
import tutorial.CoffeeRef;

/**
 * Random sequences of the coffee machine's events, sent through its generated client, against a small reference model
 * of the book's machine: after every event, the machine's state, the drinks it served and the coins it gave back are
 * the model's.
 *
 * <p>A run is a list of steps drawn by QuickTheories from a fixed seed ({@code -DQT_SEED=<n>} picks another); a failing
 * run is shrunk to the shortest list of simplest steps that still fails, and the report names the steps.
 *
 * <p>On the test kit: each run starts a machine on the test's node and stops it at the end; the leak check shows that
 * no run left one alive, and the report check that none crashed.
 */
@LoomOtpTest
class CoffeeModelProperties {
    private static final Duration T = Duration.ofSeconds(5);
    private static final long SEED = Long.getLong("QT_SEED", 20261201L);

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

    /** A running machine on the test's node, the coins its hardware gave back, and the model. */
    static final class Harness implements AutoCloseable {
        final AtomicInteger returned = new AtomicInteger();
        final CoffeeRef coffee;
        final Model model = new Model();

        Harness(Node node) {
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
            coffee.stop();
        }
    }

    /** One event of a run: what it does to the machine and to the model, named as the failure report shows it. */
    record Step(String name, Consumer<Harness> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void theMachineFollowsTheModel(Node node) {
        qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(3000)
                .forAll(run())
                .checkAssert(steps -> runAgainstTheModel(node, steps));
    }

    /**
     * Up to 40 steps. QuickTheories shrinks a list by cutting its end and each element towards its simplest value, but
     * never drops an element from the middle: each slot is therefore an optional step whose simplest value is "no
     * step", so that a failing run shrinks to the few steps that matter, and the report lists only those.
     */
    private static Gen<List<Step>> run() {
        return lists().of(step().toOptionals(25)).ofSizeBetween(0, 40)
                .map(slots -> slots.stream().flatMap(Optional::stream).toList());
    }

    /** Runs the steps on a fresh machine, checking it against the model before the first step and after each one. */
    private static void runAgainstTheModel(Node node, List<Step> steps) {
        try (Harness h = new Harness(node)) {
            h.check();
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).run().accept(h);
                try {
                    h.check();
                } catch (AssertionError e) {
                    throw new AssertionError("machine != model after " + steps.subList(0, i + 1), e);
                }
            }
        }
    }

    /** The events, weighted as a customer uses the machine: pay most, select often, cancel or ask rarely. */
    private static Gen<Step> step() {
        return Generate.frequency(
                Pair.of(3, Generate.pick(List.of("tea", "americano")).map(drink -> new Step(
                        "selection(" + drink + ")", h -> {
                            int price = drink.equals("tea") ? 100 : 150;
                            h.coffee.selection(drink, price);
                            h.model.select(drink, price);
                        }))),
                Pair.of(5, Generate.pick(List.of(10, 20, 50, 100)).map(coin -> new Step(
                        "pay(" + coin + ")", h -> {
                            h.coffee.pay(coin);
                            h.model.pay(coin);
                        }))),
                Pair.of(1, Generate.constant(new Step("cancel()", h -> {
                    h.coffee.cancel();
                    h.model.cancel();
                }))),
                Pair.of(2, Generate.constant(new Step("cupRemoved()", h -> {
                    h.coffee.cupRemoved();
                    h.model.cupRemoved();
                }))),
                // ready() is a call the machine answers only in Selection and postpones elsewhere, where it would
                // wait for a state change no later step could cause: the step does nothing outside Selection
                Pair.of(1, Generate.constant(new Step("ready()", h -> {
                    if (h.model.state instanceof Coffee.Selection) {
                        assertThat(h.coffee.ready()).isEqualTo(h.model.served);
                    }
                }))));
    }
}
