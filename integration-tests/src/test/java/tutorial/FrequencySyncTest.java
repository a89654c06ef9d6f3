package tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomotp.runtime.Pid;
import io.loomotp.testkit.Effect;
import io.loomotp.testkit.ServerHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's frequency server tested synchronously: its handlers run on the test's thread through the generated
 * {@code Frequency_Dispatch}, with no node. The messages are the dispatch's records, visible to a test in the
 * server's package.
 */
class FrequencySyncTest {

    @Test
    void allocate_thenDeallocate_givesTheFrequencyBack() throws Exception {
        ServerHarness<Frequency> h = ServerHarness.of(Frequency.class, new Frequency(List.of(10, 11)));
        Pid phone = ServerHarness.pid();

        Object first = h.call(phone, Frequency_Dispatch.Allocate.INSTANCE);
        h.cast(new Frequency_Dispatch.Deallocate(10));

        assertEquals(new Frequency.Allocation(10), first);
        assertEquals(2, h.call(Frequency_Dispatch.Available.INSTANCE));
        assertEquals("Frequency[free=[11, 10], allocated={}]", h.formattedState());
        assertEquals(new Effect.Reply(phone, new Frequency.Allocation(10)), h.effects().getFirst());
    }

    @Test
    void allocate_whenNoneIsFree_repliesNull() throws Exception {
        ServerHarness<Frequency> h = ServerHarness.of(Frequency.class, new Frequency(List.of()));
        assertNull(h.call(Frequency_Dispatch.Allocate.INSTANCE));
        assertTrue(!h.isStopped());
    }
}
