package io.loomotp.observer.internal;

import io.loomotp.observer.ClusterInfo;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ClusterNodes;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.sys.ProcessReport;
import io.loomotp.sys.Recon;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the page shows, as data: the node's figures, the supervision trees, a page of the process table, one process,
 * and the alarms and reports (as an HTML fragment, which the page swaps in with htmx). Reads through the runtime's
 * process table, {@link Recon} and, for a behaviour's state and statistics, the sys protocol ({@link SysAccess}).
 */
final class Views {
    /**
     * The processes whose last status request from this page timed out: it may still wait in their mailbox, so no
     * other is sent until their mailbox has been empty (OTP's observer asks once, with a short timeout).
     */
    private final Set<Pid> statusQueued = ConcurrentHashMap.newKeySet();
    /** The largest page of the process table: a million processes never reach the browser at once. */
    static final int MAX_PAGE = 200;

    private final Node node;
    private final Sampler sampler;
    private final ReportLog reports;
    /** The cluster's names and groups, when the observer was given them; null otherwise. */
    private final ClusterInfo cluster;

    Views(Node node, Sampler sampler, ReportLog reports, ClusterInfo cluster) {
        this.node = node;
        this.cluster = cluster;
        this.sampler = sampler;
        this.reports = reports;
    }

    Map<String, Object> node(boolean withHistory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", node.name());
        m.put("uptimeMillis", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        m.put("intervalMillis", sampler.interval().toMillis());
        m.put("historySamples", sampler.historySize());
        Sampler.Sample s = sampler.latest();
        m.put("latest", s == null ? null : s.toMap());
        if (withHistory) {
            m.put("history", sampler.history().stream().map(Sampler.Sample::toMap).toList());
        }
        return m;
    }

    /**
     * Each running application with its own supervision tree (found from its top supervisor, as OTP's observer asks
     * {@code application_master:get_child/1}), then the trees that belong to no application.
     */
    Map<String, Object> applications() {
        List<String> names;
        try {
            names = Applications.running(node);
        } catch (RuntimeException none) {
            names = List.of();
        }
        List<Recon.TreeNode> trees = new ArrayList<>(Recon.tree(node));
        List<Map<String, Object>> apps = new ArrayList<>();
        for (String name : names) {
            Pid top = Applications.topSupervisor(node, name);
            Recon.TreeNode tree = null;
            for (var it = trees.iterator(); top != null && it.hasNext(); ) {
                Recon.TreeNode t = it.next();
                if (top.equals(t.pid())) {
                    tree = t;
                    it.remove();
                }
            }
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("name", name);
            app.put("top", top == null ? null : top.toString());
            app.put("tree", tree == null ? null : tree(tree)); // null while it stops, or if its top is not a supervisor
            apps.add(app);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applications", apps);
        m.put("trees", trees.stream().map(Views::tree).toList());
        return m;
    }

    private static Map<String, Object> tree(Recon.TreeNode t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("pid", t.pid() == null ? null : t.pid().toString());
        m.put("status", t.status());
        m.put("kind", t.kind());
        m.put("module", t.module());
        m.put("children", t.children().stream().map(Views::tree).toList());
        return m;
    }

    /**
     * The Cluster panel: whether the node is in a cluster, this node and the nodes connected to it (the runtime's
     * {@link ClusterNodes}), and, when the observer was given a {@link ClusterInfo}, the global names and the process
     * groups with the node of each pid.
     */
    Map<String, Object> cluster() {
        Map<String, Object> m = new LinkedHashMap<>();
        String self;
        List<String> others;
        try {
            self = ClusterNodes.name(node);
            others = ClusterNodes.nodes(node);
        } catch (IllegalStateException inNoCluster) {
            m.put("clustered", false);
            return m;
        }
        m.put("clustered", true);
        m.put("self", self);
        m.put("nodes", others.stream().sorted().toList());
        m.put("namesAndGroups", cluster != null);
        if (cluster != null) {
            List<Map<String, Object>> names = new ArrayList<>();
            new TreeMap<>(cluster.globalNames()).forEach((name, pid) -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("name", name);
                n.putAll(located(pid, self));
                names.add(n);
            });
            List<Map<String, Object>> groups = new ArrayList<>();
            new TreeMap<>(cluster.groups()).forEach((group, members) -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("group", String.valueOf(group));
                g.put("members", members.stream().map(p -> located(p, self)).toList());
                groups.add(g);
            });
            m.put("globalNames", names);
            m.put("groups", groups);
        }
        return m;
    }

    /** A pid and its node; {@code local} says whether this page can open it (another node's pid has no page here). */
    private Map<String, Object> located(Pid pid, String self) {
        Map<String, Object> m = new LinkedHashMap<>();
        String at = cluster.nodeOf(pid);
        m.put("pid", pid.toString());
        m.put("node", at);
        m.put("local", self.equals(at));
        return m;
    }

