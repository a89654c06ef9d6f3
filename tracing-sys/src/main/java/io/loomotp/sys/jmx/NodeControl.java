package io.loomotp.sys.jmx;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.sys.TraceSink;
import io.loomotp.sys.Recon;
import io.loomotp.sys.NodeSys;
import io.loomotp.sys.Sys;
import io.loomotp.sys.TraceLimit;
import io.loomotp.sys.TracePattern;
import io.loomotp.sys.Tracer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link NodeMXBean} of one node, and its sessions. */
public final class NodeControl implements NodeMXBean, AutoCloseable {
    private static final int SESSION_BUFFER = 10_000;

    private final Node node;
    private final ObjectName name;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile long leaseMillis = 3_000;
    private volatile boolean open = true;
    private final Thread sweeper;

    /** One client's session: its lines, when it last polled, and the traces it asked for. */
    private static final class Session {
        final long id;
        final ArrayBlockingQueue<String> lines = new ArrayBlockingQueue<>(SESSION_BUFFER);
        final Set<Pid> traced = ConcurrentHashMap.newKeySet();
        final AtomicLong dropped = new AtomicLong();
        volatile long lastPoll = System.nanoTime();
        volatile boolean ownsTracer;

        Session(long id) {
            this.id = id;
        }

        TraceSink sink() {
            return line -> {
                if (!lines.offer(line)) {
                    dropped.incrementAndGet();
                }
            };
        }
    }

    private NodeControl(Node node) throws Exception {
        this.node = node;
        this.name = objectName(node);
        this.sweeper = Thread.ofPlatform().daemon().name("loomotp-jmx-sessions-" + node.name())
                .unstarted(this::sweep);
    }

    /** The name a node's bean is registered under. */
    public static ObjectName objectName(Node node) throws Exception {
        return new ObjectName("io.loomotp:type=Node,name=" + ObjectName.quote(node.name()));
    }

