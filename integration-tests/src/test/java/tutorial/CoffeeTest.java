package tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@LoomOtpTest(virtualTime = true)
class CoffeeTest {
    /** Hardware that tells a probe what the machine did. */
    record ToProbe(Pid probe) implements Coffee.Hardware {
        public void display(String text) {
            Process.send(probe, "display " + text);
        }

        public void returnChange(int coins) {
            Process.send(probe, "change " + coins);
        }

        public void dropCup() {
            Process.send(probe, "cup");
        }

        public void prepare(String drink) {
            Process.send(probe, "brew " + drink);
        }
    }

    @Test
    void paymentTimeout_refunds_andEachCoinRestartsIt(Node node, TestKit kit) {
        TestProbe hw = kit.probe();
        CoffeeRef coffee = CoffeeRef.start(node, () -> new Coffee(new ToProbe(hw.pid()), Duration.ofSeconds(30)));
        hw.expectMessageEquals("display Make Your Selection");
        coffee.selection("espresso", 100);
        coffee.pay(30);
        hw.receiveN(2); // Please pay:100, Please pay:70

        kit.advance(Duration.ofSeconds(29));
        hw.expectNoMessage(Duration.ZERO);
        coffee.pay(20);
        hw.expectMessageEquals("display Please pay:50");
        kit.advance(Duration.ofSeconds(29));
        hw.expectNoMessage(Duration.ZERO);

        kit.advance(Duration.ofSeconds(1));
        hw.expectMessageEquals("display Make Your Selection");
        hw.expectMessageEquals("change 50");
        assertEquals(Duration.ofSeconds(59), kit.elapsed());
        coffee.stop();
    }
}
