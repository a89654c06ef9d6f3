package io.loomotp.runtime.proc;

import io.loomotp.runtime.AlreadyRegisteredException;
import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.internal.CallEnvelope;
import io.loomotp.runtime.internal.ExitUnwind;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.Signals;
import io.loomotp.runtime.internal.Starts;
import io.loomotp.runtime.report.CrashReport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The synchronous start of a special process: OTP's {@code proc_lib}. The starter waits until the new process has
 * initialised itself and called {@link #initAck()}; a failure before that is reported to the starter, and never takes
 * a linked starter down (as OTP 26's gen_server starts; OTP's bare proc_lib lets a crash before {@code init_ack} kill
 * a starter that does not trap exits).
 *
 * <pre>{@code
 * public static Pid startLink(String name) {
 *     return ProcLib.startLink(() -> new Mutex(name).init());      // proc_lib:start_link(mutex, init, [...])
 * }
 * private void init() {
 *     Process.register(name);
 *     Process.trapExits(true);
 *     SysDebug debug = SysDebug.options(DebugOptions.none());     // sys:debug_options/1
 *     ProcLib.initAck();                                          // proc_lib:init_ack/1: startLink returns
 *     loop(debug);
 * }
 * }</pre>
 *
 * <p>A {@code startLink} made inside a supervisor's child start ({@code ChildSpec.worker("mutex", () ->
 * Mutex.startLink("printer"))}) links the process to the supervisor, which is then its parent: the supervisor's exit
 * signal is the process's order to stop, as for any worker.
 *
 * <p>Threading: {@code start} and {@code startLink} block the caller; {@link #initAck()} and {@link #parent()} are
 * called by the special process itself.
 */
public final class ProcLib {
    private ProcLib() {}

    /**
     * Starts a special process linked to the caller and waits, without a timeout, until it calls {@link #initAck()}:
     * {@code proc_lib:start_link/3}.
     *
     * @param body the process: it initialises, calls {@link #initAck()}, then runs its receive loop
     * @return the new process
     * @throws StartFailedException if the body returned, threw or exited before {@link #initAck()}; its reason is the
     *     process's exit reason (normal if it returned), and the caller stays alive
     * @throws IllegalStateException if the caller is not a process
     */
    public static Pid startLink(ProcessBody body) {
        return startLink(body, Timeouts.INFINITY, SpawnOptions.defaults());
    }

    /**
     * Starts a linked special process and waits up to {@code timeout} for {@link #initAck()}:
     * {@code proc_lib:start_link/5}.
     *
     * @param options the name to register, the mailbox, and whether it traps exits from the start
     * @throws StartFailedException as {@link #startLink(ProcessBody)}, or with reason {@code timeout} if the process
     *     did not acknowledge in time; it is then killed
     * @throws AlreadyStartedException if {@code options.name()} is held by a live process
     */
    public static Pid startLink(ProcessBody body, Duration timeout, SpawnOptions options) {
        ProcessImpl caller = ProcessImpl.currentOrThrow("ProcLib.startLink");
        return start(caller.node(), body, timeout, options, caller, true, null);
    }

    /**
     * Starts an unlinked special process on the caller's node that the caller monitors from before it runs, and
     * waits up to {@code timeout} for {@link #initAck()}: {@code proc_lib:start_monitor/5} (OTP 23).
     *
     * <p>Unlike {@code proc_lib}, which returns the monitor with the error so that the caller can take the
     * {@code 'DOWN'} message, a failed start throws here, and so removes the monitor and flushes its {@code Down}
     * (as {@code gen_server:start_monitor} does): the caller's mailbox keeps nothing of it.
     *
     * @return the process and the monitor on it
     * @throws StartFailedException as {@link #startLink(ProcessBody, Duration, SpawnOptions)}
     * @throws AlreadyStartedException if {@code options.name()} is held by a live process
     * @throws IllegalStateException if the caller is not a process
     */
    public static io.loomotp.runtime.Process.Spawned startMonitor(ProcessBody body, Duration timeout,
                                                                   SpawnOptions options) {
        ProcessImpl caller = ProcessImpl.currentOrThrow("ProcLib.startMonitor");
        return Starts.monitored(caller, monitor -> start(caller.node(), body, timeout, options, caller, false,
                monitor));
    }

    /** Starts a monitored special process and waits for it without a timeout; see
     * {@link #startMonitor(ProcessBody, Duration, SpawnOptions)}. */
    public static io.loomotp.runtime.Process.Spawned startMonitor(ProcessBody body) {
        return startMonitor(body, Timeouts.INFINITY, SpawnOptions.defaults());
    }

    /**
     * Starts an unlinked special process on {@code node}, from a process or a plain thread, and waits up to
     * {@code timeout} for {@link #initAck()}: {@code proc_lib:start/5}. The process has no parent.
     *
     * @throws StartFailedException as {@link #startLink(ProcessBody, Duration, SpawnOptions)}
     */
    public static Pid start(Node node, ProcessBody body, Duration timeout, SpawnOptions options) {
        return start(Starts.runtime(node), body, timeout, options, ProcessImpl.current(), false, null);
    }

    /** Starts an unlinked special process and waits for it without a timeout; see {@link #start(Node, ProcessBody,
     * Duration, SpawnOptions)}. */
    public static Pid start(Node node, ProcessBody body) {
        return start(node, body, Timeouts.INFINITY, SpawnOptions.defaults());
    }

    /**
     * Spawns a special process linked to the caller, without waiting for it: {@code proc_lib:spawn_link/1}. It is a
     * process started by proc_lib (its crash is reported as proc_lib's, with its ancestors; it may enter a
     * behaviour's loop with {@code GenServer.enterLoop}), and its parent is the caller. It calls no
     * {@link #initAck()}: nobody waits for one.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public static Pid spawnLink(ProcessBody body) {
        ProcessImpl caller = ProcessImpl.currentOrThrow("ProcLib.spawnLink");
        return spawn(caller.node(), body, caller, true);
    }

    /**
     * Spawns an unlinked special process on {@code node}, without waiting for it: {@code proc_lib:spawn/1}. As
     * {@link #spawnLink}, but with no link and no parent.
     */
    public static Pid spawn(Node node, ProcessBody body) {
        return spawn(Starts.runtime(node), body, ProcessImpl.current(), false);
    }

    private static Pid spawn(NodeRuntime node, ProcessBody body, ProcessImpl caller, boolean link) {
        Objects.requireNonNull(body, "body");
        ProcessImpl p = node.create(SpawnOptions.defaults(), caller, link, null);
        Special special = new Special(p, link ? caller : null, null, body.getClass(), true);
        node.start(p, () -> run(special, body));
        return p;
    }

    private static Pid start(NodeRuntime node, ProcessBody body, Duration timeout, SpawnOptions options,
                             ProcessImpl caller, boolean link, Object[] monitor) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(options, "options");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("start timeout must not be negative: " + timeout);
        }
        ProcessImpl p;
        try {
            p = node.create(options, caller, link, monitor);
        } catch (AlreadyRegisteredException taken) {
            throw new AlreadyStartedException(taken.name(), taken.holder());
        }
        ProcessImpl parent = link ? caller : null;
        CallEnvelope ack = Starts.ack(caller != null ? caller : node.system(), p);
        Special special = new Special(p, parent, ack, body.getClass());
        node.start(p, () -> run(special, body));
        return node.started(Starts.await(ack, p, timeout, special.what, parent));
    }

    /** The new process's thread: runs the body, and fails the start if it ends before acknowledging. */
    private static void run(Special special, ProcessBody body) throws Exception {
        ProcessImpl self = special.self;
        self.behaviour(special);
        self.beginCall(special.ack); // killed before it answers: the starter sees the death
        try {
            body.run();
        } catch (Throwable t) {
            ExitReason reason = t instanceof ExitUnwind u ? u.reason : ExitReason.crash(t);
            boolean ownExit = !(t instanceof ExitUnwind u && u.alreadyDead); // not a signal that killed it
            if (special.ack != null) {
                if (ownExit) {
                    failStart(special, reason);
                }
            } else if (ownExit && !reason.isNormal()) {
                crashReport(special, reason);
            }
            throw t;
        }
        if (special.ack != null) {
            failStart(special, ExitReason.NORMAL); // returned without acknowledging: proc_lib's {error, normal}
        }
    }

    /**
     * proc_lib's crash report ({@code proc_lib:exit_p/3}): a process started by {@code ProcLib} that ends by its own
     * exit or exception with a reason other than normal or shutdown is reported with its initial call, ancestors,
     * queue and links, whether the reason is an exception or a {@code Process.exit(custom)}; a plain process is
     * reported only for an exception, as a plain {@code spawn}'s is.
     */
    private static void crashReport(Special special, ExitReason reason) {
        ProcessImpl self = special.self;
        if (self.crashWasReported()) {
            return; // a behaviour's loop it entered (enterLoop) reported its own end
        }
        StringBuilder detail = new StringBuilder()
                .append("** Initial call: ").append(special.module().getName()).append('\n')
                .append("** Ancestors: ").append(self.ancestors()).append('\n')
                .append("** Message queue length: ").append(self.mailboxLength()).append('\n')
                .append("** Links: ").append(Signals.links(self)).append('\n')
                .append("** Trap exit: ").append(self.trapExits());
        neighbours(self, detail);
        // reported once: the plain process's error report at its end would say it twice
        self.reportCrash(new CrashReport(self, self.registeredName(), "proc_lib", special.module().getName(), null,
                null, reason, detail.toString()));
    }

    /**
     * proc_lib's {@code neighbours} section: each live local process linked to the crasher, which its exit signal is
     * about to reach, with what it is doing now (remote ones are named only).
     */
    private static void neighbours(ProcessImpl self, StringBuilder detail) {
        List<io.loomotp.runtime.Pid> links = Signals.links(self);
        if (links.isEmpty()) {
            return;
        }
        detail.append("\n** Neighbours:");
        for (io.loomotp.runtime.Pid l : links) {
            detail.append("\n**   ").append(l);
            io.loomotp.runtime.ProcessInfo i = null;
            try {
                i = io.loomotp.runtime.Node.isLocal(l) ? io.loomotp.runtime.Node.of(l).info(l) : null;
            } catch (RuntimeException gone) {
                // its node closed meanwhile
            }
            if (i == null) {
                continue;
            }
            StackTraceElement f = i.currentFunction();
            detail.append(i.registeredName() == null ? "" : " (" + i.registeredName() + ")")
                    .append(" initial call ").append(i.initialCall())
                    .append(", current function ").append(f == null ? "-" : f)
                    .append(", ").append(i.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append(", message queue length ").append(i.mailboxLength())
                    .append(", trap exit ").append(i.trapExits());
        }
    }

    private static void failStart(Special special, ExitReason reason) {
        ProcessImpl parent = special.sys.parent();
        if (parent != null) {
            Signals.unlink(special.self, parent); // never takes its starter down: as OTP 26's gen_server, not proc_lib
        }
        CallEnvelope ack = special.ack;
        special.ack = null;
        Starts.initFailed(ack, special.what, reason);
    }

    /**
     * Tells the starter that this process has started: {@code proc_lib:init_ack/1}. The starter's {@code start} or
     * {@code startLink} returns this process's pid.
     *
     * @throws IllegalStateException if the caller was not started by {@code ProcLib}, or has already acknowledged
     */
    public static void initAck() {
        Special special = Special.current("ProcLib.initAck");
        CallEnvelope ack = special.ack;
        if (ack == null) {
            throw new IllegalStateException("ProcLib.initAck: " + special.self + " has no starter waiting: it was not "
                    + "started with ProcLib.start or ProcLib.startLink (ProcLib.spawn waits for nothing), or it already acknowledged");
        }
        special.ack = null;
        Starts.initAck(special.self, ack, Starts.STARTED);
    }

    /**
     * Tells the starter that this process failed to start: {@code proc_lib:init_fail/2} (OTP 26). The starter's
     * {@code start} or {@code startLink} throws {@link io.loomotp.runtime.StartFailedException} with {@code reason};
     * this process is first unlinked from its parent, so that its end does not take the starter down. It goes on
     * running: end it now (return, or {@code Process.exit(reason)}); OTP's {@code init_fail} exits by itself.
     *
     * @throws IllegalStateException if the caller was not started by {@code ProcLib}, or has already acknowledged
     *     or failed its start
     */
    public static void initFail(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        Special special = Special.current("ProcLib.initFail");
        if (special.ack == null) {
            throw new IllegalStateException("ProcLib.initFail: " + special.self + " has no starter waiting: it was "
                    + "not started with ProcLib.start or ProcLib.startLink, or it already acknowledged or failed");
        }
        failStart(special, reason);
    }

    /**
     * The process's parent: the process that started it with {@link #startLink}, whose exit signal orders it to
     * stop (OTP's {@code Parent}); null if it was started unlinked or not by {@code ProcLib}.
     *
     * @throws IllegalStateException if the caller is not a process, or runs a behaviour
     */
    public static Pid parent() {
        return Special.current("ProcLib.parent").sys.parent();
    }
}
