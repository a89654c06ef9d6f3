package io.loomotp.sys;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.ProcessStatus;
import io.loomotp.sys.jfr.LongHandlerEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Watch dogs over a node, in the spirit of OTP's {@code erlang:system_monitor}:
 * <ul>
 *   <li><b>long handler</b> ({@code long_schedule}): a process that has held its carrier thread, on one message,
 *       longer than a threshold. A virtual thread cannot be preempted: this is how a CPU-bound handler becomes
 *       visible. Told once per message.
 *   <li><b>large mailbox</b> ({@code large_heap}'s cousin for queues): a process whose mailbox has reached a threshold.
 *       Told once, and again only after it has drained below half.
 * </ul>
 *
 * <p>It costs the processes nothing: a thread of its own reads every process's counters (no stack, no per-message
 * timestamps) a few times per threshold. A handler is "long" when the process is runnable on a carrier and has not
 * taken a new message across scans spanning the threshold. Events go to slf4j (WARN, logger
 * {@code io.loomotp.sys.watchdog}), to JFR ({@code io.loomotp.LongHandler}), and to listeners.
 */
public final class Watchdog implements AutoCloseable {

    /** What a watchdog saw. */
    public sealed interface Alarm {
        Pid pid();

        /** A process held its carrier on one message for {@code runningFor}, so far; {@code frame} is where. */
        record LongHandler(Pid pid, String name, Duration runningFor, String frame) implements Alarm {
            @Override
            public String toString() {
                return "long_handler " + pid + (name == null ? "" : " (" + name + ")") + " running for "
                        + runningFor.toMillis() + " ms at " + frame;
            }
        }

        /** A process's mailbox reached the threshold. */
        record LargeMailbox(Pid pid, String name, int length) implements Alarm {
            @Override
            public String toString() {
                return "large_mailbox " + pid + (name == null ? "" : " (" + name + ")") + " has " + length
                        + " messages waiting";
            }
        }
    }

    private final Node node;
    private final Duration longHandler;
    private final int largeMailbox;
    private final List<Consumer<? super Alarm>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Per process: the message count last seen, and since when it has been runnable on it. */
    private final Map<Pid, long[]> seen = new HashMap<>();
    private final Set<Pid> overfull = new HashSet<>();

    private Watchdog(Node node, Duration longHandler, int largeMailbox) {
        this.node = node;
        this.longHandler = longHandler;
        this.largeMailbox = largeMailbox;
        this.thread = Thread.ofPlatform().daemon().name("loomotp-watchdog-" + node.name()).unstarted(this::loop);
    }

    /**
     * Starts watching a node.
     *
     * @param longHandler how long a handler may hold its carrier before it is told (OTP's long_schedule time)
     * @param largeMailbox how many waiting messages make a mailbox large
     */
    public static Watchdog start(Node node, Duration longHandler, int largeMailbox) {
        Objects.requireNonNull(node, "node");
        if (longHandler.isNegative() || longHandler.isZero() || largeMailbox < 1) {
            throw new IllegalArgumentException("thresholds must be positive: " + longHandler + ", " + largeMailbox);
        }
        Watchdog w = new Watchdog(node, longHandler, largeMailbox);
        w.thread.start();
        return w;
    }

    /** Adds a listener, told on the watchdog's thread. */
    public Watchdog onAlarm(Consumer<? super Alarm> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public Duration longHandlerThreshold() {
        return longHandler;
    }

    public int largeMailboxThreshold() {
        return largeMailbox;
    }

    private void loop() {
        // a few scans per threshold, and often enough for mailboxes: between 10 and 250 ms
        long period = Math.clamp(longHandler.toNanos() / 4, 10_000_000L, 250_000_000L);
        while (running && !node.isClosed()) {
            scan();
            LockSupport.parkNanos(period);
        }
    }

    private void scan() {
        long now = System.nanoTime();
        Set<Pid> alive = new HashSet<>();
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                continue;
            }
            alive.add(p);
            checkMailbox(c);
            checkHandler(c, now);
        }
        seen.keySet().retainAll(alive);
        overfull.retainAll(alive);
    }

    private void checkMailbox(ProcessCounters c) {
        if (c.mailboxLength() >= largeMailbox) {
            if (overfull.add(c.pid())) {
                tell(new Alarm.LargeMailbox(c.pid(), c.registeredName(), c.mailboxLength()));
            }
        } else if (c.mailboxLength() < largeMailbox / 2) {
            overfull.remove(c.pid());
        }
    }

    /** {first seen runnable at, messages in then, told (0/1)} per process. */
    private void checkHandler(ProcessCounters c, long now) {
        boolean busy = c.onCarrier() && c.status() == ProcessStatus.RUNNING;
        long[] s = seen.get(c.pid());
        if (!busy) {
            seen.remove(c.pid());
            return;
        }
        if (s == null || s[1] != c.messagesIn()) {
            seen.put(c.pid(), new long[] {now, c.messagesIn(), 0});
            return;
        }
        long runningFor = now - s[0];
        if (s[2] == 0 && runningFor >= longHandler.toNanos()) {
            s[2] = 1;
            ProcessInfo i = node.info(c.pid());
            StackTraceElement f = i == null ? null : i.currentFunction();
            tell(new Alarm.LongHandler(c.pid(), c.registeredName(), Duration.ofNanos(runningFor),
                    f == null ? "?" : f.toString()));
        }
    }

    private void tell(Alarm alarm) {
        LoggerFactory.getLogger("io.loomotp.sys.watchdog").warn("{}", alarm);
        if (alarm instanceof Alarm.LongHandler l) {
            LongHandlerEvent.emit(String.valueOf(l.pid()), l.name(), l.runningFor().toNanos(), l.frame());
        }
        for (Consumer<? super Alarm> l : listeners) {
            try {
                l.accept(alarm);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger("io.loomotp.sys.watchdog").warn("alarm listener {} failed", l, e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
