package io.loomotp.runtime.remote;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.internal.Envelope;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.Ready;
import io.loomotp.runtime.internal.RemoteSignals;
import io.loomotp.runtime.internal.Starts;
import java.time.Duration;

/**
 * A local node as the cluster layer sees it: its name and incarnation, its processes by serial, and the entry points
 * through which the cluster injects what arrives from other nodes (messages, calls, links, exits, monitors, downs,
 * the loss of a node). Each injection acts exactly as the local signal table does (see {@code Signals}).
 *
 * <p>Threading: any thread; the cluster layer calls these on its receive threads, in the order messages arrived from
 * one node.
 */
public final class LocalEnd {
    /** A plain message ({@code Pid ! Msg}). */
    public static final byte MESSAGE = Envelope.MESSAGE;
    /** A cast through a generated {@code …Ref}. */
    public static final byte CAST = Envelope.CAST;
    /** A call through a generated {@code …Ref} or {@code GenServer.call}. */
    public static final byte CALL = Envelope.CALL;

    private final NodeRuntime runtime;

    /**
     * Whether a process on this JVM has been woken and has not run yet: its frames to another node, if it sends any
     * soon, could go out with the caller's (the cluster's combining writer, docs/adr/0023-combining-writer.md).
     */
    public static boolean othersWoken() {
        return Ready.anyWoken();
    }

    /**
     * Whether the calling process has messages waiting (false on a thread that is not a process): a server answering
     * a call with more calls queued will soon answer again, and its replies to another node can go out in one write
     * (docs/adr/0023-combining-writer.md, second amendment). The calling process's own look at its mailbox.
     */
    public static boolean selfHasMessages() {
        ProcessImpl p = ProcessImpl.current();
        return p != null && p.hasMessages();
    }

    private LocalEnd(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    /** The local end of a node. */
    public static LocalEnd of(Node node) {
        return Starts.runtime(node).localEnd(LocalEnd::new);
    }

    /** The local end of the node a local pid lives on. */
    public static LocalEnd ofLocal(Pid pid) {
        return ProcessImpl.of(pid).node().localEnd(LocalEnd::new);
    }

    public String name() {
        return runtime.name();
    }

    /** This node's incarnation: drawn when it started, never reused. */
    public long creation() {
        return runtime.creation();
    }

    /** The pid standing for this node's threads that are not processes. */
    public Pid systemPid() {
        return runtime.system();
    }

    /** The live local process with this serial, or null. */
    public Pid process(long serial) {
        return runtime.byIndex(serial);
    }

    /**
     * Whether delivering to this local process, looked up with {@link #process(long)}, may block the delivering
     * thread: its mailbox is bounded with the {@code BLOCK} policy. The cluster then delivers from a thread of its own,
     * so that its receive thread never waits. False for null (nobody there). A frame looks the table up once, for this
     * and for the delivery.
     */
    public boolean mayBlock(Pid process) {
        return process != null && local(process).mayBlockSenders();
    }

    /**
     * Delivers a message or cast from another node to a process looked up with {@link #process(long)}; dropped for
     * null, if the process has died since, or if its bounded mailbox refuses.
     */
    public void deliver(Pid process, byte kind, Object message) {
        RemoteSignals.deliver(process == null ? null : local(process), kind, message);
    }

    /**
     * Queues a call from a remote caller to a process looked up with {@link #process(long)}; its outcome goes to
     * {@code sink} (at once, if it is null or the process is gone).
     */
    public void call(RemotePid caller, Pid process, byte kind, Object request, ReplySink sink) {
        RemoteSignals.inboundCall(process == null ? null : local(process), caller, kind, request, sink);
    }

    private static ProcessImpl local(Pid process) {
        if (process instanceof ProcessImpl p) {
            return p;
        }
        throw new IllegalArgumentException("not a process of this node: " + process);
    }

    /** {@link #mayBlock(Pid)} for the process registered as {@code name}; false if nobody holds it. */
    public boolean mayBlockNamed(String name) {
        ProcessImpl p = runtime.registry().whereis(name);
        return p != null && p.mayBlockSenders();
    }

    /** The local process registered as {@code name}, or null: where a call to {@code {Name, Node}} goes. */
    public Pid whereis(String name) {
        return runtime.registry().whereis(name);
    }

    /**
     * Calls the process registered as {@code name} on {@code node}, looked up there as the call arrives, from the
     * calling process (or this node's system pid from a plain thread): {@code gen_server:call({Name, Node}, Request,
     * Timeout)}, one round trip. The outcomes are a remote call's; nobody holding the name there is
     * {@code NoProcessException}.
     */
    public Object callNamed(RemoteNode node, String name, Object request, Duration timeout) {
        return RemoteSignals.callNamed(node, name, Envelope.CALL, request, timeout);
    }

    /** Delivers to a registered name; false if nobody holds it (the message is dropped, as Erlang's {@code {N, Node} ! M}). */
    public boolean deliverNamed(String name, byte kind, Object message) {
        ProcessImpl p = runtime.registry().whereis(name);
        if (p == null) {
            return false;
        }
        RemoteSignals.deliver(p, kind, message);
        return true;
    }

    /** Links a local process to a remote one that asked; false if the local process is gone (answer noproc). */
    public boolean link(RemotePid from, long serial) {
        return RemoteSignals.inboundLink(runtime.byIndex(serial), from);
    }

    public void unlink(RemotePid from, long serial) {
        RemoteSignals.inboundUnlink(runtime.byIndex(serial), from);
    }

    /** An exit signal from a remote process; {@code linked} ones act only if the link still exists. */
    public void exit(RemotePid from, long serial, ExitReason reason, boolean linked) {
        RemoteSignals.inboundExit(runtime.byIndex(serial), from, reason, linked);
    }

    /** A remote process monitors a local one; false if the local process is gone (answer noproc). */
    public boolean monitor(RemotePid watcher, long ref, long serial) {
        return RemoteSignals.inboundMonitor(runtime.byIndex(serial), watcher, ref);
    }

    /**
     * A local process monitors a remote one whose node set the monitor up already (a remote {@code spawn_monitor}):
     * records the local half under {@code ref}; false if the watcher is gone (tell the far side to drop its half).
     */
    public boolean adoptMonitor(long watcherSerial, MonitorRef ref, RemotePid target) {
        return RemoteSignals.adoptMonitor(runtime.byIndex(watcherSerial), ref, target);
    }

    public void demonitor(RemotePid watcher, long ref, long serial) {
        RemoteSignals.inboundDemonitor(runtime.byIndex(serial), watcher, ref);
    }

    /** A remote process a local one monitored has ended: the watcher gets {@code Down} once, if still monitoring. */
    public void down(long watcherSerial, long ref, RemotePid target, ExitReason reason) {
        RemoteSignals.inboundDown(runtime.byIndex(watcherSerial), ref, target, reason);
    }

    /**
     * A node incarnation is lost: every local process linked to one of its processes gets exit {@code noconnection},
     * every monitor of one of them {@code Down(noconnection)}; its monitors of local processes are dropped.
     */
    public void nodeDown(RemoteNode node) {
        RemoteSignals.nodeDown(runtime, node);
    }
}