    /** The columns the process table sorts by. */
    enum Column {
        PID, NAME, STATUS, MAILBOX, IN, OUT, IN_RATE, OUT_RATE, HANDLER, MEMORY;

        static Column parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no column '" + s + "': pid, name, status, mailbox, in, out, "
                        + "in_rate, out_rate, handler or memory");
            }
        }
    }

    /** A process in the table, with the name it goes by in every tool ({@link Recon#names}), or null. */
    private record Row(ProcessCounters c, String name, double inRate, double outRate) {}

    Map<String, Object> processes(String sort, boolean descending, String filter, int page, int size) {
        Column col = Column.parse(sort);
        if (size < 1 || size > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " processes, not " + size);
        }
        String f = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        Comparator<Row> order = order(col, descending);
        // only the rows up to the end of the page asked for are kept, in a heap whose head is the last of them:
        // O(n log k) and k rows of memory, not a sort of every process
        int keep = (int) Math.min(Integer.MAX_VALUE - 1L, (long) (Math.max(0, page) + 1) * size);
        PriorityQueue<Row> kept = new PriorityQueue<>(order.reversed());
        int total = 0;
        Map<Pid, String> names = Recon.names(node);
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c == null) {
                continue;
            }
            String name = names.get(p);
            if (!f.isEmpty() && !(p.toString().contains(f)
                    || (name != null && name.toLowerCase(Locale.ROOT).contains(f))
                    || c.status().name().toLowerCase(Locale.ROOT).contains(f))) {
                continue;
            }
            total++;
            double[] r = sampler.rates(p);
            kept.add(new Row(c, name, r == null ? 0 : r[0], r == null ? 0 : r[1]));
            if (kept.size() > keep) {
                kept.poll();
            }
        }
        List<Row> rows = new ArrayList<>(kept);
        rows.sort(order);
        int from = (int) Math.min((long) Math.max(0, page) * size, rows.size());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows.subList(from, rows.size())) {
            out.add(row(r));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("page", Math.max(0, page));
        m.put("size", size);
        m.put("sort", col.name().toLowerCase(Locale.ROOT));
        m.put("descending", descending);
        m.put("rows", out);
        return m;
    }

    private static Comparator<Row> order(Column col, boolean descending) {
        Comparator<Row> by = switch (col) {
            case PID -> Comparator.comparing((Row r) -> r.c().pid());
            case NAME -> Comparator.comparing((Row r) -> r.name() == null ? "" : r.name());
            case STATUS -> Comparator.comparing((Row r) -> r.c().status());
            // the memory estimate grows with the mailbox alone (ProcessReport.Memory)
            case MAILBOX, MEMORY -> Comparator.comparingInt((Row r) -> r.c().mailboxLength());
            case IN -> Comparator.comparingLong((Row r) -> r.c().messagesIn());
            case OUT -> Comparator.comparingLong((Row r) -> r.c().messagesOut());
            case IN_RATE -> Comparator.comparingDouble(Row::inRate);
            case OUT_RATE -> Comparator.comparingDouble(Row::outRate);
            case HANDLER -> Comparator.comparing((Row r) -> r.c().handlerTime());
        };
        // ties in pid order, ascending either way, so that pages do not overlap
        Comparator<Row> primary = descending ? by.reversed() : by;
        return primary.thenComparing(r -> r.c().pid());
    }

    private Map<String, Object> row(Row r) {
        ProcessCounters c = r.c();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", c.pid().toString());
        m.put("name", r.name());
        m.put("status", c.status().name().toLowerCase(Locale.ROOT));
        m.put("mailbox", c.mailboxLength());
        m.put("in", c.messagesIn());
        m.put("out", c.messagesOut());
        m.put("inRate", r.inRate());
        m.put("outRate", r.outRate());
        m.put("handlerMillis", c.handlerTime().toMillis());
        // the stack and the estimate only for the rows shown: a page, not the table
        try {
            ProcessReport rep = Recon.info(node, c.pid());
            m.put("memory", rep.memory().estimatedBytes());
            m.put("initialCall", rep.meta().initialCall());
            m.put("behaviour", rep.meta().behaviour());
            m.put("currentFunction", rep.location().currentFunction());
        } catch (NoProcessException gone) {
            m.put("status", "exited");
        }
        return m;
    }

    /** One process's page; {@code traced} says whether the asking page traces it (its trace runs on the page's node). */
    Map<String, Object> process(Pid pid, boolean traced) {
        ProcessReport r = Recon.info(node, pid);
        Map<String, Object> m = new LinkedHashMap<>();
        ProcessReport.Meta meta = r.meta();
        m.put("pid", pid.toString());
        m.put("name", Recon.nameOf(node, pid));
        m.put("initialCall", meta.initialCall());
        m.put("behaviour", meta.behaviour());
        m.put("status", meta.status().name().toLowerCase(Locale.ROOT));
        m.put("parent", str(meta.parent()));
        m.put("ancestors", strs(meta.ancestors()));
        m.put("links", strs(r.signals().links()));
        m.put("monitors", strs(r.signals().monitors()));
        m.put("monitoredBy", strs(r.signals().monitoredBy()));
        m.put("trapExits", r.signals().trapExits());
        m.put("currentFunction", r.location().currentFunction());
        ProcessInfo info = node.info(pid);
        m.put("stack", info == null ? List.of() : info.stack().stream().limit(40).map(String::valueOf).toList());
        m.put("mailbox", r.memory().mailboxLength());
        m.put("memory", r.memory().estimatedBytes());
        m.put("messagesIn", r.work().messagesIn());
        m.put("messagesOut", r.work().messagesOut());
        m.put("handlerMillis", r.work().handlerTime().toMillis());
        m.put("dropped", r.work().droppedMessages());
        double[] rates = sampler.rates(pid);
        m.put("inRate", rates == null ? 0.0 : rates[0]);
        m.put("outRate", rates == null ? 0.0 : rates[1]);
        m.put("traced", traced);
        int mailbox = r.memory().mailboxLength();
        if (meta.behaviour() != null && mailbox > 0 && statusQueued.contains(pid)) {
            // the page's last status request timed out and may still wait in the mailbox: another would only
            // lengthen it (the page refreshes every 2 s), so none is sent until the mailbox has been empty
            m.put("stateError", "not asked again: this page's last status request timed out and may still wait in "
                    + "its mailbox of " + mailbox + "; the state shows once the process has taken it");
        } else if (meta.behaviour() != null) {
            // only a behaviour answers system messages (a suspended one too: it is in its system loop)
            statusQueued.remove(pid);
            try {
                SysStatus s = SysAccess.status(pid);
                m.put("state", s.state());
                m.put("module", s.module());
                m.put("debug", s.debug());
                m.put("extra", s.extra());
                if (s.debug().stream().anyMatch(d -> d.startsWith("statistics"))) {
                    Statistics st = SysAccess.statistics(pid);
                    Map<String, Object> sm = new LinkedHashMap<>();
                    sm.put("since", String.valueOf(st.startTime()));
                    sm.put("at", String.valueOf(st.currentTime()));
                    sm.put("messagesIn", st.messagesIn());
                    sm.put("messagesOut", st.messagesOut());
                    sm.put("handlerMillis", st.handlerTime().toMillis());
                    m.put("statistics", sm);
                }
                if (s.debug().stream().anyMatch(d -> d.startsWith("log("))) {
                    m.put("log", SysAccess.logGet(node, pid).stream().map(e -> e.line()).toList());
                }
            } catch (CallTimeoutException e) {
                statusQueued.add(pid);
                m.put("stateError", pid + " did not answer sys:get_status within " + SysAccess.TIMEOUT.toSeconds()
                        + " s: busy or stuck (see its stack); the request waits in its mailbox, and the page asks "
                        + "again once the process has taken it");
            } catch (RuntimeException e) {
                m.put("stateError", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return m;
    }

    private static String str(Pid p) {
        return p == null ? null : p.toString();
    }

    private static List<String> strs(List<Pid> pids) {
        return pids.stream().map(Pid::toString).toList();
    }

    /** The Alarms and reports panel, as the HTML fragment htmx swaps in. */
    String alarmsAndReports() {
        StringBuilder b = new StringBuilder("<h3>Active alarms</h3>");
        List<Alarm> alarms = io.loomotp.sys.Recon.alarms(node); // what the console and the CLI show too
        if (alarms == null) {
            b.append("<p class=\"muted\">no alarm handler on this node (Alarms.start)</p>");
        } else if (alarms.isEmpty()) {
            b.append("<p id=\"no-alarms\" class=\"muted\">none</p>");
        } else {
            b.append("<table id=\"alarms\"><thead><tr><th>id</th><th>description</th></tr></thead><tbody>");
            for (Alarm a : alarms) {
                b.append("<tr><td>").append(Http.escape(a.id())).append("</td><td>")
                        .append(Http.escape(a.description())).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<h3>Last crash and supervisor reports</h3>");
        List<ReportLog.Entry> entries = reports.entries();
        if (entries.isEmpty()) {
            b.append("<p id=\"no-reports\" class=\"muted\">none since the observer started</p>");
        }
        boolean newest = true;
        for (ReportLog.Entry e : entries) {
            b.append(newest ? "<details class=\"report\" open><summary>" : "<details class=\"report\"><summary>")
                    .append(Http.escape(Instant.ofEpochMilli(e.timeMillis())))
                    .append(" <b>").append(Http.escape(e.report().kind())).append("</b></summary><pre>")
                    .append(Http.escape(e.report().format())).append("</pre></details>");
            newest = false;
        }
        return b.toString();
    }
}
