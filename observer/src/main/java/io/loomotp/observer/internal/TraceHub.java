package io.loomotp.observer.internal;

import io.loomotp.runtime.CallTimeoutException;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>A process's trace may follow a process of another node of the cluster (the page's node selector): its pid is a
 * remote pid, and the cluster's remote sys trace sends each line back to this node's sink (ADR 0019), so the lines of
 * every node's traces started from the page come into the one ring, under the same limits.
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
     * Traces one process until its limit: a process of this node, or of another node of the cluster ({@code pid} is
     * then a remote pid, and the cluster's remote sys trace sends its lines back here, ADR 0019).
     *
     * @param shown the pid as the page shows it (as its own node prints it)
     * @param at the node the page shows it on, or null for this node
     * @throws IllegalStateException if {@value #MAX_PROCESS_TRACES} processes are traced from the page already
     * @throws RuntimeException what {@code sys:trace} throws: no such process, no answer in time, the node lost
     */
    void traceProcess(Pid pid, String shown, String at, String label, TraceLimit limit) {
        if (limit instanceof TraceLimit.None) {
            throw new IllegalArgumentException("a trace from the page needs a limit: a count or a rate");
        }
        endTracesOfDeadProcesses();
        Limited old = processTraces.get(pid);
        if (old != null && old.stopped.get() == null) {
            // as sys:trace(Pid, true) on a traced process changes nothing: another tab's trace is not replaced
            throw new IllegalStateException(label + " is traced from this page already (limit: " + old.limit
                    + "): switch that trace off first to trace it with another limit (nothing was done)");
        }
        processTraces.values().removeIf(x -> x.stopped.get() != null && !x.pid.equals(pid)
                && processTraces.size() > MAX_PROCESS_TRACES);
        long running = processTraces.values().stream().filter(x -> x.stopped.get() == null).count();
        if ((old == null || old.stopped.get() != null) && running >= MAX_PROCESS_TRACES) {
            throw new IllegalStateException(MAX_PROCESS_TRACES + " processes are traced from the page already: "
                    + "switch one off first");
        }
        Limited l = new Limited(pid, shown, at, label, limit);
        processTraces.put(pid, l);
        if (old != null) {
            old.stopped.compareAndSet(null, "replaced");
        }
        try {
            SysAccess.trace(pid, l);
        } catch (CallTimeoutException busy) {
            // the request waits in its mailbox and is carried out when the process gets to it: the trace is the
            // page's from now on, listed, limited and switched off as any other (its lines come when it starts)
            append("*TRACE* " + label + " is busy: tracing it starts when it gets to the request (limit: " + limit
                    + ")");
            throw busy;
        } catch (RuntimeException e) {
            l.stopped.set("not started: " + e.getMessage()); // never listed as running when it did not start
            processTraces.remove(pid, l);
            throw e;
        }
        append("*TRACE* tracing " + label + " on (limit: " + limit + ")");
    }

    /**
     * Switches off the trace of the process shown as {@code shown} on node {@code at} (null: this node); false if the
     * page was not tracing it.
     */
    boolean stopProcess(String at, String shown) {
        Limited l = find(at, shown);
        if (l == null || l.stopped.get() != null) {
            return false; // none, or one that has ended already (its limit, its process): nothing to switch off
        }
        l.stop("switched off from the page");
        return true;
    }

    /** Whether the page traces the process shown as {@code shown} on node {@code at} (null: this node) now. */
    boolean isTraced(String at, String shown) {
        endTracesOfDeadProcesses();
        Limited l = find(at, shown);
        return l != null && l.stopped.get() == null;
    }

    private Limited find(String at, String shown) {
        for (Limited l : processTraces.values()) {
            if (java.util.Objects.equals(l.at, at) && l.shown.equals(shown)) {
                return l;
            }
        }
        return null;
    }

    /** Starts a pattern trace (replacing any on the node, as {@link Tracer#start} does). */
    String tracePattern(TracePattern p, TraceLimit limit) {
        Tracer.Session s = Tracer.start(node, p, limit, this::append);
        pattern.set(new PatternTrace(p.toString(), limit, s));
        return "tracing " + p + " (limit: " + limit + ") " + s.coverage();
    }

    /**
     * Stops the page's pattern trace and says what it stopped ({@link Tracer.Session#summary}); null if none was
     * running (none started, or it had ended already).
     */
    String stopPattern() {
        PatternTrace t = pattern.get();
        if (t == null || !t.session().isRunning()) {
            return null;
        }
        t.session().stop();
        return t.session().summary();
    }

    /** The traces the page started, with their limits and counts, for the Traces panel. */
    List<Map<String, Object>> sessions() {
        endTracesOfDeadProcesses();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Limited l : processTraces.values()) {
            Map<String, Object> m = session("process", l.label, l.shown, l.limit, l.budget.lines(), l.stopped.get());
            m.put("node", l.at);
            out.add(m);
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

    /**
     * A trace of a process of this node that has ended is over, as a sys trace ends with its process: it no longer
     * counts against {@value #MAX_PROCESS_TRACES}, nor shows as running. (Another node's process's trace is ended by
     * its node, which tells the sink: {@link Limited#detached}.)
     */
    private void endTracesOfDeadProcesses() {
        for (Limited l : processTraces.values()) {
            if (l.at == null && l.stopped.get() == null && !node.isAlive(l.pid)) {
                l.detached("its process ended");
            }
        }
    }

    /** A process's trace sink that counts its lines against a limit, as {@code Tracer.Session} does. */
    private final class Limited implements TraceSink {
        final Pid pid;
        final String shown;
        final String at;
        final String label;
        final TraceLimit limit;
        final TraceBudget budget;
        final AtomicReference<String> stopped = new AtomicReference<>();
        private final AtomicBoolean offSent = new AtomicBoolean();

        Limited(Pid pid, String shown, String at, String label, TraceLimit limit) {
            this.pid = pid;
            this.shown = shown;
            this.at = at;
            this.label = label;
            this.limit = limit;
            this.budget = new TraceBudget(limit);
        }

        @Override
        public void line(String line) {
            if (stopped.get() != null) {
                // a trace this page let go of, switched on late (a request its process was too busy to take in
                // time, then stopped from the page): it is switched off at its first line, never left running
                if (offSent.compareAndSet(false, true)) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            SysAccess.trace(pid, null);
                        } catch (RuntimeException gone) {
                            // dead, or busy again: the request waits in its mailbox
                        }
                    });
                }
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

        /** Switched off or replaced elsewhere (the console took the process's one trace), or its process ended. */
        @Override
        public void detached(String why) {
            if (stopped.compareAndSet(null, why)) {
                append("*TRACE* tracing " + label + " off (" + why + ") after " + TraceBudget.lines(budget.lines()));
            }
        }

        void stop(String why) {
            if (!stopped.compareAndSet(null, why)) {
                return;
            }
            offSent.set(true); // its own off: the one at a late line (above) is for traces that had none
            try {
                SysAccess.trace(pid, null);
            } catch (RuntimeException gone) {
                // dead or busy: the sink drops its lines from now on
            }
            append("*TRACE* tracing " + label + " off (" + why + ") after " + TraceBudget.lines(budget.lines()));
        }
    }
}
