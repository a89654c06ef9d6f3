package tutorial;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.sys.SysCalls;
import java.time.Duration;
import java.util.List;

public final class Main {
    public static void main(String[] args) {
        try (Node node = Node.create("tutorial")) {
            FrequencyRef frequency = FrequencyRef.start(node, () -> new Frequency(List.of(10, 11, 12)));
            SysCalls.trace(frequency.pid(), true, System.out::println, Duration.ofSeconds(1));

            Frequency.Allocation first = frequency.allocate();
            Frequency.Allocation second = frequency.allocate();
            frequency.deallocate(first.frequency());
            int free = frequency.available();

            SysCalls.trace(frequency.pid(), false, null, Duration.ofSeconds(1));
            System.out.println("allocated " + first + " and " + second + ", released the first; " + free + " free");
        }
    }
}
