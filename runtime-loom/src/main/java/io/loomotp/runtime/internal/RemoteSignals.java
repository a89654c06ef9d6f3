package io.loomotp.runtime.internal;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MailboxFullException;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RegisteredName;
import io.loomotp.runtime.remote.PendingCall;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.remote.ReplySink;
import io.loomotp.runtime.remote.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages, calls, links, monitors and exits between a local process and a remote one: the runtime's half of
 * distribution. Outbound operations record the local side of a tie (under the process's lock, as {@link Signals}
 * does) and hand the rest to the remote node's {@link Transport}; inbound ones, called by the cluster layer through
 * {@code LocalEnd}, act on local processes exactly as the local signal table does.
 *
 * <p>Exactly once holds as locally: a remote link fires only if it is still in the local process's {@link RemoteTies}
 * when the signal arrives, and a remote monitor's {@code Down} is delivered only by whoever removes the watch. That is
 * what makes a node's loss, racing with an ordinary exit or a link being made, give one signal, not two.
 */
public final class RemoteSignals {
    private RemoteSignals() {}

    // ---------------------------------------------------------------------------------------------------------------
    // Outbound

    /** The local sender for a signal: the calling process, or the system pid of the node the target is seen from. */
    private static Pid sender(ProcessImpl self, RemotePid to) {
        return self != null ? self : to.node().local().systemPid();
    }

    public static void send(RemotePid to, byte kind, Object message) {
        if (message == null) {
            throw new NullPointerException("message must not be null");
        }
        ProcessImpl self = ProcessImpl.current();
        if (self != null) {
            if (self.suppressesEffects()) {
                return;
            }
            self.countOut();
        }
        to.node().transport().send(sender(self, to), to, kind, message);
    }

    public static Object call(RemotePid to, byte kind, Object request, Duration timeout, ProcessImpl self) {
        return call(to, null, kind, request, timeout, self);
    }

    /**
     * A call to the process registered as {@code name} on {@code node}, looked up there as it arrives:
     * {@code gen_server:call({Name, Node}, Request, Timeout)}, one round trip.
     */
    public static Object callNamed(RemoteNode node, String name, byte kind, Object request, Duration timeout) {
        ProcessImpl self = ProcessImpl.current();
        if (self != null && self.suppressesEffects()) {
            throw self.unwind();
        }
        return call(node.pid(0), name, kind, request, timeout, self);
    }

    private static Object call(RemotePid to, String name, byte kind, Object request, Duration timeout,
                               ProcessImpl self) {
        ProcessImpl local = self != null ? self : ProcessImpl.of(to.node().local().systemPid());
        CallEnvelope slot = new CallEnvelope(kind, request, local, local.node().system());
        PendingCall pending = new PendingCall(slot, local, to, name);
        Transport transport = to.node().transport();
        Object outcome;
        try {
            if (name == null) {
                transport.call(local, to, kind, request, pending);
            } else {
                transport.callNamed(local, kind, request, pending);
            }
            if (self != null) {
                self.countOut();
            }
            outcome = slot.await(timeout, self != null ? self.callSpin() : null);
        } finally {
            transport.callEnded(pending);
        }
        if (outcome == CallEnvelope.ABANDONED) {
            throw name == null ? new CallTimeoutException(to, request, timeout)
                    : new CallTimeoutException("call to " + new RegisteredName(name, to.node().name()) + ": " + request,
                            timeout);
        }
        if (outcome instanceof CallEnvelope.Failure f) {
            throw Calls.rethrow(f.exception());
        }
        return outcome == CallEnvelope.NULL ? null : outcome;
    }

    /** For {@link PendingCall}: completes a remote call's slot with a reply. */
    public static boolean complete(Object slot, Object value) {
        return ((CallEnvelope) slot).answer(value);
    }

    /** For {@link PendingCall}: completes a remote call's slot with a failure. */
    public static boolean fail(Object slot, RuntimeException e) {
        return ((CallEnvelope) slot).fail(e);
    }

    public static void link(ProcessImpl self, RemotePid other) {
        synchronized (self) {
            if (self.exitReason != null) {
                return;
            }
            ties(self).links.add(other);
        }
        other.node().transport().link(self, other);
    }

    public static void unlink(ProcessImpl self, RemotePid other) {
        boolean had;
        synchronized (self) {
            had = self.remote != null && self.remote.links.remove(other);
        }
        if (had) {
            other.node().transport().unlink(self, other);
        }
    }

    public static MonitorRef monitor(ProcessImpl watcher, RemotePid target) {
        return monitor(watcher, target, MonitorRef.make());
    }

    /**
     * As {@link #monitor(ProcessImpl, RemotePid)}, under a reference the caller made: one that names the registered
     * name the target was found under on its node ({@code monitor(process, {Name, Node})}), which its {@code Down}
     * then carries.
     */
    public static MonitorRef monitor(ProcessImpl watcher, RemotePid target, MonitorRef ref) {
        synchronized (watcher) {
            if (watcher.exitReason != null) {
                return ref;
            }
            ties(watcher).monitors.put(ref.id(), new RemoteTies.Watch(ref, target));
        }
        target.node().transport().monitor(watcher, target, ref.id());
        return ref;
    }

    /**
     * Records a monitor whose far side the remote node has already set up (a remote {@code spawn_monitor}, whose child
     * is monitored before it runs); false if the watcher is gone.
     */
    public static boolean adoptMonitor(ProcessImpl watcher, MonitorRef ref, RemotePid target) {
        if (watcher == null) {
            return false;
        }
        synchronized (watcher) {
            if (watcher.exitReason != null) {
                return false;
            }
            ties(watcher).monitors.put(ref.id(), new RemoteTies.Watch(ref, target));
            return true;
        }
    }

