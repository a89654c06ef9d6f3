package tutorial;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Server(name = "frequency")
public final class Frequency {
    private final Deque<Integer> free;
    private final Map<Integer, Pid> allocated = new HashMap<>();

    public Frequency(List<Integer> frequencies) {
        free = new ArrayDeque<>(frequencies);
    }

    public record Allocation(int frequency) {}

    @Call
    Allocation allocate(From from) {
        Integer frequency = free.poll();
        if (frequency == null) {
            return null;
        }
        allocated.put(frequency, from.pid());
        return new Allocation(frequency);
    }

    @Call
    int available() {
        return free.size();
    }

    @Cast
    void deallocate(int frequency) {
        if (allocated.remove(frequency) != null) {
            free.add(frequency);
        }
    }
}
