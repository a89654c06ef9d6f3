package io.loomotp.runtime;

import io.loomotp.Restart;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.report.ApplicationReport;

import io.loomotp.runtime.internal.BehaviourInfo;
import io.loomotp.runtime.internal.CrossNode;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.ProcessTimer;
import io.loomotp.runtime.internal.Signals;
import io.loomotp.runtime.internal.Starts;
import io.loomotp.runtime.internal.Tuning;
import io.loomotp.runtime.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One runtime instance: Erlang's node. It owns the process table, the name registry, the timer service and the
 * system logger (its reports).
 *
 * <p>A JVM may host several nodes; tests make a fresh one each and close it. Every method may be called from any
 * thread. Called from a thread that is not a process, the operations that need a sender (signals, calls) act on behalf
 * of the node's system pid, {@code <N.0>}.
 *
 * <p>{@link #start(Application)} starts an application (its supervision tree); {@link #stop()} stops the applications
 * in reverse order, then closes the node. {@link #close()} kills every process at once and stops the timers.
 *
 * <p>Why one unit (about 610 lines): it is the public face of one {@code NodeRuntime}, as {@code erlang}'s BIFs are
 * of one node: each method is a few lines that check their arguments and hand over to the runtime's parts (the
 * process table, the registry, the timers, the reports, the applications), which live in classes of their own. What
 * would move out first, if it grows: the process-information methods ({@code info}, {@code counters}, the listings)
 * into a class of their own, as {@code NodeCounters} already holds the sums.
 */
public final class Node implements AutoCloseable {
    static {
        Starts.nodeAccess(node -> node.runtime);
    }

    private final NodeRuntime runtime;

    private Node(String name, Tuning tuning) {
        this.runtime = new NodeRuntime(name, this, tuning);
    }

    private Node(String name, Tuning tuning, ManualClock clock) {
        this.runtime = new NodeRuntime(name, this, tuning, clock.bind());
    }

    /** A new node with a generated name ({@code node0}, {@code node1}, ...). */
    public static Node create() {
        return new Node(null, Tuning.DEFAULT);
    }

    /**
     * A new node with a name, used in thread names and logs, and as its name in a cluster.
     *
     * @throws IllegalArgumentException if the name is blank or longer than 255 characters, or holds white space, a
     *     control character, a comma, {@code <} or {@code >}
     */
    public static Node create(String name) {
        return new Node(checkName(name), Tuning.DEFAULT);
    }

    /**
     * A node's name, checked as a cluster checks it, so that a node made here can join one: not blank, with no white
     * space and no comma (Erlang's node names are atoms of the same kind).
     */
    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT || Character.isISOControl(c) || c == ',' || c == '<'
                || c == '>')) {
            String shown = name.codePoints().mapToObj(c -> Character.isISOControl(c) ? String.format("\\u%04x", c)
                    : Character.toString(c)).collect(java.util.stream.Collectors.joining());
            throw new IllegalArgumentException("a node name must be non-blank, with no white space and no comma, "
                    + "control character, '<' or '>' (a name that an operator can type, and that no pid's text "
                    + "looks like): '" + shown + "'");
        }
        if (name.length() > 255) { // Erlang's node names are atoms: 255 characters at most
            throw new IllegalArgumentException("a node name must be at most 255 characters, as an Erlang atom: "
                    + "this one has " + name.length());
        }
        return name;
    }

    /**
     * A new node whose timers and timed waits follow a manual clock instead of the wall clock: virtual time, for
     * tests. See {@link ManualClock} for what follows it.
     *
     * @throws IllegalArgumentException if the clock already drives another node
     */
    public static Node create(String name, ManualClock clock) {
        return new Node(checkName(name), Tuning.DEFAULT, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The node a pid lives on.
     *
     * @throws IllegalArgumentException if it is the pid of a process of another node (see {@link #isLocal})
     */
    public static Node of(Pid pid) {
        return (Node) ProcessImpl.of(pid).node().facade();
    }

    /**
     * True if the pid is a process of a node in this JVM; false if it names a process of another node, reached through
     * the cluster (Erlang's {@code node(Pid) =/= node()}). Tools use it to tell what they can inspect in place
     * ({@link #info}, {@link #counters}) from what they can only ask by message (sys).
     */
    public static boolean isLocal(Pid pid) {
        return Objects.requireNonNull(pid, "pid") instanceof ProcessImpl;
    }

    /** The node's id: the first number of each of its pids. */
    public int id() {
        return runtime.id();
    }

    /** The node's name. */
    public String name() {
        return runtime.name();
    }

    /** The pid that stands for the threads that are not processes: {@code <N.0>}. */
    public Pid systemPid() {
        return runtime.system();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Processes

    /** Spawns a process running {@code body}, unlinked. Erlang's {@code spawn/1}. */
    public Pid spawn(ProcessBody body) {
        return spawn(body, SpawnOptions.defaults());
    }

    /**
     * Spawns a process with options: Erlang's {@code spawn_opt}. Called from a process, the new process's parent is
     * that process; otherwise it has none.
     *
     * @throws AlreadyRegisteredException if {@code options.name()} is taken; no process is started
     * @throws IllegalStateException if the node is closed
     */
    public Pid spawn(ProcessBody body, SpawnOptions options) {
        Objects.requireNonNull(options, "options");
        return runtime.spawn(body, options, ProcessImpl.current(), false, null);
    }

    /** True if the process is alive. */
    public boolean isAlive(Pid pid) {
        return ProcessImpl.of(pid).isAlive();
    }

    /**
     * The node's clock, in nanoseconds as {@link System#nanoTime()}: the system's, or, for a node made with a
     * {@link ManualClock}, virtual time, so that a tool that measures time (a sampler, a regulator) follows the
     * same clock as the node's timers. Any thread.
     */
    public long nanoTime() {
        return runtime.nanoTime();
    }

    /**
     * The threads every process runs on: the virtual-thread scheduler's carriers, {@code
     * -Djdk.virtualThreadScheduler.parallelism} or the processor count (Erlang's {@code system_info(schedulers)}).
     */
    public int carriers() {
        return runtime.carriers();
    }

    /** The number of live processes. */
    public int processCount() {
        return runtime.processCount();
    }

    /** The live processes, sorted by pid. */
    public List<Pid> processes() {
        List<Pid> all = new ArrayList<>(runtime.processes());
        all.sort(null);
        return all;
    }

    /** The live process of this node whose pid prints as {@code text} ({@code <0.42>} or {@code 0.42}), or null. */
    public Pid pidOf(String text) {
        String t = text.strip();
        if (t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1);
        }
        int dot = t.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("not a pid: '" + text + "' (expected <node.serial>, e.g. <0.42>)");
        }
        try {
            int nodeId = Integer.parseInt(t.substring(0, dot));
            long serial = Long.parseLong(t.substring(dot + 1));
            return nodeId == id() ? runtime.bySerial(serial) : null;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a pid: '" + text + "' (expected <node.serial>, e.g. <0.42>)", e);
        }
    }

    /**
     * A snapshot of a process: Erlang's {@code process_info/1}.
     *
     * @return the snapshot, or null if the process is dead
     */
    public ProcessInfo info(Pid pid) {
        ProcessImpl p = ProcessImpl.of(pid);
        if (!p.isAlive()) {
            return null;
        }
        Thread t = p.thread();
        List<StackTraceElement> stack = t == null ? List.of() : Arrays.asList(t.getStackTrace());
        BehaviourInfo loop = p.behaviour();
        Object initial = p.initialCall();
        String initialCall = loop != null ? loop.module().getName()
                : initial instanceof Class<?> c ? c.getName() : String.valueOf(initial);
        return new ProcessInfo(p, p.registeredName(), initialCall, loop == null ? null : loop.behaviourName(),
                status(p), p.mailboxLength(), p.messagesIn(), p.messagesOut(),
                Duration.ofNanos(p.handlerNanos()), p.droppedMessages(), p.trapExits(),
                Signals.links(p), Signals.monitors(p), Signals.monitoredBy(p), p.parent(), p.ancestors(),
                List.copyOf(stack));
    }

    /**
     * A process's counters, without its stack: cheap enough for a watchdog to read for every process often.
     *
     * @return the counters, or null if the process is dead
     */
    public ProcessCounters counters(Pid pid) {
        ProcessImpl p = ProcessImpl.of(pid);
        if (!p.isAlive()) {
            return null;
        }
        Thread t = p.thread();
        return new ProcessCounters(p, p.registeredName(), status(p), p.mailboxLength(), p.messagesIn(),
                p.messagesOut(), Duration.ofNanos(p.handlerNanos()), p.droppedMessages(),
                t != null && t.isAlive() && t.getState() == Thread.State.RUNNABLE, p.unseenMessages());
    }

    /**
     * What a process took, sent, spent and dropped, alive or not: for one that has ended, its final counts, up to its
     * death (a metrics sampler reads them after the name it tracked went, so that nothing it did since the last sample
     * is lost). Its mailbox is reported empty, and it is not running.
     *
     * @throws IllegalArgumentException if {@code pid} is not a pid of this JVM's nodes
     */
    public ProcessCounters finalCounters(Pid pid) {
        ProcessCounters live = counters(pid);
        if (live != null) {
            return live;
        }
        ProcessImpl p = ProcessImpl.of(pid);
        return new ProcessCounters(p, null, ProcessStatus.EXITING, 0, p.messagesIn(), p.messagesOut(),
                Duration.ofNanos(p.handlerNanos()), p.droppedMessages(), false, 0);
    }

    /**
     * Adds a hook told of every behaviour process of this node once it has started (its init ran), on the thread that
     * started it: how a tracer applies to processes started after it. Returns the handle that removes it.
     */
    public AutoCloseable onBehaviourStart(Consumer<? super Pid> hook) {
        Runnable remove = runtime.onStarted(Objects.requireNonNull(hook, "hook"));
        return remove::run;
    }

    private static ProcessStatus status(ProcessImpl p) {
        if (p.isExiting()) {
            return ProcessStatus.EXITING;
        }
        return switch (p.status()) {
            case ProcessImpl.WAITING -> ProcessStatus.WAITING;
            case ProcessImpl.SUSPENDED -> ProcessStatus.SUSPENDED;
            case ProcessImpl.EXITING -> ProcessStatus.EXITING;
            default -> ProcessStatus.RUNNING;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Messages and signals

    /** Sends a message; see {@link Process#send(Pid, Object)}. */
    public void send(Pid to, Object message) {
        Process.send(acrossTheWire(to), message);
    }

    /**
     * From a plain thread, a process of another node of this JVM is reached as this node's processes reach it: over
     * the cluster's connection, through its serializer and allow-list (ADR 0009's amendment), so that a test with two
     * nodes in one JVM refuses what two JVMs would.
     */
    private Pid acrossTheWire(Pid to) {
        if (to instanceof ProcessImpl target && target.node() != runtime && ProcessImpl.current() == null) {
            return CrossNode.seenFrom(runtime, target);
        }
        return to;
    }

    /** Sends through an alias, from any thread; see {@link Process#send(Alias, Object)}. */
    public void send(Alias alias, Object message) {
        Pid owner = acrossTheWire(alias.owner());
        if (owner != alias.owner()) {
            Process.send(owner, new io.loomotp.runtime.remote.AliasMessage(alias.ref(),
                    java.util.Objects.requireNonNull(message, "message")));
            return;
        }
        Process.send(alias, message);
    }

    /** Sends a message to a registered name; see {@link Process#send(Node, String, Object)}. */
    public void send(String name, Object message) {
        Process.send(this, name, message);
    }

    /**
     * Sends an exit signal to a process, from the calling process (or the system pid); see
     * {@link Process#exit(Pid, ExitReason)}.
     */
    public void exit(Pid pid, ExitReason reason) {
        Process.exit(pid, reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Registry

    /**
     * Registers a name for a live process: Erlang's {@code register/2}.
     *
     * @throws AlreadyRegisteredException if a live process holds the name; it names that process
     * @throws IllegalArgumentException if the name is blank, the process already has another name, or it is the
     *     {@linkplain #systemPid() system pid}
     * @throws NoProcessException if the process is dead
     */
    public void register(String name, Pid pid) {
        if (runtime.isClosed()) { // every process of it is gone: said as spawn says it, not as a dead pid
            throw new IllegalStateException("node " + name() + " is closed: register " + name + " refused");
        }
        ProcessImpl p = ProcessImpl.of(pid);
        checkLocal(p);
        if (p == runtime.system()) {
            throw Process.systemPidRefused("register " + p + " as " + name);
        }
        ProcessImpl caller = ProcessImpl.current();
        if (caller != null && caller.suppressesEffects()) {
            return; // a zombie registers nothing
        }
        runtime.registry().register(name, p);
    }

    /** Removes a registered name. Returns false if nobody held it. */
    public boolean unregister(String name) {
        ProcessImpl caller = ProcessImpl.current();
        if (caller != null && caller.suppressesEffects()) {
            return false; // a zombie unregisters nothing: the name may be another live process's by now
        }
        return runtime.registry().unregister(name);
    }

    /** The live process registered under {@code name}, or null: Erlang's {@code whereis/1}. */
    public Pid whereis(String name) {
        return runtime.registry().whereis(name);
    }

    /** The names registered now. */
    public Set<String> registered() {
        return runtime.registry().names();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Timers

    /**
     * Sends {@code message} to {@code to} once, after {@code delay}: Erlang's {@code erlang:send_after/3}. The timer
     * is cancelled if the target dies first (its {@link TimerRef#cancel()} then answers false).
     */
    public TimerRef sendAfter(Duration delay, Pid to, Object message) {
        ProcessImpl target = checkLocal(ProcessImpl.of(to));
        Objects.requireNonNull(message, "message must not be null");
        return new TimerRef(ProcessTimer.once(runtime, target, message, nanos(delay, "delay")));
    }

    /**
     * Sends {@code to} a {@link TimerFired} with this timer's reference and {@code message} after {@code delay}:
     * Erlang's {@code erlang:start_timer/3}, whose {@code {timeout, TRef, Msg}} names the timer. Cancelled if the
     * target dies first.
     */
    public TimerRef startTimer(Duration delay, Pid to, Object message) {
        ProcessImpl target = checkLocal(ProcessImpl.of(to));
        Objects.requireNonNull(message, "message must not be null");
        long nanos = nanos(delay, "delay");
        return fired(message, m -> ProcessTimer.once(runtime, target, m, nanos));
    }

    /** Arms a timer whose message is a {@link TimerFired} naming it ({@code start_timer}'s); returns its reference. */
    private static TimerRef fired(Object message,
            java.util.function.Consumer<java.util.function.Function<ProcessTimer, Object>> arm) {
        TimerRef[] ref = new TimerRef[1];
        arm.accept(t -> new TimerFired(ref[0] = new TimerRef(t), message));
        return ref[0];
    }

    /** Sends {@code message} to whoever holds {@code name} when the timer fires; nothing if nobody does. */
    public TimerRef sendAfter(Duration delay, String name, Object message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        return new TimerRef(ProcessTimer.onceToName(runtime, name, message, nanos(delay, "delay")));
    }

    /**
     * Sends whoever holds {@code name} when the timer fires a {@link TimerFired} with this timer's reference and
     * {@code message}: {@code erlang:start_timer/3} with a registered name; nothing if nobody holds it then.
     */
    public TimerRef startTimer(Duration delay, String name, Object message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        long nanos = nanos(delay, "delay");
        return fired(message, m -> ProcessTimer.onceToName(runtime, name, m, nanos));
    }

    /**
     * Sends {@code message} every {@code period} to whoever holds {@code name} then, until cancelled or until the
     * process that holds the name now dies: {@code timer:send_interval/3} with a registered name, which OTP ties to the
     * name's holder by a monitor. If nobody holds the name now, the timer ends at once (its {@code cancel} answers
     * false, as OTP's monitor of a free name is {@code DOWN} at once).
     */
    public TimerRef sendInterval(Duration period, String name, Object message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        long p = nanos(period, "period");
        if (p == 0) {
            throw new IllegalArgumentException("an interval timer needs a positive period");
        }
        return new TimerRef(ProcessTimer.intervalToName(runtime, name, message, p));
    }

    /**
     * Sends {@code message} to {@code to} every {@code period}, until cancelled or until the target dies: Erlang's
     * {@code timer:send_interval/3}.
     */
    public TimerRef sendInterval(Duration period, Pid to, Object message) {
        ProcessImpl target = checkLocal(ProcessImpl.of(to));
        Objects.requireNonNull(message, "message must not be null");
        long p = nanos(period, "period");
        if (p == 0) {
            throw new IllegalArgumentException("an interval timer needs a positive period");
        }
        return new TimerRef(ProcessTimer.interval(runtime, target, message, p));
    }

    /**
     * Spawns a process running {@code body} after {@code delay}, unless cancelled first: {@code timer:apply_after/4},
     * which spawns a process for its function too. The new process has no parent.
     */
    public TimerRef applyAfter(Duration delay, ProcessBody body) {
        Objects.requireNonNull(body, "body");
        return new TimerRef(ProcessTimer.action(runtime, () -> spawn(body), nanos(delay, "delay"), false));
    }

    /**
     * Spawns a process running {@code body} every {@code period}, until cancelled: {@code timer:apply_interval/4}.
     * Each runs on its own, whether or not the one before it has ended. Called from a process, the timer ends when
     * that process dies, as OTP's (a server that arms one in its init and crashes leaves none behind); from a plain
     * thread, only {@code cancel} ends it.
     */
    public TimerRef applyInterval(Duration period, ProcessBody body) {
        Objects.requireNonNull(body, "body");
        long p = nanos(period, "period");
        if (p == 0) {
            throw new IllegalArgumentException("an interval timer needs a positive period");
        }
        return new TimerRef(ProcessTimer.action(runtime, () -> spawn(body), p, true));
    }

    /**
     * Sends {@code pid} an exit signal with {@code reason} after {@code delay}, unless cancelled first:
     * {@code timer:exit_after/3}. The signal comes from the node's system pid, as from any thread that is not a
     * process; so {@code normal} ends nothing (a process that traps exits receives it as an {@link Exit}).
     */
    public TimerRef exitAfter(Duration delay, Pid pid, ExitReason reason) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(reason, "reason");
        if (pid.equals(systemPid())) {
            throw Process.systemPidRefused("exit " + pid);
        }
        return new TimerRef(ProcessTimer.action(runtime, () -> Process.exit(pid, reason), nanos(delay, "delay"),
                false));
    }

    /** {@link #exitAfter} with {@link ExitReason#KILL}: {@code timer:kill_after/2}. */
    public TimerRef killAfter(Duration delay, Pid pid) {
        return exitAfter(delay, pid, ExitReason.KILL);
    }

    /** Cancels a timer; see {@link TimerRef#cancel()}. */
    public boolean cancelTimer(TimerRef timer) {
        return Objects.requireNonNull(timer, "timer").cancel();
    }

    static long nanos(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reports and life cycle

    /**
     * Adds a handler that receives every report of this node (crash, error, drop, supervisor, progress), on the
     * thread that made it. Returns the handle that removes it.
     */
    public AutoCloseable onReport(Consumer<? super Report> handler) {
        Runnable remove = runtime.reports().addHandler(Objects.requireNonNull(handler, "handler"));
        return remove::run;
    }

    /**
     * Bounds what reports cost: crash reports keep at most {@code maxChars} characters of a state and of a last message
     * (the rest is counted, not kept), and at most {@code logsPerSecond} reports a second go to slf4j (those over are
     * counted, and the count is logged with the next one). Handlers still get every report. Defaults: 4,096 and 50.
     */
    public void reportLimits(int maxChars, int logsPerSecond) {
        runtime.reports().limits(maxChars, logsPerSecond);
    }

    /** Switches the slf4j output of reports on or off; handlers still get them. */
    public void logReports(boolean on) {
        runtime.reports().logging(on);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Applications

    /**
     * Starts a temporary application (OTP's {@code application:start/1}), and returns its top supervisor once the
     * whole tree is up; see {@link #start(Application, Restart)}.
     */
    public Pid start(Application app) {
        return Applications.start(this, app, Restart.TEMPORARY);
    }

    /**
     * Starts an application of a start type: if its top supervisor ends, a {@code PERMANENT} application stops the
     * node (the other applications first, in reverse order), a {@code TRANSIENT} one does unless it ended normally,
     * and a {@code TEMPORARY} one is only reported.
     *
     * @return its top supervisor
     * @throws io.loomotp.runtime.application.ApplicationStartException if it did not start
     */
    public Pid start(Application app, Restart type) {
        return Applications.start(this, app, type);
    }

    /** Stops the applications, in reverse start order (each tree, then each application's stop), then closes the node. */
    public void stop() {
        Applications.stopNode(this);
    }

    /**
     * Waits until the node stops, by {@link #stop()}, {@link #close()}, or because an application ended that takes it
     * down; returns that application's report, or null.
     */
    public ApplicationReport awaitStop() throws InterruptedException {
        return Applications.awaitStop(this);
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return runtime.isClosed();
    }

    /**
     * Kills every process, waits up to a second for their threads to end, and stops the node's timers. A zombie that
     * is still busy in user code after that (a handler that never blocks) is left to finish on its own. As
     * {@code erlang:halt/0}, it reports nothing that the kills set off (no crash or supervisor reports); {@link #stop()}
     * shuts the applications down in order instead.
     */
    @Override
    public void close() {
        io.loomotp.runtime.internal.ClusterViews.nodeStopping(this); // leaves its cluster before its processes end
        runtime.close(1000);
        Applications.closed(this);
    }

    /** For the runtime's own packages: the machinery behind this node. */
    NodeRuntime runtime() {
        return runtime;
    }

    private ProcessImpl checkLocal(ProcessImpl p) {
        if (p.node() != runtime) {
            throw new IllegalArgumentException(p + " belongs to node " + p.node().name() + ", not " + name());
        }
        return p;
    }

    @Override
    public String toString() {
        return "Node[" + name() + ", id=" + id() + ", processes=" + processCount() + "]";
    }
}
