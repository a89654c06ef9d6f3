package io.loomotp.observer.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.sys.TraceSink;
import io.loomotp.sys.TraceBudget;
import io.loomotp.sys.TraceLimit;
import io.loomotp.sys.TracePattern;
import io.loomotp.sys.Tracer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The traces started from the page, and their lines. Two kinds, both with a limit that switches them off:
 *
 * <ul>
 *   <li>a process's trace ({@code sys:trace/2} on one process), whose lines pass through a {@link Limited} sink that
 *       enforces a {@link TraceLimit} as {@code Tracer} does: off after n lines, or as soon as they come faster than a
 *       rate;
 *   <li>a pattern trace, which is {@link Tracer}'s own session (one per node), limit included.
 * </ul>
 *
 * <p>Lines go into one bounded ring ({@value #RING} lines) with a sequence number, which each open page's stream
 * reads from where it left off: a slow page loses old lines (and is told how many), the node never waits for a page.
 * A sink is called inside the traced process, so it only appends; switching a trace off happens on a thread of its own.
 */
final class TraceHub implements AutoCloseable {
    static final int RING = 2_000;
    /** At most this many process traces at once: the page cannot trace the whole node one process at a time. */
    static final int MAX_PROCESS_TRACES = 16;

    /** One trace line, numbered. */
    record Line(long seq, String text) {}

    private final Node node;
    private final ArrayDeque<Line> ring = new ArrayDeque<>();
    private final AtomicLong seq = new AtomicLong();
    private final Map<Pid, Limited> processTraces = new ConcurrentHashMap<>();
    private final AtomicReference<PatternTrace> pattern = new AtomicReference<>();

    TraceHub(Node node) {
        this.node = node;
    }

    /** A pattern trace and its session in {@link Tracer}. */
    private record PatternTrace(String target, TraceLimit limit, Tracer.Session session) {}

    void append(String text) {
        synchronized (ring) {
            ring.addLast(new Line(seq.incrementAndGet(), text));
            while (ring.size() > RING) {
                ring.removeFirst();
            }
            ring.notifyAll();
        }
    }

    /** The lines after {@code after}, at most {@code max}, waiting up to {@code timeout} for one to come. */
    List<Line> linesAfter(long after, int max, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (ring) {
            while (seq.get() <= after) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                ring.wait(Math.max(1, left / 1_000_000));
            }
            List<Line> out = new ArrayList<>();
            for (Line l : ring) {
                if (l.seq() > after) {
                    out.add(l);
                    if (out.size() == max) {
                        break;
                    }
                }
            }
            return out;
        }
    }

    long lastSeq() {
        return seq.get();
    }

    /**
     * Traces one process until its limit.
     *
     * @throws IllegalStateException if {@value #MAX_PROCESS_TRACES} processes are traced from the page already
     */
    void traceProcess(Pid pid, String label, TraceLimit limit) {
        if (limit instanceof TraceLimit.None) {
            throw new IllegalArgumentException("a trace from the page needs a limit: a count or a rate");
        }
        Limited old = processTraces.get(pid);
        processTraces.values().removeIf(x -> x.stopped.get() != null && !x.pid.equals(pid)
                && processTraces.size() > MAX_PROCESS_TRACES);
        long running = processTraces.values().stream().filter(x -> x.stopped.get() == null).count();
        if ((old == null || old.stopped.get() != null) && running >= MAX_PROCESS_TRACES) {
            throw new IllegalStateException(MAX_PROCESS_TRACES + " processes are traced from the page already: "
                    + "switch one off first");
        }
        Limited l = new Limited(pid, label, limit);
        processTraces.put(pid, l);
        if (old != null) {
            old.stopped.compareAndSet(null, "replaced");
        }
        SysAccess.trace(pid, l);
        append("*TRACE* tracing " + label + " on (limit: " + limit + ")");
    }

    /** Switches a process's trace off; false if the page was not tracing it. */
    boolean stopProcess(Pid pid) {
        Limited l = processTraces.get(pid);
        if (l == null) {
            return false;
        }
        l.stop("switched off from the page");
        return true;
    }

    boolean isTraced(Pid pid) {
        Limited l = processTraces.get(pid);
        return l != null && l.stopped.get() == null;
    }

    /** Starts a pattern trace (replacing any on the node, as {@link Tracer#start} does). */
    String tracePattern(TracePattern p, TraceLimit limit) {
        Tracer.Session s = Tracer.start(node, p, limit, this::append);
        pattern.set(new PatternTrace(p.toString(), limit, s));
        return "tracing " + p + " (limit: " + limit + ") in " + s.traced().size() + " processes";
    }

    void stopPattern() {
        PatternTrace t = pattern.get();
        if (t != null) {
            t.session().stop();
        }
    }

    /** The traces the page started, with their limits and counts, for the Traces panel. */
    List<Map<String, Object>> sessions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Limited l : processTraces.values()) {
            out.add(session("process", l.label, l.pid.toString(), l.limit, l.budget.lines(), l.stopped.get()));
        }
        PatternTrace t = pattern.get();
        if (t != null) {
            out.add(session("pattern", t.target(), null, t.limit(), t.session().lines(), t.session().stopReason()));
        }
        return out;
    }

    private static Map<String, Object> session(String kind, String target, String pid, TraceLimit limit, long lines,
                                               String stopped) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("target", target);
        m.put("pid", pid);
        m.put("limit", limit.toString());
        m.put("lines", lines);
        m.put("running", stopped == null);
        m.put("stopReason", stopped);
        return m;
    }

    @Override
    public void close() {
        processTraces.values().forEach(l -> l.stop("observer closed"));
        PatternTrace t = pattern.get();
        if (t != null && t.session().isRunning()) {
            t.session().stop();
        }
    }

    /** A process's trace sink that counts its lines against a limit, as {@code Tracer.Session} does. */
    private final class Limited implements TraceSink {
        final Pid pid;
        final String label;
        final TraceLimit limit;
        final TraceBudget budget;
        final AtomicReference<String> stopped = new AtomicReference<>();

        Limited(Pid pid, String label, TraceLimit limit) {
            this.pid = pid;
            this.label = label;
            this.limit = limit;
            this.budget = new TraceBudget(limit);
        }

        @Override
        public void line(String line) {
            if (stopped.get() != null) {
                return;
            }
            TraceBudget.Verdict v = budget.admit();
            if (v != TraceBudget.Verdict.REFUSE) {
                append(line);
            }
            if (v != TraceBudget.Verdict.ADMIT) {
                Thread.ofVirtual().start(() -> stop(budget.reason()));
            }
        }

        void stop(String why) {
            if (!stopped.compareAndSet(null, why)) {
                return;
            }
            try {
                SysAccess.trace(pid, null);
            } catch (RuntimeException gone) {
                // dead or busy: the sink drops its lines from now on
            }
            append("*TRACE* tracing " + label + " off (" + why + ") after " + budget.lines() + " lines");
        }
    }
}
