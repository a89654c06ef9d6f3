package tutorial;

import io.loomotp.runtime.Node;
import io.loomotp.sys.Sys;
import java.util.List;

public final class Main {
    public static void main(String[] args) {
        try (Node node = Node.create("tutorial")) {
            FrequencyRef frequency = FrequencyRef.start(node, () -> new Frequency(List.of(10, 11, 12)));
            Sys.trace(frequency);

            Frequency.Allocation first = frequency.allocate();
            Frequency.Allocation second = frequency.allocate();
            frequency.deallocate(first.frequency());
            int free = frequency.available();

            Sys.trace(frequency, false);
            System.out.println("allocated " + first + " and " + second + ", released the first; " + free + " free");
        }
    }
}