    /** Registers a node's bean in the platform MBean server. */
    public static NodeControl register(Node node) {
        try {
            NodeControl c = new NodeControl(node);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(c.name)) {
                server.unregisterMBean(c.name);
            }
            server.registerMBean(c, c.name);
            c.sweeper.start();
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the JMX bean of node " + node.name(), e);
        }
    }

    private NodeSys sys() {
        return Sys.on(node).withTimeout(Duration.ofSeconds(5));
    }

    @Override
    public String getNodeName() {
        return node.name();
    }

    @Override
    public int getProcessCount() {
        return node.processCount();
    }

    @Override
    public long getSessionLeaseMillis() {
        return leaseMillis;
    }

    @Override
    public void setSessionLeaseMillis(long millis) {
        if (millis < 100) {
            throw new IllegalArgumentException("a session lease is at least 100 ms");
        }
        leaseMillis = millis;
    }

    @Override
    public String list() {
        StringBuilder b = new StringBuilder(String.format("%-10s %-24s %-11s %-9s %8s %12s%n", "PID", "NAME",
                "BEHAVIOUR", "STATUS", "MAILBOX", "MESSAGES"));
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                continue;
            }
            var info = node.info(p);
            b.append(String.format("%-10s %-24s %-11s %-9s %8d %12d%n", p,
                    c.registeredName() == null ? "-" : c.registeredName(),
                    info == null || info.behaviour() == null ? "-" : info.behaviour(),
                    c.status().name().toLowerCase(), c.mailboxLength(), c.messagesIn()));
        }
        return b.toString();
    }

    @Override
    public String tree() {
        List<Recon.TreeNode> roots = Recon.tree(node);
        if (roots.isEmpty()) {
            return "no supervisors on node " + node.name() + "\n";
        }
        StringBuilder b = new StringBuilder();
        roots.forEach(r -> b.append(r.render()));
        return b.toString();
    }

    @Override
    public String top(String by, int n) {
        Recon.Attribute a = Recon.Attribute.parse(by);
        StringBuilder b = new StringBuilder(String.format("%-10s %14s %-24s %s%n", "PID", a.name().toLowerCase(),
                "NAME", "CURRENT FUNCTION"));
        for (Recon.Top t : Recon.procCount(node, a, n)) {
            b.append(String.format("%-10s %14d %-24s %s%n", t.pid(), t.value(),
                    t.registeredName() == null ? "-" : t.registeredName(),
                    t.currentFunction() == null ? "-" : t.currentFunction()));
        }
        return b.toString();
    }

    @Override
    public String info(String process) {
        return Recon.info(node, sys().resolve(process)).toString();
    }

    @Override
    public String state(String process) {
        return String.valueOf(sys().getState(process));
    }

    @Override
    public String status(String process) {
        SysStatus s = sys().getStatus(process);
        return "pid: " + s.pid() + "\nname: " + s.name() + "\nbehaviour: " + s.behaviour() + "\nmodule: " + s.module()
                + "\nstatus: " + s.status() + "\nparent: " + s.parent() + "\ndebug: " + s.debug() + "\nstate: "
                + s.state() + (s.extra().isEmpty() ? "" : "\n" + s.extra());
    }

    @Override
    public String stats(String process) {
        NodeSys sys = sys();
        Pid pid = sys.resolve(process);
        SysStatus s = sys.getStatus(pid);
        if (s.debug().stream().noneMatch(d -> d.startsWith("statistics"))) {
            sys.statistics(pid, true);
            return "statistics switched on for " + process + "; ask again to read them";
        }
        Statistics st = sys.statistics(pid);
        return String.valueOf(st);
    }

    @Override
    public String suspend(String process) {
        sys().suspend(process);
        return process + " suspended";
    }

    @Override
    public String resume(String process) {
        sys().resume(process);
        return process + " resumed";
    }

    @Override
    public String log(String process, String action, long session) {
        NodeSys sys = sys();
        return switch (action) {
            case "on" -> {
                sys.log(process, 10);
                yield "logging the last 10 events of " + process;
            }
            case "off" -> {
                sys.log(process, 0);
                yield "log of " + process + " off";
            }
            case "print" -> {
                Session s = session(session);
                // sys:log(Name, print) prints nothing when nothing is logged; a terminal says why instead
                if (sys.logGet(process).isEmpty()) {
                    yield "nothing logged for " + process + " (log " + process + " on keeps its last 10 events)";
                }
                sys.withSink(s.sink()).logPrint(process);
                yield "";
            }
            default -> throw new IllegalArgumentException("log takes on, off or print, not '" + action + "'");
        };
    }

    @Override
    public String trace(String process, boolean on, long session) {
        NodeSys sys = sys();
        Pid pid = sys.resolve(process);
        if (!on) {
            sys.trace(pid, false);
            sessions.values().forEach(s -> s.traced.remove(pid));
            return "trace of " + process + " off";
        }
        Session s = session(session);
        sys.withSink(s.sink()).trace(pid, true);
        s.traced.add(pid);
        return "tracing " + process + " (" + pid + ")";
    }

    @Override
    public String traceCalls(String behaviour, String messageType, String handler, boolean replies, long count,
                             long perSecond, long session) {
        TracePattern p = behaviour == null || behaviour.isEmpty() ? TracePattern.all()
                : TracePattern.of(load(behaviour));
        if (messageType != null && !messageType.isEmpty()) {
            p = p.messages(load(messageType));
        }
        if (handler != null && !handler.isEmpty()) {
            p = p.handler(handler);
        }
        if (replies) {
            p = p.withReplies();
        }
        TraceLimit limit = count > 0 ? TraceLimit.count(count)
                : perSecond > 0 ? TraceLimit.rate(perSecond, Duration.ofSeconds(1)) : TraceLimit.none();
        Session s = session(session);
        Tracer.Session t = Tracer.start(node, p, limit, s.sink());
        s.ownsTracer = true;
        return "tracing " + p + ", " + limit + ", in " + t.traced().size() + " processes";
    }

    private Class<?> load(String className) {
        try {
            return Class.forName(className, false, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : NodeControl.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + className + " in the node's JVM", e);
        }
    }

    @Override
    public String clearTrace() {
        Tracer.clear(node);
        return "trace cleared";
    }

    @Override
    public long openSession() {
        long id = ids.incrementAndGet();
        sessions.put(id, new Session(id));
        return id;
    }

    private Session session(long id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no session " + id + " (closed, or its lease of " + leaseMillis
                    + " ms ran out): open one");
        }
        return s;
    }

    @Override
    public String[] poll(long session) {
        Session s = session(session);
        s.lastPoll = System.nanoTime();
        List<String> out = new ArrayList<>();
        s.lines.drainTo(out);
        long dropped = s.dropped.getAndSet(0);
        if (dropped > 0) {
            out.add("*TRACE* " + dropped + " lines dropped: the session was not polled fast enough");
        }
        return out.toArray(String[]::new);
    }

    @Override
    public void closeSession(long session) {
        Session s = sessions.remove(session);
        if (s == null) {
            return;
        }
        for (Pid p : s.traced) {
            try {
                SysCalls.trace(p, false, null, Duration.ofSeconds(2));
            } catch (RuntimeException gone) {
                // dead or busy: nothing to switch off, or it will see no more lines for this session
            }
        }
        if (s.ownsTracer) {
            Tracer.clear(node);
        }
    }

    /** Closes the sessions whose clients stopped polling: a closed terminal switches its traces off. */
    private void sweep() {
        while (open && !node.isClosed()) {
            long now = System.nanoTime();
            for (Session s : List.copyOf(sessions.values())) {
                if (now - s.lastPoll > leaseMillis * 1_000_000L) {
                    closeSession(s.id);
                }
            }
            LockSupport.parkNanos(Math.max(50, leaseMillis / 4) * 1_000_000L);
        }
    }

    /** How many sessions are open. */
    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void close() {
        open = false;
        LockSupport.unpark(sweeper);
        List.copyOf(sessions.keySet()).forEach(this::closeSession);
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
