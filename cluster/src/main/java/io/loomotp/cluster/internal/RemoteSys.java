package io.loomotp.cluster.internal;

import io.loomotp.cluster.NodeDown;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.remote.ReplySink;
import io.loomotp.runtime.remote.SysWire;
import io.loomotp.runtime.sys.TraceSink;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jgroups.Address;

/**
 * The sys protocol across nodes: system messages written as {@link SysWire} parts, and the trace lines of a remote
 * process streamed back to the node that asked for them (docs/distribution.md, "sys on a remote pid").
 *
 * <p>What it owns, on the <em>asking</em> node: the relays, by number, from a remote trace (or log print) to the sink
 * it was asked for; a relay ends when the traced node says so ({@link Op#TRACE_END}) or is lost. On the <em>traced</em>
 * node: a {@link LineSink} per remote trace, which sends each line back as an {@link Op#TRACE_LINE} frame, and a guard
 * process per (asker, traced process) that monitors both: when the asker goes away (its process dies, or its node is
 * lost) the trace is switched off, if it is still the asker's; when the traced process dies, the relay is ended.
 *
 * <p>Order: a traced process sends its lines and then its reply from its own thread on the one FIFO channel to the
 * asker's node, so every line of the messages before a {@code trace(off)} arrives before that call returns, as locally.
 *
 * <p>Threading: writes on the caller's thread, reads on the channel's delivery thread, sinks on the traced process's
 * thread, guards on their own processes; the maps are concurrent.
 */
final class RemoteSys {
    /** How long a guard waits for a traced process to switch off the trace of an asker that went away. */
    private static final Duration OFF_TIMEOUT = Duration.ofSeconds(5);
    /** Tells a guard that its trace was switched off or replaced by its own asker: end without touching the trace. */
    private static final Object ENDED = new Object();

    private record Relay(TraceSink sink, long creation) {}

    private record GuardKey(RemotePid asker, long target) {}

    private record Guard(Pid pid, LineSink sink) {}

    private final Endpoint end;
    private final AtomicLong relayIds = new AtomicLong();
    private final ConcurrentHashMap<Long, Relay> relays = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<GuardKey, Guard> guards = new ConcurrentHashMap<>();

