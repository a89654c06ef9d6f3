package io.loomotp.observer.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * Samples one node at a fixed interval, on a virtual thread of its own: the node's figures (processes, carriers, run
 * queue, heap, GC, messages per second) into a bounded history for the charts, and each process's messages in and
 * out per second for the process table. It owns the only periodic walk of the process table the observer makes, so
 * that the page's cost is one walk per interval however many pages are open: reading a process's counters is cheap
 * (no stack), and a million processes cost one pass of a million reads a second.
 */
final class Sampler implements AutoCloseable {
    /** One sample of the node. */
    record Sample(long timeMillis, int processes, double messagesPerSecond, long heapUsed, long heapMax,
                  long gcCount, long gcMillis, int carriers, int mounted, long runQueue, int onCarrier) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", timeMillis);
            m.put("processes", processes);
            m.put("messagesPerSecond", messagesPerSecond);
            m.put("heapUsed", heapUsed);
            m.put("heapMax", heapMax);
            m.put("gcCount", gcCount);
            m.put("gcMillis", gcMillis);
            m.put("carriers", carriers);
            m.put("mounted", mounted);
            m.put("runQueue", runQueue);
            m.put("onCarrier", onCarrier);
            return m;
        }
    }

    private final Node node;
    private final Duration interval;
    private final int historySize;
    private final ArrayDeque<Sample> history = new ArrayDeque<>();
    private final VirtualThreadSchedulerMXBean scheduler =
            ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
    private final Thread thread;
    private volatile boolean open = true;
    /** Per process: messages in and out per second over the last interval. Replaced whole at each sample. */
    private volatile Map<Pid, double[]> rates = Map.of();
    private Map<Pid, long[]> previous = new HashMap<>();
    private long previousNanos;
    private long sequence;

    Sampler(Node node, Duration interval, int historySize) {
        this.node = node;
        this.interval = interval;
        this.historySize = historySize;
        this.thread = Thread.ofVirtual().name("loomotp-observer-sampler-" + node.name()).unstarted(this::run);
    }

    void start() {
        sample();
        thread.start();
    }

    private void run() {
        while (open && !node.isClosed()) {
            LockSupport.parkNanos(interval.toNanos());
            if (open) {
                sample();
            }
        }
    }

    private void sample() {
        long now = System.nanoTime();
        double seconds = previousNanos == 0 ? 0 : (now - previousNanos) / 1e9;
        Map<Pid, long[]> current = new HashMap<>();
        Map<Pid, double[]> r = new HashMap<>();
        long delta = 0;
        int onCarrier = 0;
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                continue;
            }
            if (c.onCarrier()) {
                onCarrier++;
            }
            current.put(p, new long[] {c.messagesIn(), c.messagesOut()});
            long[] before = previous.get(p);
            long in = c.messagesIn() - (before == null ? 0 : before[0]);
            long out = c.messagesOut() - (before == null ? 0 : before[1]);
            if (before != null) {
                delta += in;
            }
            if (seconds > 0 && before != null) {
                r.put(p, new double[] {in / seconds, out / seconds});
            }
        }
        previous = current;
        previousNanos = now;
        rates = r;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        Sample s = new Sample(System.currentTimeMillis(), current.size(), seconds > 0 ? delta / seconds : 0,
                heap.getUsed(), heap.getMax(), gcCount, gcMillis, scheduler.getParallelism(),
                scheduler.getMountedVirtualThreadCount(), scheduler.getQueuedVirtualThreadCount(), onCarrier);
        synchronized (history) {
            history.addLast(s);
            while (history.size() > historySize) {
                history.removeFirst();
            }
            sequence++;
            history.notifyAll();
        }
    }

    /** The samples kept, oldest first. */
    List<Sample> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    Sample latest() {
        synchronized (history) {
            return history.peekLast();
        }
    }

    /** How many samples were taken so far: a stream waits for it to change. */
    long sequence() {
        synchronized (history) {
            return sequence;
        }
    }

    /** Waits until a sample newer than {@code seen} is taken, or the timeout; returns the current sequence. */
    long awaitAfter(long seen, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (history) {
            while (sequence == seen && open) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                history.wait(Math.max(1, left / 1_000_000));
            }
            return sequence;
        }
    }

    /** Messages in and out per second of a process over the last interval, or null before two samples. */
    double[] rates(Pid pid) {
        return rates.get(pid);
    }

    int historySize() {
        return historySize;
    }

    Duration interval() {
        return interval;
    }

    @Override
    public void close() {
        open = false;
        LockSupport.unpark(thread);
        synchronized (history) {
            history.notifyAll();
        }
    }
}
