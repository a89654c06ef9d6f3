package io.loomotp.runtime;

import io.loomotp.runtime.inline.Inline;
import io.loomotp.runtime.internal.Aliases;
import io.loomotp.runtime.internal.CallEnvelope;
import io.loomotp.runtime.internal.Calls;
import io.loomotp.runtime.internal.ClusterViews;
import io.loomotp.runtime.internal.Envelope;
import io.loomotp.runtime.internal.ExitUnwind;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.RemoteSignals;
import io.loomotp.runtime.internal.Signals;
import io.loomotp.runtime.remote.RemotePid;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The operations of the calling process: Erlang's BIFs for the process you are in. {@code self}, {@code receive},
 * {@code link}, {@code monitor}, {@code exit}, {@code process_flag(trap_exit, …)}, and the {@code spawn} family.
 *
 * <p>Threading contract. The operations that act on the calling process ({@link #self()}, {@link #receive()},
 * {@link #link}, {@link #monitor}, {@link #trapExits(boolean)}, {@link #spawnLink}, ...) must be called from a
 * process's own thread, and throw {@link IllegalStateException} elsewhere. {@link #send} and
 * {@link #exit(Pid, ExitReason)} work from any thread: from a thread that is not a process they act on behalf of the
 * node's system pid.
 *
 * <p>A process that has been killed while its thread was still running user code (a <em>zombie</em>; see
 * {@code docs/concepts.md}) has its sends, links, monitors and registrations suppressed, and unwinds at its next
 * blocking operation.
 *
 * <p>Note: this class shares its simple name with {@link java.lang.Process}; import it explicitly.
 */
public final class Process {
    private Process() {}

    /** The calling process's pid. */
    public static Pid self() {
        if (ProcessImpl.current() == null && Inline.current() != null) {
            return Inline.current().self(); // a handler run inline by the test kit's synchronous harness
        }
        return ProcessImpl.currentOrThrow("Process.self()");
    }

    /** True if the caller is running as a process. */
    public static boolean isProcess() {
        return ProcessImpl.current() != null;
    }

    /** The node of the calling process. */
    public static Node node() {
        return (Node) ProcessImpl.currentOrThrow("Process.node()").node().facade();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Spawning

    /** Spawns an unlinked process on the caller's node. */
    public static Pid spawn(ProcessBody body) {
        return spawn(body, SpawnOptions.defaults());
    }

    /** Spawns an unlinked process with options: Erlang's {@code spawn_opt/2}. */
    public static Pid spawn(ProcessBody body, SpawnOptions options) {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.spawn");
        return self.node().spawn(body, Objects.requireNonNull(options, "options"), self, false, null);
    }

    /** Spawns a process linked to the caller, atomically: Erlang's {@code spawn_link/1}. */
    public static Pid spawnLink(ProcessBody body) {
        return spawnLink(body, SpawnOptions.defaults());
    }

    /** Spawns a linked process with options: {@code spawn_opt} with {@code link}. */
    public static Pid spawnLink(ProcessBody body, SpawnOptions options) {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.spawnLink");
        return self.node().spawn(body, Objects.requireNonNull(options, "options"), self, true, null);
    }

    /** A process and the monitor on it, from {@link #spawnMonitor}. */
    public record Spawned(Pid pid, MonitorRef ref) {}

    /** Spawns a process that the caller monitors from before it runs: Erlang's {@code spawn_monitor/1}. */
    public static Spawned spawnMonitor(ProcessBody body) {
        return spawnMonitor(body, SpawnOptions.defaults());
    }

    /** Spawns a monitored process with options: {@code spawn_opt} with {@code monitor}. */
    public static Spawned spawnMonitor(ProcessBody body, SpawnOptions options) {
        return spawnMonitored(body, options, false, "Process.spawnMonitor");
    }

    /**
     * Spawns a process linked to the caller and monitored by it, both from before it runs: {@code spawn_opt} with
     * {@code [link, monitor]}. Its end then comes both as the link's exit signal (an {@code Exit} message if the caller
     * traps exits) and as the monitor's {@code Down}.
     */
    public static Spawned spawnLinkMonitor(ProcessBody body) {
        return spawnLinkMonitor(body, SpawnOptions.defaults());
    }

    /** Spawns a linked and monitored process with options: {@code spawn_opt} with {@code [link, monitor | ..]}. */
    public static Spawned spawnLinkMonitor(ProcessBody body, SpawnOptions options) {
        return spawnMonitored(body, options, true, "Process.spawnLinkMonitor");
    }

    private static Spawned spawnMonitored(ProcessBody body, SpawnOptions options, boolean link, String what) {
        ProcessImpl self = ProcessImpl.currentOrThrow(what);
        Object[] ref = new Object[1];
        Pid pid = self.node().spawn(body, Objects.requireNonNull(options, "options"), self, link, ref);
        return new Spawned(pid, (MonitorRef) ref[0]);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Messages

    /**
     * Sends a message: Erlang's {@code Pid ! Message}. Never blocks with the default mailbox. Sending to a dead
     * process is silently accepted, as in Erlang.
     *
     * @throws NullPointerException if the message is null
     * @throws MailboxFullException if the receiver's bounded mailbox is full and its policy is REJECT
     */
    public static void send(Pid to, Object message) {
        if (message instanceof CastRequest cast) { // OTP's Pid ! {'$gen_cast', Msg}: a via registry's send gets one
            Calls.cast(to, cast.message());
            return;
        }
        Calls.send(to, Envelope.MESSAGE, message);
    }

    /**
     * Sends through an alias: Erlang's {@code Alias ! Message}. Its owner gets the message if the alias is active;
     * otherwise it is dropped, silently, as a send to a dead pid is. Works from any thread, to an alias of any node.
     */
    public static void send(Alias alias, Object message) {
        Aliases.send(Objects.requireNonNull(alias, "alias"), message);
    }

    /**
     * A new alias of the calling process, active until {@link #unalias} or the process's death: OTP's
     * {@code alias()}.
     */
    public static Alias alias() {
        return alias(AliasMode.EXPLICIT_UNALIAS);
    }

    /** A new alias of the calling process: OTP's {@code alias/1}; {@link AliasMode#REPLY} ends it after one message. */
    public static Alias alias(AliasMode mode) {
        return Aliases.create(ProcessImpl.currentOrThrow("Process.alias"), Objects.requireNonNull(mode, "mode"));
    }

    /**
     * Monitors {@code pid} with a reference that is also an alias of the calling process: OTP's
     * {@code monitor(process, Pid, [{alias, Mode}])}. The alias's {@code ref()} is the monitor's (its {@code Down}
     * carries it); with {@link AliasMode#DEMONITOR} the alias ends with the monitor, with
     * {@link AliasMode#REPLY_DEMONITOR} also with the first message through it (which ends the monitor too), with
     * {@link AliasMode#EXPLICIT_UNALIAS} only by {@link #unalias}. The request-reply pattern: send {@code pid} the
     * alias, take the reply or the {@code Down}, and no late reply comes after either.
     */
    public static Alias monitorWithAlias(Pid pid, AliasMode mode) {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.monitorWithAlias");
        return Aliases.monitor(self, Objects.requireNonNull(mode, "mode"), () -> monitor(pid));
    }

    /**
     * Deactivates an alias of the calling process: OTP's {@code unalias/1}. True if it was active; false if it was
     * not, or is another process's. Messages already delivered through it stay in the mailbox.
     */
    public static boolean unalias(Alias alias) {
        return Aliases.unalias(ProcessImpl.currentOrThrow("Process.unalias"), Objects.requireNonNull(alias, "alias"));
    }

    /**
     * Sends a message to the process registered under {@code name} on {@code node}.
     *
     * @throws NoProcessException if no live process has that name
     */
    public static void send(Node node, String name, Object message) {
        Pid pid = node.whereis(Objects.requireNonNull(name, "name"));
        if (pid == null) {
            throw new NoProcessException(name, "send");
        }
        send(pid, message);
    }

    /**
     * Sends to a registered name on the caller's node; see {@link #send(Node, String, Object)}. From a thread that is
     * not a process, name the node: {@code node.send(name, message)}.
     */
    public static void send(String name, Object message) {
        send(nodeOf("Process.send(name, message)", "node.send(name, message)"), name, message);
    }

    /** The caller's node, or an error that names the call and what a thread that is not a process uses instead. */
    private static Node nodeOf(String operation, String instead) {
        ProcessImpl self = ProcessImpl.current();
        if (self == null) {
            String harness = ProcessImpl.harnessNote();
            throw new IllegalStateException(operation + " must be called from a process, not from thread "
                    + Thread.currentThread() + (harness.isEmpty() ? "; from a plain thread use " + instead : harness));
        }
        return (Node) self.node().facade();
    }

    /**
     * Sends {@code message} to the caller after {@code delay}: {@code erlang:send_after(Time, self(), Msg)}. The
     * timer dies with the caller.
     */
    public static TimerRef sendAfter(Duration delay, Object message) {
        return nodeOf("Process.sendAfter", "node.sendAfter(delay, pid, message)").sendAfter(delay, self(), message);
    }

    /**
     * Sends the caller a {@link TimerFired} carrying the timer's own reference and {@code message} after
     * {@code delay}: {@code erlang:start_timer(Time, self(), Msg)}, whose {@code {timeout, TRef, Msg}} tells one
     * timer's message from another's. The timer dies with the caller.
     */
    public static TimerRef startTimer(Duration delay, Object message) {
        return nodeOf("Process.startTimer", "node.startTimer(delay, pid, message)").startTimer(delay, self(),
                message);
    }

    /**
     * Sends {@code message} to the caller every {@code period} until the timer is cancelled or the caller dies:
     * {@code timer:send_interval(Time, Msg)}.
     */
    public static TimerRef sendInterval(Duration period, Object message) {
        return nodeOf("Process.sendInterval", "node.sendInterval(period, pid, message)").sendInterval(period, self(),
                message);
    }

    /** Waits for the next message, for as long as it takes. */
    public static Object receive() {
        return receive((Predicate<Object>) null, null);
    }

    /**
     * Waits for the next message, up to a timeout: Erlang's {@code receive … after}.
     *
     * @param timeout how long to wait, {@link Duration#ZERO} to only look, or null to wait forever (as the other
     *     forms of receive take it)
     * @return the message, or null if none arrived in time
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static Object receive(Duration timeout) {
        return receive((Predicate<Object>) null, timeout);
    }

    /** Waits for the first message that matches; the others stay in the mailbox, in order. Selective receive. */
    public static Object receive(Predicate<Object> match) {
        return receive(Objects.requireNonNull(match, "match"), null);
    }

    /**
     * Waits for the first message that matches, up to a timeout; the others stay in the mailbox, in order.
     *
     * <p>Calls and casts sent with {@code GenServer} arrive as {@link CallRequest} and {@link CastRequest}; requests of
     * the sys protocol as {@link SystemMessage}, for a special process to hand to {@code SysDebug}.
     *
     * @param timeout how long to wait, {@link Duration#ZERO} to only look, or null to wait forever
     * @return the message, or null if none matched in time
     */
    public static Object receive(Predicate<Object> match, Duration timeout) {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.receive");
        long deadline = deadline(timeout);
        Envelope e = self.receive(match == null ? null : env -> match.test(view(env)), deadline);
        if (e == null) {
            return null;
        }
        if (e.kind != Envelope.SYSTEM) {
            self.countIn(); // as OTP's statistics, which a system message does not reach (handle_system_msg)
        }
        return view(e);
    }

    /** Waits for the first message of a type, up to a timeout (null: forever); null if none came. */
    public static <T> T receive(Class<T> type, Duration timeout) {
        Class<T> boxed = boxed(type);
        return boxed.cast(receive(boxed::isInstance, timeout));
    }

    /**
     * A message is an object, so a primitive type stands for its box ({@code int.class} for {@code Integer}), which
     * a port of {@code receive N when is_integer(N)} means; an instance test on {@code int.class} would never match.
     */
    @SuppressWarnings("unchecked")
    private static <T> Class<T> boxed(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return type.isPrimitive() ? (Class<T>) java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    }

    /**
     * Waits for the first message of a type that also matches, up to a timeout (null: forever); null if none came.
     * The pattern of a selective receive on a record, written once:
     * {@code receive(Answer.class, a -> a.tag() == tag, timeout)}. A predicate that throws ends the receive with its
     * exception, and leaves the message it was looking at in the mailbox, in its place (a primitive type stands for
     * its box).
     */
    public static <T> T receive(Class<T> type, Predicate<? super T> match, Duration timeout) {
        Class<T> boxed = boxed(type);
        Objects.requireNonNull(match, "match");
        return boxed.cast(receive(m -> boxed.isInstance(m) && match.test(boxed.cast(m)), timeout));
    }

    private static Object view(Envelope e) {
        return switch (e.kind) {
            case Envelope.CALL -> {
                CallEnvelope call = (CallEnvelope) e;
                yield new CallRequest(call.request(), call);
            }
            case Envelope.SYSTEM -> {
                CallEnvelope call = (CallEnvelope) e;
                yield new SystemMessage(call.request(), call);
            }
            case Envelope.CAST -> new CastRequest(e.message());
            default -> e.message();
        };
    }

    /** Discards every message in the mailbox; returns how many. */
    public static int flush() {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.flush");
        int n = 0;
        while (self.receive(null, 0) != null) {
            n++;
        }
        return n;
    }

    /**
     * Lets the processes that are ready to run go first, then goes on: Erlang's {@code erlang:yield/0}, for a process
     * that computes in long stretches without receiving (the JVM cannot preempt it). A receive does it by itself once
     * a process has taken messages for about a millisecond without waiting. {@code Thread.yield()} does not do it for a
     * process: the JDK's scheduler runs the yielding thread again before other queued work.
     */
    public static void yield() {
        ProcessImpl.currentOrThrow("Process.yield").yieldCarrier();
    }

    /**
     * Waits without taking any message: Erlang's {@code timer:sleep/1}. Unlike {@link Thread#sleep}, a process that is
     * killed meanwhile unwinds at once instead of seeing an {@link InterruptedException}.
     */
    public static void sleep(Duration duration) {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.sleep");
        Objects.requireNonNull(duration, "duration must not be null: use Timeouts.INFINITY to sleep for ever");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a sleep must not be negative: " + duration);
        }
        self.receive(e -> false, deadline(duration));
    }

    /**
     * A process object of another node of this JVM, used by a process of a node in a cluster, as that cluster names
     * it (see {@code CrossNode}); any other pid as it is.
     */
    private static Pid seen(Pid pid) {
        if (pid instanceof ProcessImpl target) {
            ProcessImpl self = ProcessImpl.current();
            if (self != null && target.node() != self.node()) {
                return io.loomotp.runtime.internal.CrossNode.seenFrom(self.node(), target);
            }
        }
        return pid;
    }

    static long deadline(Duration timeout) {
        return io.loomotp.runtime.internal.Calls.deadline(timeout);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Links, monitors, exits

    /**
     * Links the caller to another process. Linking to a dead local process delivers {@code Exit(pid, noproc)} to a
     * caller that traps exits, and otherwise throws. A link to a process of another node returns at once, as OTP's
     * does: if that process is dead (or its node unreachable), the answer comes later as an exit signal, {@code noproc}
     * (or {@code noconnection}), which kills a caller that does not trap exits.
     *
     * @throws NoProcessException if the local process is dead and the caller does not trap exits
     */
    public static void link(Pid pid) {
        pid = seen(pid);
        if (pid instanceof RemotePid remote) {
            RemoteSignals.link(ProcessImpl.currentOrThrow("Process.link"), remote);
            return;
        }
        ProcessImpl other = ProcessImpl.of(pid);
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.link");
        checkNotSystem(other, "link");
        Signals.link(self, other);
    }

    /**
     * Removes the link to another process, if any; once it returns, that link has no further effect. An {@link Exit}
     * that the link already delivered (to a process that traps exits) stays in the mailbox, as in OTP: to be sure none
     * is left, take it out with {@code Process.receive(m -> m instanceof Exit e && e.from().equals(pid), Duration.ZERO)}
     * after the unlink, OTP's {@code unlink(Id), receive {'EXIT', Id, _} -> true after 0 -> true end}.
     */
    public static void unlink(Pid pid) {
        pid = seen(pid);
        if (pid instanceof RemotePid remote) {
            RemoteSignals.unlink(ProcessImpl.currentOrThrow("Process.unlink"), remote);
            return;
        }
        Signals.unlink(ProcessImpl.currentOrThrow("Process.unlink"), ProcessImpl.of(pid));
    }

    /**
     * A new reference, unequal to every other, also across nodes: Erlang's {@code make_ref()}, to tag a request
     * ({@code pid ! {self(), Ref, Request}}) and take only its answer ({@code receive {Ref, Reply} -> ...}) with
     * {@link #receive(Class, Predicate, Duration)}. Any thread.
     */
    public static MonitorRef makeRef() {
        return MonitorRef.make();
    }

    /**
     * Monitors a process: when it ends, the caller receives {@link Down} exactly once. If it is already dead,
     * {@code Down} with reason {@link ExitReason#NOPROC} arrives at once.
     *
     * <p>The node's system pid ({@link Node#systemPid()}, the sender of what a plain thread sends, such as a call
     * from {@code main}) stands for threads that do not end as processes do: a monitor of it never fires. So a server
     * that monitors its callers, as poolboy does its borrowers, works when a caller is a plain thread.
     */
    public static MonitorRef monitor(Pid pid) {
        if (pid == null) {
            throw new IllegalArgumentException("cannot monitor a null pid (whereis answers null when nothing holds a "
                    + "name); to monitor a registered name, call Process.monitor(name), which delivers Down(noproc) "
                    + "when nothing holds it");
        }
        pid = seen(pid);
        if (pid instanceof RemotePid remote) {
            return RemoteSignals.monitor(ProcessImpl.currentOrThrow("Process.monitor"), remote);
        }
        ProcessImpl target = ProcessImpl.of(pid);
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.monitor");
        if (target.node() != null && target == target.node().system()) {
            return MonitorRef.make(); // the system pid lives as long as the node: a monitor that never fires
        }
        return Signals.monitor(self, target);
    }

    /**
     * Monitors the process registered under {@code name} on the caller's node: Erlang's
     * {@code monitor(process, Name)}. The name is looked up once, now: the monitor then follows that process, whatever
     * becomes of the name. Its {@link Down} names what was monitored as {@code {Name, Node}} ({@link Down#name()}). If
     * nothing holds the name, {@code Down} with reason {@link ExitReason#NOPROC} arrives at once.
     */
    public static MonitorRef monitor(String name) {
        Objects.requireNonNull(name, "name");
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.monitor");
        NodeRuntime node = self.node();
        MonitorRef ref = MonitorRef.named(new RegisteredName(name, node.name()));
        ProcessImpl target = node.registry().whereis(name);
        if (target != null) {
            checkNotSystem(target, "monitor");
        }
        return Signals.monitor(self, target, ref);
    }

    /**
     * Monitors the process registered as {@code name.name()} on node {@code name.node()}: Erlang's
     * {@code monitor(process, {Name, Node})}. On this node (its name in its cluster, or its own name outside one) it is
     * {@link #monitor(String)}. On another node of the cluster, the name is looked up there once, now (one round trip,
     * which this call waits for, up to 5 s): the monitor then follows that process, and its {@link Down} names
     * {@code name} ({@link Down#name()}). As in Erlang, {@code Down} arrives at once with reason
     * {@link ExitReason#NOPROC} if nothing there holds the name, and with {@link ExitReason#NOCONNECTION} if the node
     * is not connected (or does not answer); it comes with {@code noconnection} later if the node is lost.
     *
     * @throws IllegalStateException if the caller is not a process
     * @throws IllegalArgumentException if the node named is another node and this one is in no cluster (Erlang's
     *     {@code badarg} on a node that is not alive)
     */
    public static MonitorRef monitor(RegisteredName name) {
        Objects.requireNonNull(name, "name");
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.monitor");
        NodeRuntime node = self.node();
        ClusterViews.View view = ClusterViews.of((Node) node.facade());
        String here = view == null ? node.name() : view.name();
        if (name.node().equals(here) || name.node().equals(node.name())) {
            return monitor(name.name());
        }
        if (view == null) {
            throw new IllegalArgumentException("cannot monitor " + name + ": this node is in no cluster (join one "
                    + "with Cluster.join), and " + name.node() + " is not its name (" + node.name() + ")");
        }
        MonitorRef ref = MonitorRef.named(name);
        Pid found;
        try {
            found = view.caller().whereis(name.node(), name.name(), Timeouts.DEFAULT_CALL);
        } catch (RuntimeException notConnectedOrLost) {
            return Signals.downAtOnce(self, ref, ExitReason.NOCONNECTION);
        }
        if (found instanceof RemotePid remote) {
            return RemoteSignals.monitor(self, remote, ref);
        }
        return Signals.downAtOnce(self, ref, ExitReason.NOPROC);
    }

    /** Stops a monitor; a {@code Down} it already delivered stays in the mailbox. Returns true if it was active. */
    public static boolean demonitor(MonitorRef ref) {
        return Signals.demonitor(ProcessImpl.currentOrThrow("Process.demonitor"),
                Objects.requireNonNull(ref, "ref"), false);
    }

    /**
     * Stops a monitor; with {@code flush}, also removes its {@code Down} if it already arrived. Either way no
     * {@code Down} for it arrives afterwards. Returns true if it was active.
     */
    public static boolean demonitor(MonitorRef ref, boolean flush) {
        return Signals.demonitor(ProcessImpl.currentOrThrow("Process.demonitor"),
                Objects.requireNonNull(ref, "ref"), flush);
    }

    /**
     * Ends the calling process with a reason: Erlang's {@code exit/1}. Never returns. Links and monitors fire with
     * the reason. As in Erlang, {@code exit(KILL)} ends the process with reason {@code kill}, and its links carry it
     * as a trappable reason: only {@link #exit(Pid, ExitReason) exit(pid, KILL)} is the untrappable kill.
     */
    public static RuntimeException exit(ExitReason reason) {
        ProcessImpl.currentOrThrow("Process.exit");
        throw new ExitUnwind(Objects.requireNonNull(reason, "reason"), false);
    }

    /**
     * Sends an exit signal to a process: Erlang's {@code exit/2}, with the effect of Table 2-1. Sent by the caller,
     * or by the node's system pid from a thread that is not a process.
     */
    public static void exit(Pid pid, ExitReason reason) {
        pid = seen(pid);
        if (pid instanceof RemotePid remote) {
            RemoteSignals.exit(ProcessImpl.current(), remote, Objects.requireNonNull(reason, "reason"));
            return;
        }
        ProcessImpl target = ProcessImpl.of(pid);
        Objects.requireNonNull(reason, "reason");
        ProcessImpl self = ProcessImpl.current();
        if (self != null && self.suppressesEffects()) {
            return;
        }
        checkNotSystem(target, "exit");
        Signals.send(self != null ? self : target.node().system(), target, reason);
        if (self != null && self.isExiting()) {
            throw self.unwind(); // it signalled itself to death
        }
    }

    /**
     * Sets whether the caller traps exits: Erlang's {@code process_flag(trap_exit, On)}.
     *
     * @return the previous setting
     */
    public static boolean trapExits(boolean on) {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.trapExits");
        boolean old = self.trapExits();
        self.trapExits(on);
        return old;
    }

    /** Whether the caller traps exits. */
    public static boolean trapExits() {
        return ProcessImpl.currentOrThrow("Process.trapExits").trapExits();
    }

    /**
     * Registers the caller under a name.
     *
     * @throws AlreadyRegisteredException if a live process holds the name
     */
    public static void register(String name) {
        ProcessImpl self = ProcessImpl.currentOrThrow("Process.register");
        if (!self.suppressesEffects()) {
            self.node().registry().register(name, self);
        }
    }

    private static void checkNotSystem(ProcessImpl p, String what) {
        NodeRuntime node = p.node();
        if (node != null && p == node.system()) {
            throw systemPidRefused(what + " " + p);
        }
    }

    /** The refusal of an operation on the node's system pid ({@code what}: "link <3.0>"), for this class and Node. */
    static IllegalArgumentException systemPidRefused(String what) {
        return new IllegalArgumentException("cannot " + what
                + ": it is the node's system pid, which stands for threads that are not processes");
    }
}
