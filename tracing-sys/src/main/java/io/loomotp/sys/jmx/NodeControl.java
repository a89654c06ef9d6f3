package io.loomotp.sys.jmx;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.ProcessStatus;
import io.loomotp.runtime.ets.Ets;
import io.loomotp.runtime.ets.EtsException;
import io.loomotp.runtime.ets.Table;
import io.loomotp.runtime.event.Alarm;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@link NodeMXBean} of one node, and its sessions.
 *
 * <p>Why one unit (about 740 lines): it is the bean, one class per MXBean interface as JMX registers it, and each of
 * its operations is a few lines that resolve the operator's target ({@link Targets}), ask {@code Sys}, {@code Recon}
 * or the {@code Tracer}, and word the one-line answer the console, the CLI and the remote shell print alike. The
 * sessions (their lines, their lease, the sweeper that switches a lapsed session's traces off) are what the operations
 * share; the cluster's side already lives in {@link ClusterTools}, the targets in {@link Targets}, the texts in
 * {@code Texts}, the {@code system} figures in {@link SystemFigures}. Splitting the operations further would split the
 * bean's one vocabulary across files; the next piece to move out, if it grows, is {@code top}'s tables (now, by a
 * window, across the cluster's rows), which only {@code Recon} and {@code Texts} feed.
 */
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
        /** The rate-limited trace this session started, if any: its own to stop, not a replacement's. */
        volatile Tracer.Session tracer;

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
        this.targets = new Targets(node);
        this.cluster = new ClusterTools(node, this);
        this.sweeper = Thread.ofPlatform().daemon().name("loomotp-jmx-sessions-" + node.name())
                .unstarted(this::sweep);
    }

    /**
     * The name a node's bean is registered under: {@code io.loomotp:type=Node,name=bsc}, as an operator types it in
     * jconsole; a node name with a character an object name's value cannot hold bare ({@code = : " * ?}) is quoted.
     */
    public static ObjectName objectName(Node node) throws Exception {
        String n = node.name();
        boolean bare = !n.isEmpty() && n.chars().noneMatch(c -> "=:\"*?,\n\\".indexOf(c) >= 0);
        return new ObjectName("io.loomotp:type=Node,name=" + (bare ? n : ObjectName.quote(n)));
    }

    /** The node name a bean's object name holds, quoted or not ({@link #objectName}). */
    public static String nodeName(ObjectName bean) {
        String v = bean.getKeyProperty("name");
        return v != null && v.startsWith("\"") ? ObjectName.unquote(v) : v;
    }

    /** Registers a node's bean in the platform MBean server. */
    public static NodeControl register(Node node) {
        try {
            NodeControl c = new NodeControl(node);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(c.name)) {
                server.unregisterMBean(c.name);
            }
            server.registerMBean(new javax.management.StandardMBean(c.whileRunning(), NodeMXBean.class, true),
                    c.name);
            c.sweeper.start();
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the JMX bean of node " + node.name(), e);
        }
    }

    /** What a tool may still do with a stopped node's bean: end its session, read the name. */
    private static final java.util.Set<String> AFTER_STOP = java.util.Set.of("closeSession", "poll", "getNodeName");

    /**
     * The bean as JMX serves it: each operation first checks that the node still runs, so that a tool attached to a
     * JVM whose node has stopped (its permanent application ended) is told so, not shown an empty node (a new
     * operator's finding: list printed an empty table and exited 0).
     */
    private NodeMXBean whileRunning() {
        return (NodeMXBean) java.lang.reflect.Proxy.newProxyInstance(NodeMXBean.class.getClassLoader(),
                new Class<?>[] {NodeMXBean.class}, (proxy, method, args) -> {
                    if (node.isClosed() && method.getDeclaringClass() == NodeMXBean.class
                            && !AFTER_STOP.contains(method.getName())) {
                        throw new IllegalStateException("node " + node.name() + " has stopped (its JVM is still "
                                + "running)");
                    }
                    try {
                        return method.invoke(this, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private final Targets targets;
    private final ClusterTools cluster;

    /** How long a sys request waits for its answer; a test shortens it ({@link #sysTimeout(Duration)}). */
    private volatile Duration sysTimeout = Duration.ofSeconds(5);
    /** How long an off waits once its process did not answer the status request: it waits behind that request. */
    private static final Duration BUSY_GRACE = Duration.ofMillis(200);

    /** For tests of a busy process: a shorter wait than the operator's 5 s. */
    void sysTimeout(Duration timeout) {
        sysTimeout = timeout;
    }

    /** Processes sent a suspend that timed out: it is carried out later, so a resume must not be refused. */
    private final Set<Pid> suspendsSent = ConcurrentHashMap.newKeySet();

    private String seconds() {
        Duration t = sysTimeout;
        return t.toMillis() % 1000 == 0 ? Long.toString(t.toSeconds()) : Double.toString(t.toMillis() / 1000.0);
    }

    private NodeSys sys() {
        return Sys.on(node).withTimeout(sysTimeout);
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
    public String resolve(String process) {
        return Targets.answer(() -> targets.resolve(process).toString());
    }

    @Override
    public String list() {
        StringBuilder b = new StringBuilder(String.format("%-10s %-24s %-11s %-9s %8s %12s%n", "PID", "NAME",
                "BEHAVIOUR", "STATUS", "MAILBOX", "MESSAGES"));
        Map<Pid, String> names = Recon.names(node); // the same name tree, top and the observer show
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                continue;
            }
            var info = node.info(p);
            b.append(String.format("%-10s %-24s %-11s %-9s %8d %12d%n", p,
                    names.getOrDefault(p, "-"),
                    info == null || info.behaviour() == null ? "-" : info.behaviour(),
                    c.status().name().toLowerCase(Locale.ROOT), c.mailboxLength(), c.messagesIn()));
        }
        return b.toString();
    }

    @Override
    public String[] names() {
        List<String> all = new ArrayList<>(new java.util.TreeSet<>(Recon.names(node).values()));
        node.processes().forEach(p -> all.add(p.toString()));
        return all.toArray(String[]::new);
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
        return Targets.answer(() -> {
            Recon.Attribute a = Recon.Attribute.parse(by);
            return table(heading(a), 14, topFields(a, Recon.procCount(node, a, count(n))));
        });
    }

    @Override
    public String topWindow(String by, int n, long windowMillis) {
        return Targets.answer(() -> {
            Recon.Attribute a = Recon.Attribute.parse(by);
            if (windowMillis < 1) {
                throw new IllegalArgumentException("--window " + windowMillis + " ms: expected a positive time");
            }
            Duration window = Duration.ofMillis(windowMillis);
            return table("+" + heading(a) + " in " + Texts.duration(window), 20,
                    topFields(a, Recon.procWindow(node, a, count(n), window)));
        });
    }

    /** {@code top}'s table: the heading of its figure's column (as wide as {@code width}), then a row per process. */
    private static String table(String heading, int width, List<String[]> rows) {
        String row = "%-10s %" + width + "s  %-24s %s%n";
        StringBuilder b = new StringBuilder(String.format(row, "PID", heading, "NAME", "CURRENT FUNCTION"));
        for (String[] f : rows) {
            b.append(String.format(row, f[2], f[1], f[3], f[4]));
        }
        return b.toString();
    }

    @Override
    public String topCluster(String by, int n) {
        return Targets.answer(() -> cluster.topAcrossCluster(this, by, n));
    }

    /**
     * This node's top rows for {@code top --cluster}, one a line, tab-separated: the raw value (to merge by), the
     * value as shown, pid, name, current function.
     */
    String topRows(String by, int n) {
        return Targets.answer(() -> {
            Recon.Attribute a = Recon.Attribute.parse(by);
            StringBuilder b = new StringBuilder();
            topFields(a, Recon.procCount(node, a, count(n))).forEach(f -> b.append(String.join("\t", f)).append('\n'));
            return b.toString();
        });
    }

    /** The column heading of an attribute: {@code handler-time}. */
    static String heading(Recon.Attribute a) {
        return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static int count(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("-n " + n + ": expected a number of processes, 1 or more");
        }
        return n;
    }

    /** {@code top}'s rows: raw value, value as shown, pid, name, current function. */
    private List<String[]> topFields(Recon.Attribute a, List<Recon.Top> tops) {
        List<String[]> rows = new ArrayList<>();
        for (Recon.Top t : tops) {
            String value = a == Recon.Attribute.HANDLER_TIME ? Texts.duration(Duration.ofNanos(t.value()))
                    : a == Recon.Attribute.MEMORY ? t.value() + " B" : String.valueOf(t.value());
            rows.add(new String[] {Long.toString(t.value()), value, t.pid().toString(),
                Objects.requireNonNullElse(Recon.nameOf(node, t.pid()), "-"),
                t.currentFunction() == null ? "-" : t.currentFunction()});
        }
        return rows;
    }

    @Override
    public String info(String process) {
        return Targets.answer(() -> Texts.info(Recon.info(node, targets.resolve(process).pid())));
    }

    @Override
    public String state(String process) {
        return Targets.answer(() -> String.valueOf(sys().getState(targets.resolve(process).pid())));
    }

    @Override
    public String status(String process) {
        return Targets.answer(() -> {
            SysStatus s = sys().getStatus(targets.resolve(process).pid());
            // the name list, tree and top show: the registered name, else the supervisor's label (phone[100003])
            String name = s.name() != null ? s.name() : Recon.nameOf(node, s.pid());
            return "pid: " + s.pid() + "\nname: " + (name == null ? "-" : name) + "\nbehaviour: "
                    + s.behaviour() + "\nmodule: " + s.module() + "\nstatus: " + s.status() + "\nparent: "
                    + s.parent() + "\ndebug: " + s.debug() + "\nstate: " + s.state()
                    + (s.extra().isEmpty() ? "" : "\n" + s.extra());
        });
    }

    @Override
    public String stats(String process) {
        return Targets.answer(() -> {
            Targets.Target t = targets.resolve(process);
            NodeSys sys = sys();
            Boolean on = debugHas(sys, t.pid(), "statistics");
            if (on == null) {
                // only the status request went, and it is harmless when it is carried out later
                throw new IllegalStateException(t + " did not answer within " + seconds() + " s: it "
                        + "may be busy or stuck (info " + t + " shows its current function); nothing was changed");
            }
            if (!on) {
                sys.statistics(t.pid(), true);
                return "statistics of " + t + " switched on; ask again to read them";
            }
            Statistics st = sys.statistics(t.pid());
            return Texts.statistics(t.toString(), st);
        });
    }

    /**
     * Whether a process's debug options (its status lists them) include one named {@code option}; null if it did
     * not answer in time, busy in a handler or stuck.
     */
    private Boolean debugHas(NodeSys sys, Pid pid, String option) {
        try {
            return sys.getStatus(pid).debug().stream().anyMatch(d -> d.startsWith(option));
        } catch (CallTimeoutException busy) {
            return null;
        }
    }

    /**
     * Switches something off on a process that did not answer whether it was on: the request is sent all the same,
     * since an off is harmless when it was off, and an operator who asked for it must not be left with it on. If
     * the process stays busy the request waits in its mailbox, behind the status request, and is carried out when
     * it gets to it, which the answer says.
     */
    private String offWhenBusy(Targets.Target t, String what, Runnable off) {
        try {
            off.run();
            return what + " of " + t + " off";
        } catch (CallTimeoutException stillBusy) {
            return t + " is busy (it did not answer within " + seconds() + " s): " + what + " is "
                    + "switched off when it gets to the request, which waits in its mailbox";
        }
    }

    @Override
    public String statsOff(String process) {
        return Targets.answer(() -> {
            Targets.Target t = targets.resolve(process);
            NodeSys sys = sys();
            Boolean on = debugHas(sys, t.pid(), "statistics");
            if (on == null) {
                return offWhenBusy(t, "statistics", () -> sys.withTimeout(BUSY_GRACE).statistics(t.pid(), false));
            }
            if (!on) {
                return "statistics of " + t + " are off already";
            }
            sys.statistics(t.pid(), false);
            return "statistics of " + t + " switched off";
        });
    }

    @Override
    public String suspend(String process) {
        return Targets.answer(() -> {
            Targets.Target t = targets.resolve(process);
            ProcessInfo info = node.info(t.pid());
            if (info != null && info.status() == ProcessStatus.SUSPENDED) {
                return t + " is suspended already (resume resumes it)";
            }
            suspendsSent.remove(t.pid());
            try {
                sys().suspend(t.pid());
            } catch (CallTimeoutException busy) {
                suspendsSent.add(t.pid()); // carried out later: a resume now must follow it, not be refused
                throw busy;
            }
            return t + " suspended";
        });
    }

    @Override
    public String resume(String process) {
        return Targets.answer(() -> {
            Targets.Target t = targets.resolve(process);
            ProcessInfo info = node.info(t.pid());
            boolean suspendWaits = suspendsSent.remove(t.pid());
            if (info != null && info.status() != ProcessStatus.SUSPENDED && !suspendWaits) {
                return t + " is not suspended (nothing to resume)";
            }
            // after a suspend that timed out, the resume goes behind it, as OTP's two sys requests would: the
            // process ends up running, whichever it reaches first
            sys().resume(t.pid());
            return t + " resumed";
        });
    }

    @Override
    public String kill(String process) {
        return exit(process, "kill");
    }

    @Override
    public String exit(String process, String reason) {
        return Targets.answer(() -> {
            ExitReason r;
            try {
                r = OperatorExit.parse(reason);
            } catch (IllegalArgumentException e) {
                // "exit counter: which reason? ...", "exit counter Normal: reasons are lower case ..."
                throw new IllegalArgumentException("exit " + process + (reason == null || reason.isBlank() ? ": "
                        : " ") + e.getMessage());
            }
            Targets.Target t = targets.resolve(process);
            io.loomotp.runtime.ProcessInfo before = node.info(t.pid());
            node.exit(t.pid(), r);
            if (r == ExitReason.KILL) {
                return "killed " + t;
            }
            return OperatorExit.sent(t.toString(), reason, r, before);
        });
    }

    @Override
    public String nodes() {
        return cluster.nodes();
    }

    @Override
    public String onNode(String nodeName, String[] command) {
        return Targets.answer(() -> {
            String answer = cluster.onNode(nodeName, List.of(command));
            return answer != null ? answer : ClusterTools.run(this, List.of(command)); // --node naming this node
        });
    }

    @Override
    public String alarms() {
        return Targets.answer(() -> {
            StringBuilder b = new StringBuilder();
            List<Alarm> alarms = Recon.alarms(node);
            for (Alarm a : alarms == null ? List.<Alarm>of() : alarms) {
                b.append(String.format("%-20s %s%n", a.id(), a.description()));
            }
            if (alarms == null) {
                // alarms set now reach nobody: say so, as the observer does, rather than "none"
                return "no alarm handler on this node (Alarms.start starts one); alarms set now are lost";
            }
            return b.isEmpty() ? "no alarms set" : b.toString();
        });
    }

    @Override
    public String tables() {
        return Targets.answer(() -> {
            List<Table<?, ?>> tables = Ets.all(node);
            if (tables.isEmpty()) {
                return "no tables";
            }
            StringBuilder b = new StringBuilder(String.format("%-24s %-13s %-9s %-12s %s%n", "name", "type", "access",
                    "owner", "size"));
            for (Table<?, ?> t : tables) {
                int size;
                try {
                    size = t.size(); // as ets:info(T, size), for a private table too
                } catch (EtsException deletedMeanwhile) {
                    continue;
                }
                b.append(String.format("%-24s %-13s %-9s %-12s %d%n", t.name() != null ? t.name() : "(unnamed)",
                        t.type().name().toLowerCase(java.util.Locale.ROOT),
                        t.access().name().toLowerCase(java.util.Locale.ROOT), t.owner(), size));
            }
            return b.toString();
        });
    }

    @Override
    public String system() {
        return Targets.answer(() -> SystemFigures.of(node).toString());
    }

    @Override
    public String log(String process, String action, long session) {
        return Targets.answer(() -> {
            if (!List.of("on", "off", "print").contains(action)) {
                throw new IllegalArgumentException("log " + process + " " + action + ": expected on, off or print");
            }
            Targets.Target t = targets.resolve(process);
            NodeSys sys = sys();
            return switch (action) {
                case "on" -> {
                    sys.log(t.pid(), 10);
                    yield "logging the last 10 events of " + t;
                }
                case "off" -> {
                    sys.log(t.pid(), 0);
                    yield "log of " + t + " off";
                }
                default -> {
                    Session s = session(session);
                    // sys:log(Name, print) prints nothing when nothing is logged; a terminal says why instead
                    if (sys.logGet(t.pid()).isEmpty()) {
                        yield "nothing logged for " + t.label() + " (log " + process + " on keeps its last 10 events)";
                    }
                    sys.withSink(s.sink()).logPrint(t.pid());
                    yield "";
                }
            };
        });
    }

    @Override
    public String trace(String process, boolean on, long session) {
        return Targets.answer(() -> trace(targets.resolve(process), on, session));
    }

    @Override
    public String traceOnNode(String nodeName, String process, boolean on, long session) {
        return Targets.answer(() -> {
            Targets.Target t = cluster.target(nodeName, process);
            return trace(t == null ? targets.resolve(process) : t, on, session);
        });
    }

    /**
     * The serial of the process an operator named here (how another node's trace reaches it), then a space and its
     * pid as this node shows it (how that node's answer names it).
     */
    String serialOf(String process) {
        return Targets.answer(() -> {
            Pid p = targets.resolve(process).pid();
            return p.serial() + " " + p;
        });
    }

    private String trace(Targets.Target t, boolean on, long session) {
        NodeSys sys = sys();
        if (!on) {
            Boolean traced = debugHas(sys, t.pid(), "trace");
            sessions.values().forEach(s -> s.traced.remove(t.pid()));
            if (traced == null) {
                return offWhenBusy(t, "trace", () -> sys.withTimeout(BUSY_GRACE).trace(t.pid(), false));
            }
            if (!traced) {
                // not this process (a name a restart gave to a new one, or never traced): say so, change nothing
                return t + " is not traced (nothing to switch off)";
            }
            sys.trace(t.pid(), false);
            return "trace of " + t + " off";
        }
        Session s = session(session);
        // the session owns the trace before the request goes: one that times out is carried out later, and the
        // session's end (or its lease's) must switch it off then, as for any trace it started
        s.traced.add(t.pid());
        sys.withSink(s.sink()).trace(t.pid(), true);
        return "tracing " + t;
    }

    @Override
    public String traceCalls(String behaviour, String messageType, String handler, boolean replies, long count,
                             long perSecond, long session) {
        return Targets.answer(() -> {
            if (count < 0 || perSecond < 0) {
                throw new IllegalArgumentException("--count and --rate take a number of lines, 1 or more");
            }
            Class<?> module = behaviour == null || behaviour.isEmpty() ? null : load(behaviour, "--behaviour");
            if (module != null) {
                PatternTargets.requireBehaviour(node, module);
            }
            TracePattern p = module == null ? TracePattern.all() : TracePattern.of(module);
            if (messageType != null && !messageType.isEmpty()) {
                p = p.messages(load(messageType, "--message"));
            }
            if (handler != null && !handler.isEmpty()) {
                if (module != null) {
                    PatternTargets.requireHandler(module, handler);
                }
                p = p.handler(handler);
            }
            if (replies) {
                p = p.withReplies();
            }
            TraceLimit limit = count > 0 ? TraceLimit.count(count)
                    : perSecond > 0 ? TraceLimit.rate(perSecond, Duration.ofSeconds(1)) : TraceLimit.none();
            Session s = session(session);
            Tracer.Session t = Tracer.start(node, p, limit, s.sink());
            s.tracer = t;
            return "tracing " + p + ", " + limit + ", " + t.coverage();
        });
    }

    private Class<?> load(String className, String option) {
        try {
            return Class.forName(className, false, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : NodeControl.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(option + " " + className + ": no such class in the node's JVM "
                    + "(expected a fully qualified name, such as io.loomotp.telecom.Frequency)");
        }
    }

    @Override
    public String clearTrace() {
        // recon_trace:clear() is idempotent: nothing running is no mistake, but the operator is told which it was
        return Tracer.clear(node).map(s -> "trace cleared: stopped tracing " + s.summary())
                .orElse("no pattern trace was running: nothing to clear (a trace of one process, trace NAME on, "
                        + "ends with trace NAME off)");
    }

    @Override
    public String stopTrace(long session) {
        return Targets.answer(() -> {
            Tracer.Session t = session(session).tracer;
            if (t == null || !t.isRunning()) {
                return "trace already off" + (t == null || t.stopReason() == null ? "" : " (" + t.stopReason() + ")");
            }
            t.stop();
            return "trace off after " + io.loomotp.sys.TraceBudget.lines(t.lines());
        });
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
        Tracer.Session t = s.tracer;
        if (t != null) {
            t.stop(); // this session's trace only: one that replaced it is another's, and runs on
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
        cluster.close();
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
