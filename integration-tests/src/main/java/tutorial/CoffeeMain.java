package tutorial;

import io.loomotp.runtime.Node;
import io.loomotp.sys.Sys;
import java.time.Duration;

public final class CoffeeMain {
    public static void main(String[] args) {
        Duration paymentTimeout = args.length > 0 ? Duration.parse(args[0]) : Duration.ofSeconds(10);
        try (Node node = Node.create("tutorial")) {
            CoffeeRef coffee = CoffeeRef.start(node, () -> new Coffee(new Console(), paymentTimeout));
            Sys.trace(coffee);

            coffee.selection("tea", 100);
            coffee.cancel();
            coffee.selection("americano", 150);
            coffee.pay(100);
            coffee.pay(100);
            coffee.pay(50);
            coffee.cupRemoved();
            System.out.println("served " + coffee.ready());

            coffee.selection("espresso", 100);
            coffee.pay(50);
            System.out.println("served " + coffee.ready(paymentTimeout.plusSeconds(5)));

            Sys.trace(coffee, false);
        }
    }

    /** The hardware, on the console, as the book's hw.erl. */
    static final class Console implements Coffee.Hardware {
        @Override
        public void display(String text) {
            System.out.println("Display:" + text);
        }

        @Override
        public void returnChange(int coins) {
            System.out.println("Machine:Returned " + coins + " in change");
        }

        @Override
        public void dropCup() {
            System.out.println("Machine:Dropped Cup.");
        }

        @Override
        public void prepare(String drink) {
            System.out.println("Machine:Preparing " + drink + ".");
        }
    }
}
