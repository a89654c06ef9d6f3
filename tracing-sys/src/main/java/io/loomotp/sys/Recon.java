package io.loomotp.sys;

import io.loomotp.ChildType;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessCounters;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.ProcessStatus;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.AlarmHandler;
import io.loomotp.runtime.event.EventManager;
import io.loomotp.runtime.event.HandlerId;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.runtime.supervisor.SupervisorState;
import io.loomotp.runtime.sys.SysCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Introspection in the style of {@code recon}: one process's facts ({@link #info}), the top processes by an attribute
 * now ({@link #procCount}) or over a window of time ({@link #procWindow}), and the supervision tree ({@link #tree}).
 * Everything is read from the outside, without stopping the processes: figures are estimates that were true a moment
 * ago, as recon's are.
 */
public final class Recon {
    private Recon() {}

    /** What {@code procCount} and {@code procWindow} rank by. */
    public enum Attribute {
        /** Messages waiting: recon's {@code message_queue_len}. */
        MAILBOX,
        /** Messages taken from the mailbox: the nearest thing to recon's {@code reductions} count of work. */
        MESSAGES_IN,
        /** Time spent in handlers (sampled). */
        HANDLER_TIME,
        /** The heap estimate of {@link ProcessReport.Memory}. */
        MEMORY;

        /** Parses {@code mailbox}, {@code messages}, {@code handler-time}, {@code memory}. */
        public static Attribute parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "mailbox", "message_queue_len" -> MAILBOX;
                case "messages", "messages-in", "messages_in", "reductions" -> MESSAGES_IN;
                case "handler-time", "handler_time", "time" -> HANDLER_TIME;
                case "memory" -> MEMORY;
                default -> throw new IllegalArgumentException("'" + text + "' is no attribute: mailbox, messages, "
                        + "handler-time or memory");
            };
        }

        long of(ProcessCounters c) {
            return switch (this) {
                case MAILBOX -> c.mailboxLength();
                case MESSAGES_IN -> c.messagesIn();
                case HANDLER_TIME -> c.handlerTime().toNanos();
                case MEMORY -> ProcessReport.estimate(c.mailboxLength());
            };
        }
    }

    /**
     * One process in a ranking: its value, its name, and its current function, as recon's {@code [{Pid, Value,
     * [Name, {current_function, ...}, {initial_call, ...}]}]}.
     */
    public record Top(Pid pid, long value, String registeredName, String currentFunction, String initialCall) {
        @Override
        public String toString() {
            return pid + " " + value + " " + (registeredName == null ? "-" : registeredName) + " "
                    + (currentFunction == null ? "-" : currentFunction);
        }
    }

    /**
     * {@code recon:info/1}.
     *
     * @throws NoProcessException if the process is dead
     */
    public static ProcessReport info(Node node, Pid pid) {
        ProcessInfo i = node.info(pid);
        if (i == null) {
            throw new NoProcessException(pid, "Recon.info");
        }
        return ProcessReport.of(i);
    }

    /**
     * The process a supervisor knows by a child id ({@code frequency}) or a dynamic child's label
     * ({@code phone[100003]}), in any of the node's trees, or null: so that an operator who read a name in a
     * supervisor report, {@code tree} or {@code list} can name the process by it.
     */
    public static Pid childNamed(Node node, String childId) {
        for (Pid p : supervisors(node)) {
            for (ChildInfo c : children(p)) {
                if (childId.equals(c.label()) && c.pid() != null) {
                    return c.pid();
                }
            }
        }
        return null;
    }

    /**
     * The name each named process goes by in every tool (list, top, tree, the observer): its registered name, else
     * the label its supervisor gives it in reports (a child id, or {@code phone[100003]} for a dynamic child).
     * Processes with neither are absent. One query per supervisor, so cheap next to a walk of the process table.
     */
    public static Map<Pid, String> names(Node node) {
        Map<Pid, String> names = new HashMap<>();
        for (Pid p : supervisors(node)) {
            for (ChildInfo c : children(p)) {
                if (c.pid() != null) {
                    names.put(c.pid(), c.label());
                }
            }
        }
        for (Pid p : node.processes()) {
            ProcessInfo i = node.info(p);
            if (i != null && i.registeredName() != null) {
                names.put(p, i.registeredName());
            }
        }
        return names;
    }

    /** The name one process goes by (see {@link #names}), or null: asks its parent only. */
    public static String nameOf(Node node, Pid pid) {
        ProcessInfo i = node.info(pid);
        if (i == null) {
            return null;
        }
        if (i.registeredName() != null) {
            return i.registeredName();
        }
        ProcessInfo parent = i.parent() == null ? null : node.info(i.parent());
        if (parent != null && "supervisor".equals(parent.behaviour())) {
            for (ChildInfo c : children(i.parent())) {
                if (pid.equals(c.pid())) {
                    return c.label();
                }
            }
        }
        return null;
    }

    private static List<Pid> supervisors(Node node) {
        List<Pid> sups = new ArrayList<>();
        for (Pid p : node.processes()) {
            ProcessInfo i = node.info(p);
            if (i != null && "supervisor".equals(i.behaviour())) {
                sups.add(p);
            }
        }
        return sups;
    }

    /**
     * A supervisor's children in start order, as a tree is read top down ({@code whichChildren} is newest first). Read
     * through {@code sys:get_state}, which a suspended supervisor still answers (its {@code whichChildren} waits until
     * it is resumed: a {@code list}, {@code tree} or a {@code kill} of one of its children would hang, then act), and
     * within {@link #CHILDREN_BOUND}.
     */
    private static List<ChildInfo> children(Pid supervisor) {
        try {
            return SysCalls.getState(supervisor, CHILDREN_BOUND) instanceof SupervisorState s
                    ? s.children().reversed() : List.of();
        } catch (RuntimeException gone) {
            return List.of(); // the supervisor died meanwhile: it has no children to name
        }
    }

    /** How long a supervisor has to list its children for a tool; one that does not answer shows none. */
    static final Duration CHILDREN_BOUND = Duration.ofSeconds(5);

    private static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of processes to list must not be negative: " + n);
        }
    }

    /** {@code recon:proc_count/2}: the {@code n} processes with the most of an attribute, now. */
    public static List<Top> procCount(Node node, Attribute attribute, int n) {
        checkCount(n);
        List<ProcessCounters> all = new ArrayList<>();
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c != null) {
                all.add(c);
            }
        }
        all.sort(Comparator.comparingLong(attribute::of).reversed());
        List<Top> top = new ArrayList<>();
        for (ProcessCounters c : all.subList(0, Math.min(n, all.size()))) {
            top.add(describe(node, c.pid(), attribute.of(c)));
        }
        return top;
    }

    /**
     * {@code recon:proc_window/3}: the {@code n} processes whose attribute grew most during {@code window} (for
     * {@code MAILBOX} and {@code MEMORY}, the change, which may be negative). Blocks the caller for the window.
     */
    public static List<Top> procWindow(Node node, Attribute attribute, int n, Duration window) {
        checkCount(n);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be a positive time, not " + window
                    + ": recon's proc_window ranks what grew within it");
        }
        Map<Pid, Long> before = new HashMap<>();
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c != null) {
                before.put(p, attribute.of(c));
            }
        }
        long until = System.nanoTime() + window.toNanos();
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
        List<long[]> growth = new ArrayList<>();
        List<Pid> pids = new ArrayList<>();
        for (Pid p : node.processes()) {
            ProcessCounters c = node.counters(p);
            if (c != null) {
                pids.add(p);
                growth.add(new long[] {attribute.of(c) - before.getOrDefault(p, 0L), pids.size() - 1});
            }
        }
        growth.sort(Comparator.comparingLong((long[] g) -> g[0]).reversed());
        List<Top> top = new ArrayList<>();
        for (long[] g : growth.subList(0, Math.min(n, growth.size()))) {
            top.add(describe(node, pids.get((int) g[1]), g[0]));
        }
        return top;
    }

    private static Top describe(Node node, Pid pid, long value) {
        ProcessInfo i = node.info(pid);
        if (i == null) {
            return new Top(pid, value, null, null, null);
        }
        StackTraceElement f = i.currentFunction();
        return new Top(pid, value, i.registeredName(), f == null ? null : f.toString(), i.initialCall());
    }

    // --- the supervision tree ------------------------------------------------------------------------------------

    /**
     * A node of the supervision tree. Its {@code id} is what an operator calls it everywhere else: its registered
     * name when it has one (so that {@code tree} shows a process by the name {@code list} shows, even where its
     * child id differs), else its label in its supervisor: the child id, or for a dynamic
     * supervisor's child the template's id with its arguments ({@code phone[100003]}), as reports name it. Null
     * only for a root supervisor with no registered name.
     */
    public record TreeNode(String id, Pid pid, String status, String kind, String module, List<TreeNode> children) {

        /** Renders the tree as {@code tree} draws folders. */
        public String render() {
            StringBuilder b = new StringBuilder();
            render(b, "", "", true);
            return b.toString();
        }

        private void render(StringBuilder b, String lead, String childLead, boolean root) {
            b.append(lead).append(id == null ? "-" : id).append(' ').append(pid == null ? "" : pid + " ")
                    .append(kind).append(' ').append(status);
            if (module != null) {
                b.append(' ').append(module);
            }
            b.append('\n');
            // a dynamic supervisor's many children of one kind: the first few, then how many more
            int shown = children.size() > 12 && children.stream().allMatch(c -> sameSort(c, children.getFirst()))
                    ? 3 : children.size();
            for (int i = 0; i < shown; i++) {
                boolean last = i == children.size() - 1;
                children.get(i).render(b, childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "),
                        false);
            }
            if (shown < children.size()) {
                b.append(childLead).append("└─ ... ").append(children.size() - shown).append(" more ")
                        .append(children.getLast().kind()).append("s").append('\n');
            }
        }
    }

    private static boolean sameSort(TreeNode a, TreeNode b) {
        return a.kind().equals(b.kind()) && java.util.Objects.equals(a.module(), b.module());
    }

    /**
     * The supervision trees of a node: each supervisor that no supervisor started, with its children in start order,
     * recursively, and each child's status ({@code running}, {@code restarting}, {@code undefined}), or
     * {@code suspended} for a process suspended by {@code sys:suspend} (as {@code list} shows it).
     */
    public static List<TreeNode> tree(Node node) {
        List<TreeNode> roots = new ArrayList<>();
        for (Pid p : node.processes()) {
            ProcessInfo i = node.info(p);
            if (i == null || !"supervisor".equals(i.behaviour())) {
                continue;
            }
            ProcessInfo parent = i.parent() == null ? null : node.info(i.parent());
            if (parent != null && "supervisor".equals(parent.behaviour())) {
                continue; // it is a child of another tree
            }
            roots.add(subtree(node, i.registeredName(), p, "running"));
        }
        return roots;
    }

    private static TreeNode subtree(Node node, String id, Pid sup, String status) {
        List<TreeNode> children = new ArrayList<>();
        for (ChildInfo c : children(sup)) {
            ProcessInfo i = c.pid() == null ? null : node.info(c.pid());
            String s = i != null && i.status() == ProcessStatus.SUSPENDED ? "suspended"
                    : c.status().name().toLowerCase(Locale.ROOT);
            if (c.status() == ChildInfo.Status.RUNNING && i == null && c.pid().nodeId() == node.id()) {
                // its supervisor has not handled the exit yet: suspended (sys:suspend), or busy restarting another
                s = "exited";
            }
            String label = i != null && i.registeredName() != null ? i.registeredName() : c.label();
            if (c.type() == ChildType.SUPERVISOR && c.pid() != null) {
                children.add(subtree(node, label, c.pid(), s));
            } else {
                children.add(new TreeNode(label, c.pid(), s, "worker", i == null ? null : i.initialCall(),
                        List.of()));
            }
        }
        ProcessInfo self = node.info(sup);
        String shown = self != null && self.status() == ProcessStatus.SUSPENDED ? "suspended"
                : status;
        return new TreeNode(id, sup, shown, "supervisor", self == null ? null : self.initialCall(),
                List.copyOf(children));
    }

    /** How long the alarm lookup waits for each manager. */
    private static final Duration ALARM_WAIT = Duration.ofSeconds(2);

    /**
     * The alarms set on a node, as the tools show them: those of every event manager that runs an {@code AlarmHandler}
     * (SASL's {@code alarm_handler}, {@code Alarms.start}, and a manager of the program's own that carries one, as the
     * book's {@code freq_overload}), in the order the managers are listed; null if none runs one (alarms set now
     * reach nobody). The console, the CLI and the observer answer from this, so that they agree.
     */
    @SuppressWarnings("unchecked")
    public static List<Alarm> alarms(Node node) {
        HandlerId handler =
                HandlerId.of(AlarmHandler.class);
        List<Alarm> alarms = null;
        for (Pid p : node.processes()) {
            ProcessInfo info = node.info(p);
            if (info == null || !"gen_event".equals(info.behaviour())
                    || info.status() == io.loomotp.runtime.ProcessStatus.SUSPENDED) {
                continue; // a suspended manager answers nothing until resumed: its alarms cannot be read now
            }
            try {
                // bounded, as the process page's sys requests are: a busy manager must not hang the operator's
                // console, CLI or page (OTP's alarm_handler:get_alarms gives up after 5 s too)
                if (!EventManager.whichHandlers(p, ALARM_WAIT).contains(handler)) {
                    continue;
                }
                List<Alarm> set = (List<Alarm>)
                        EventManager.call(p, handler,
                                new AlarmHandler.GetAlarms(), ALARM_WAIT);
                alarms = alarms == null ? new ArrayList<>() : alarms;
                alarms.addAll(set);
            } catch (RuntimeException gone) {
                // the manager died or its handler went meanwhile: it holds no alarms now
            }
        }
        return alarms;
    }
}