    RemoteSys(Endpoint end) {
        this.end = end;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The asking node

    /**
     * Writes a system message to a process of {@code to}'s node: a sink becomes a relay number, a function crosses as
     * a message does.
     *
     * @throws IllegalArgumentException if a function is a lambda, which cannot cross
     */
    void write(Codec.Writer w, RemotePid to, Object request) {
        SysWire.Parts p = SysWire.parts(request);
        w.out().writeByte(p.tag());
        w.out().writeVarLong(p.number(), true);
        w.out().writeString(p.text());
        if (SysWire.carriesSink(p.tag(), p.number())) {
            long id = relayIds.incrementAndGet();
            relays.put(id, new Relay((TraceSink) p.value(), to.node().creation()));
            w.serial(id);
        } else {
            Object v = p.value();
            if (v != null && (v.getClass().isHidden() || v.getClass().isSynthetic())) {
                throw new IllegalArgumentException("the function given to sys on " + to + " (node "
                        + to.node().name() + ") is a lambda, which cannot cross to another node: pass an instance of a "
                        + "record implementing the function, allowed on both nodes (ClusterConfig.allow), as Erlang "
                        + "ships a fun whose module both nodes have loaded");
            }
            w.object(v);
        }
    }

    /** A line of a remote trace, for its relay; dropped if the relay has ended. */
    void line(long relay, String line) {
        Relay r = relays.get(relay);
        if (r == null) {
            return;
        }
        try {
            r.sink().line(line);
        } catch (RuntimeException e) {
            relays.remove(relay, r);
            Endpoint.LOG.warn("trace sink of a remote trace failed; its lines are dropped from now on: {}",
                    e.toString());
        }
    }

    /** The traced node ended a relay: its trace was switched off or replaced, or the traced process died. */
    void ended(long relay) {
        Relay r = relays.remove(relay);
        if (r != null) {
            detached(r, "ended on its node (switched off or replaced there, or its process ended)");
        }
    }

    private static void detached(Relay r, String why) {
        try {
            r.sink().detached(why);
        } catch (RuntimeException e) {
            Endpoint.LOG.warn("trace sink of a remote trace failed when told it {}: {}", why, e.toString());
        }
    }

    /** A node was lost (or a call to it could not be sent): its relays end. */
    void nodeLost(RemoteNode node) {
        relays.values().removeIf(r -> {
            if (r.creation() != node.creation()) {
                return false;
            }
            detached(r, "ended: node " + node.name() + " was lost");
            return true;
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The traced node

    /** A system message read from the wire, and where its outcome goes (the reply, wrapped for the relays). */
    record Incoming(Object request, ReplySink sink) {}

    Incoming read(Codec.Reader r, Address src, RemotePid asker, long target, ReplySink reply) {
        byte tag = r.in().readByte();
        long number = r.in().readVarLong(true);
        String text = r.in().readString();
        if (!SysWire.carriesSink(tag, number)) {
            Object value = r.object();
            Object request = SysWire.request(new SysWire.Parts(tag, number, text, value));
            if (tag == SysWire.TRACE) { // off: the asker's own guard ends before the answer goes
                Runnable off = () -> endGuard(new GuardKey(asker, target));
                return new Incoming(request, new Then(reply, off, off));
            }
            return new Incoming(request, reply);
        }
        LineSink sink = new LineSink(src, r.serial());
        Object request = SysWire.request(new SysWire.Parts(tag, number, text, sink));
        if (tag == SysWire.LOG_PRINT) { // the printed lines, then the end of the relay, then the answer
            return new Incoming(request, new Then(reply, sink::end, sink::end));
        }
        GuardKey key = new GuardKey(asker, target);
        return new Incoming(request, new Then(reply, () -> startGuard(key, sink), sink::end));
    }

    /** Runs on the traced process's thread, after it switched to the new sink and before its answer is sent. */
    private void startGuard(GuardKey key, LineSink sink) {
        Pid target = end.local.process(key.target());
        if (target == null) {
            sink.end();
            return;
        }
        Pid guard = end.node.spawn(() -> guard(key, target, sink));
        Guard old = guards.put(key, new Guard(guard, sink));
        if (old != null) {
            old.sink().end();
            end.node.send(old.pid(), ENDED);
        }
    }

    private void endGuard(GuardKey key) {
        Guard old = guards.remove(key);
        if (old != null) {
            old.sink().end();
            end.node.send(old.pid(), ENDED);
        }
    }

    /** A guard's body: waits for its asker or its traced process to go, or for its trace to end otherwise. */
    private void guard(GuardKey key, Pid target, LineSink sink) {
        Process.monitor(target);
        RemotePid asker = key.asker();
        boolean byNode = asker.serial() == 0; // a node's system pid (a thread that is no process) lives as its node
        if (byNode) {
            end.monitorNode(asker.node().name(), Process.self());
        } else {
            Process.monitor(asker);
        }
        try {
            watch(key, target, sink, asker);
        } finally {
            if (byNode) {
                end.demonitorNode(asker.node().name(), Process.self());
            }
        }
    }

    private void watch(GuardKey key, Pid target, LineSink sink, RemotePid asker) {
        for (;;) {
            Object m = Process.receive();
            if (m == ENDED) {
                return;
            }
            boolean askerGone = m instanceof NodeDown nd && nd.node().equals(asker.node().name())
                    || m instanceof Down d && d.pid().equals(asker);
            boolean targetGone = m instanceof Down d && d.pid().equals(target);
            if (askerGone || targetGone) {
                guards.remove(key, new Guard(Process.self(), sink));
                if (askerGone) {
                    try {
                        SysWire.traceOffIf(target, sink, OFF_TIMEOUT);
                    } catch (RuntimeException e) {
                        Endpoint.LOG.debug("trace of {} not switched off after its asker {} went: {}", target, asker,
                                e.toString());
                    }
                }
                sink.end();
                return;
            }
        }
    }

    /** A sink on the traced node that sends each line to the asking node, until it is ended. */
    private final class LineSink implements TraceSink {
        private final Address to;
        private final long relay;
        private final AtomicBoolean ended = new AtomicBoolean();

        LineSink(Address to, long relay) {
            this.to = to;
            this.relay = relay;
        }

        @Override
        public void line(String line) {
            if (ended.get()) {
                return;
            }
            end.transmit(to, end.frame(w -> {
                w.op(Op.TRACE_LINE);
                w.serial(relay);
                w.string(line);
            }, null));
        }

        /** Tells the asking node the relay is over, once. */
        void end() {
            if (ended.compareAndSet(false, true)) {
                end.transmit(to, end.frame(w -> {
                    w.op(Op.TRACE_END);
                    w.serial(relay);
                }, null));
            }
        }
    }

    /** A reply sink that runs an action before it passes the outcome on, so that the action's frames go first. */
    private record Then(ReplySink next, Runnable beforeReply, Runnable beforeFailure) implements ReplySink {
        @Override
        public void reply(Object value) {
            beforeReply.run();
            next.reply(value);
        }

        @Override
        public void fail(ExitReason reason, RuntimeException failure) {
            beforeFailure.run();
            next.fail(reason, failure);
        }
    }
}
