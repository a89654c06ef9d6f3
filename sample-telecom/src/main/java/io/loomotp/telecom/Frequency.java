package io.loomotp.telecom;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Info;
import io.loomotp.Init;
import io.loomotp.Server;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.From;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The book's frequency server (chapters 4 and 7): hands out radio frequencies to phone controllers. It raises the
 * {@code no_frequency} alarm when it gives out its last one, clears it when one comes back, and reports every denial
 * to {@link FreqOverload}. It monitors each holder, so that a controller that dies gives its frequency back.
 */
@Server(name = "frequency")
public final class Frequency {
    private final int poolSize;
    private final Deque<Integer> free;
    private final Map<Integer, Pid> allocated = new LinkedHashMap<>();
    private final Map<Pid, MonitorRef> holders = new LinkedHashMap<>();

    @Inject
    public Frequency(BscConfig config) {
        this.poolSize = config.frequencies().size();
        this.free = new ArrayDeque<>(config.frequencies());
    }

    /**
     * A new server has its whole pool free: a {@code no_frequency} alarm that a server before it set and could not
     * clear (it died with no frequency left) is cleared now.
     */
    @Init
    void clearStaleAlarm() {
        if (FreqOverload.alarmSet(Process.node(), "no_frequency")) {
            FreqOverload.frequencyAvailable(Process.node());
        }
    }

    /** What {@code allocate} answers. */
    public sealed interface Allocation {}

    public record Allocated(int frequency) implements Allocation {}

    public record NoFrequency() implements Allocation {}

    @Call
    Allocation allocate(From from) {
        Integer f = free.poll();
        Node node = Process.node();
        if (f == null) {
            FreqOverload.frequencyDenied(node, Process.self());
            return new NoFrequency();
        }
        if (free.isEmpty()) {
            FreqOverload.noFrequency(node, Process.self());
        }
        allocated.put(f, from.pid());
        holders.computeIfAbsent(from.pid(), Process::monitor);
        return new Allocated(f);
    }

    @Cast
    void deallocate(int frequency) {
        Pid holder = allocated.remove(frequency);
        if (holder == null) {
            return; // not ours: handed out before a restart, or given back twice
        }
        if (!allocated.containsValue(holder)) {
            MonitorRef ref = holders.remove(holder);
            if (ref != null) {
                Process.demonitor(ref, true);
            }
        }
        if (free.isEmpty()) {
            FreqOverload.frequencyAvailable(Process.node());
        }
        free.add(frequency);
    }

    /** A holder died: its frequencies come back. */
    @Info
    void holderDown(Down down) {
        holders.remove(down.pid());
        List<Integer> theirs = allocated.entrySet().stream().filter(e -> e.getValue().equals(down.pid()))
                .map(Map.Entry::getKey).toList();
        for (Integer f : theirs) {
            deallocate(f);
        }
    }

    @Call
    int available() {
        return free.size();
    }

    @Call
    int inUse() {
        return allocated.size();
    }

    @Call
    int poolSize() {
        return poolSize;
    }

    /** What traces and {@code state frequency} show: the free frequencies and who holds the others. */
    @Override
    public String toString() {
        return "Frequency[free=" + free + ", allocated=" + allocated + "]";
    }
}
