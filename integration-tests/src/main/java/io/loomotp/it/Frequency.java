package io.loomotp.it;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Info;
import io.loomotp.Init;
import io.loomotp.Server;
import io.loomotp.Terminate;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frequency server of Designing for Scalability, chapter 4, as a user writes it: a plain class with a
 * {@code @Call} to allocate and a {@code @Cast} to release. It monitors each client that holds a frequency and takes
 * the frequency back when the client dies.
 */
@Server(name = "frequency")
public final class Frequency {
    private final Deque<Integer> free;
    private final Map<Integer, Pid> allocated = new HashMap<>();
    private final Map<MonitorRef, Integer> monitors = new HashMap<>();

    public Frequency(List<Integer> frequencies) {
        free = new ArrayDeque<>(frequencies);
    }

    /** What {@code allocate} answers: a frequency, or the reason there is none. */
    public sealed interface Allocation {}

    /** A frequency, now held by the caller. */
    public record Granted(int frequency) implements Allocation {}

    /** No frequency is free. */
    public record NoFrequency() implements Allocation {}

    @Init
    void init() {
        Process.trapExits(true);
    }

    @Call
    Allocation allocate(From from) {
        Integer f = free.poll();
        if (f == null) {
            return new NoFrequency();
        }
        allocated.put(f, from.pid());
        if (!from.pid().equals(Process.node().systemPid())) {
            monitors.put(Process.monitor(from.pid()), f);
        }
        return new Granted(f);
    }

    @Call
    int available() {
        return free.size();
    }

    @Cast
    void deallocate(int frequency) {
        if (allocated.remove(frequency) != null) {
            monitors.values().remove(frequency);
            free.add(frequency);
        }
    }

    @Info
    void clientDown(Down down) {
        Integer f = monitors.remove(down.ref());
        if (f != null) {
            allocated.remove(f);
            free.add(f);
        }
    }

    @Terminate
    void terminate(ExitReason reason) {
        allocated.clear();
    }
}