    /** Removes a remote monitor; false if this process held no such monitor. */
    static boolean demonitor(ProcessImpl watcher, MonitorRef ref) {
        RemoteTies.Watch w;
        synchronized (watcher) {
            w = watcher.remote == null ? null : watcher.remote.monitors.remove(ref.id());
        }
        if (w == null || w.ref() != ref) {
            return false;
        }
        w.target().node().transport().demonitor(watcher, w.target(), ref.id());
        return true;
    }

    public static void exit(ProcessImpl self, RemotePid to, ExitReason reason) {
        if (self != null && self.suppressesEffects()) {
            return;
        }
        to.node().transport().exit(sender(self, to), to, reason, false);
    }

    /** A local process died: its remote links get the exit signal, its remote watchers their Down. */
    static void died(ProcessImpl dead, ExitReason reason, RemoteTies ties) {
        for (RemotePid linked : ties.links) {
            linked.node().transport().exit(dead, linked, reason, true);
        }
        for (RemoteTies.Watcher w : ties.monitoredBy) {
            w.watcher().node().transport().down(dead, w.watcher(), w.ref(), reason);
        }
        for (RemoteTies.Watch w : ties.monitors.values()) {
            w.target().node().transport().demonitor(dead, w.target(), w.ref().id());
        }
    }

    private static RemoteTies ties(ProcessImpl p) {
        RemoteTies t = p.remote;
        if (t == null) {
            p.remote = t = new RemoteTies();
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Inbound

    public static void deliver(ProcessImpl target, byte kind, Object message) {
        if (target == null) {
            return;
        }
        if (message instanceof io.loomotp.runtime.remote.AliasMessage sent) {
            Aliases.deliver(target, sent.ref(), sent.message()); // to an alias: only while it is active here
            return;
        }
        try {
            target.deliver(new Envelope(kind, message));
        } catch (MailboxFullException counted) {
            // REJECT counted and reports it; a remote sender is not told, as a local send to a dead pid is not
        }
    }

    public static void inboundCall(ProcessImpl callee, RemotePid caller, byte kind, Object request, ReplySink sink) {
        if (callee == null || !callee.isAlive()) {
            sink.fail(ExitReason.NOPROC, null);
            return;
        }
        CallEnvelope call = new CallEnvelope(kind, request, caller, callee, sink);
        try {
            callee.deliver(call);
        } catch (MailboxFullException failed) {
            return; // deliver failed the call, which told the sink
        }
        if (callee.isExiting()) {
            call.fail(new ProcessExitException(callee, callee.exitReason()));
        }
    }

    public static boolean inboundLink(ProcessImpl target, RemotePid from) {
        if (target == null) {
            return false;
        }
        synchronized (target) {
            if (target.exitReason != null) {
                return false;
            }
            ties(target).links.add(from);
            return true;
        }
    }

    public static void inboundUnlink(ProcessImpl target, RemotePid from) {
        if (target == null) {
            return;
        }
        synchronized (target) {
            if (target.remote != null) {
                target.remote.links.remove(from);
            }
        }
    }

    public static void inboundExit(ProcessImpl target, RemotePid from, ExitReason reason, boolean linked) {
        if (target == null) {
            return;
        }
        if (linked) {
            synchronized (target) {
                if (target.remote == null || !target.remote.links.remove(from)) {
                    return; // unlinked meanwhile: the signal has no effect
                }
            }
        }
        Signals.signal(target, from, reason, linked);
    }

    public static boolean inboundMonitor(ProcessImpl target, RemotePid watcher, long ref) {
        if (target == null) {
            return false;
        }
        synchronized (target) {
            if (target.exitReason != null) {
                return false;
            }
            ties(target).monitoredBy.add(new RemoteTies.Watcher(watcher, ref));
            return true;
        }
    }

    public static void inboundDemonitor(ProcessImpl target, RemotePid watcher, long ref) {
        if (target == null) {
            return;
        }
        synchronized (target) {
            if (target.remote != null) {
                target.remote.monitoredBy.remove(new RemoteTies.Watcher(watcher, ref));
            }
        }
    }

    public static void inboundDown(ProcessImpl watcher, long ref, RemotePid target, ExitReason reason) {
        if (watcher == null) {
            return;
        }
        synchronized (watcher) {
            RemoteTies.Watch w = watcher.remote == null ? null : watcher.remote.monitors.get(ref);
            if (w != null && w.target().equals(target)) {
                watcher.remote.monitors.remove(ref);
                Aliases.monitorEnded(watcher, w.ref());
                watcher.deliverSignal(new Down(w.ref(), target, reason, w.ref().name()));
            }
        }
    }

    public static void nodeDown(NodeRuntime runtime, RemoteNode node) {
        for (ProcessImpl p : runtime.processes()) {
            List<RemotePid> links = null;
            List<RemoteTies.Watch> watches = null;
            synchronized (p) {
                RemoteTies t = p.remote;
                if (t == null || t.isEmpty()) {
                    continue;
                }
                links = new ArrayList<>(2);
                watches = new ArrayList<>(2);
                t.removeNode(node, links, watches);
                for (RemoteTies.Watch w : watches) {
                    Aliases.monitorEnded(p, w.ref());
                    p.deliverSignal(new Down(w.ref(), w.target(), ExitReason.NOCONNECTION, w.ref().name()));
                }
            }
            for (RemotePid linked : links) {
                Signals.signal(p, linked, ExitReason.NOCONNECTION, true);
            }
        }
    }
}
