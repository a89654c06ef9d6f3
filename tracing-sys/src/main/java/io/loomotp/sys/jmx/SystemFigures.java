package io.loomotp.sys.jmx;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ets.Ets;
import io.loomotp.sys.Recon;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code system} command's figures: a node and its JVM at a glance, the first look of Erlang in Anger's chapters on
 * a misbehaving node ({@code erlang:memory()}, {@code erlang:system_info(process_count)}, {@code recon:node_stats}).
 * The node's figures are its own (processes, what waits in their mailboxes, ETS tables); the rest are its JVM's, which
 * other nodes of the same JVM share (heap, collections, threads, CPU).
 *
 * <p>Unlike {@code erlang:memory()}, no figure is per process: a virtual thread's memory cannot be measured from
 * outside (operations.md, "memory"); the heap is the JVM's, and a heap dump says what holds it.
 */
record SystemFigures(String node, int processes, long waiting, int largest, String largestOwner, int carriers,
                     MemoryUsage heap, MemoryUsage nonHeap, List<String> collections, int platformThreads,
                     long cpuNanos, Duration uptime, double loadAverage, int cores, int tables) {

    /** Reads the figures now; a process that dies meanwhile is left out. */
    static SystemFigures of(Node node) {
        long waiting = 0;
        int largest = 0;
        Pid largestPid = null;
        int processes = 0;
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                continue;
            }
            processes++;
            waiting += c.mailboxLength();
            if (c.mailboxLength() > largest) {
                largest = c.mailboxLength();
                largestPid = p;
            }
        }
        String owner = largestPid == null ? null : label(node, largestPid);
        var memory = ManagementFactory.getMemoryMXBean();
        List<String> collections = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections.add(gc.getName() + " " + Math.max(0, gc.getCollectionCount()) + " ("
                    + Math.max(0, gc.getCollectionTime()) + " ms)");
        }
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new SystemFigures(node.name(), processes, waiting, largest, owner, node.carriers(),
                memory.getHeapMemoryUsage(), memory.getNonHeapMemoryUsage(), collections,
                ManagementFactory.getThreadMXBean().getThreadCount(), cpu,
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), Ets.all(node).size());
    }

    private static String label(Node node, Pid pid) {
        String name = Recon.nameOf(node, pid);
        return name == null || name.equals(pid.toString()) ? pid.toString() : name + " " + pid;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        row(b, "node", node);
        row(b, "processes", String.format(Locale.ROOT, "%,d live; %,d messages waiting in their mailboxes%s", processes,
                waiting, largest == 0 ? "" : String.format(Locale.ROOT, " (the most: %,d, %s)", largest,
                        largestOwner)));
        row(b, "carriers", carriers + " (the threads every process runs on; jdk.virtualThreadScheduler.parallelism)");
        row(b, "heap", "used " + mib(heap.getUsed()) + ", committed " + mib(heap.getCommitted()) + ", max "
                + (heap.getMax() < 0 ? "none" : mib(heap.getMax())) + "; non-heap used " + mib(nonHeap.getUsed()));
        row(b, "collections", String.join(", ", collections));
        row(b, "threads", platformThreads + " platform (processes are virtual threads, not counted here)");
        row(b, "cpu", (cpuNanos < 0 ? "unknown" : seconds(cpuNanos) + " used") + " by the JVM in " + uptime(uptime)
                + (loadAverage < 0 ? "" : String.format(Locale.ROOT, "; load average %.2f", loadAverage)) + " on "
                + cores + (cores == 1 ? " core" : " cores"));
        row(b, "ets", tables + (tables == 1 ? " table" : " tables") + " (tables lists them)");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "%-12s %s%n", name, value));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String uptime(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? seconds(d.toNanos()) : s < 3600 ? s / 60 + " min " + s % 60 + " s"
                : s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
