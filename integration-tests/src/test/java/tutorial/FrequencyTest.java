package tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.loomotp.runtime.Node;
import io.loomotp.testkit.LoomOtpTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@LoomOtpTest
class FrequencyTest {
    @Test
    void allocate_givesEachFrequencyOnce_untilItIsDeallocated(Node node) {
        FrequencyRef frequency = FrequencyRef.start(node, () -> new Frequency(List.of(10, 11)));

        assertEquals(new Frequency.Allocation(10), frequency.allocate());
        assertEquals(new Frequency.Allocation(11), frequency.allocate());
        assertNull(frequency.allocate());

        frequency.deallocate(10);
        assertEquals(1, frequency.available());
        frequency.stop();
    }
}
