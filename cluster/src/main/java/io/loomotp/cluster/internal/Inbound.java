package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClassNotAllowedException;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.RemoteCrashException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.remote.PendingCall;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.remote.ReplySink;
import io.loomotp.runtime.remote.SysWire;
import io.loomotp.runtime.sys.StateFunctionException;
import org.jgroups.Address;

/**
 * What arrives from other nodes, frame by frame, turned into the runtime's injections ({@code LocalEnd}), on the
 * channel's delivery thread and in the order frames came from their node.
 *
 * <p>Only frames from nodes that are up are taken; the first frame of a connection is its {@link Op#HELLO}, handled by
 * the endpoint (docs/adr/0021-node-handshake.md).
 *
 * <p>A frame whose payload the allow-list refuses never reaches a process: it is logged here, and the sender is told
 * (a failed call for a call, a {@link Op#REFUSED} notice it logs for anything else). The header (op, pids, serials) is
 * read before the payload, so that a refusal can still be answered.
 */
final class Inbound {
    private final Endpoint end;

    Inbound(Endpoint end) {
        this.end = end;
    }

    /**
     * Handles one frame. On the receive thread ({@code mayWait} false) a message or call to a process whose mailbox
     * may block its senders is not delivered: the answer is false, and the caller hands this frame, and the frames
     * behind it from the same node, to a thread that may wait ({@link Backlog}).
     *
     * @param up true if the caller has just seen {@code src} up; if false it is looked up again
     * @return false if the frame was left for a thread that may wait
     */
    boolean receive(Address src, boolean up, byte[] bytes, int offset, int length, boolean mayWait) {
        try {
            return end.codec.read(bytes, offset, length, r -> dispatch(src, up, r, mayWait));
        } catch (RuntimeException e) {
            Endpoint.LOG.warn("frame from node {} dropped: {}", end.nameOf(src), e.toString());
            return true;
        }
    }

    private boolean dispatch(Address src, boolean up, Codec.Reader r, boolean mayWait) {
        byte op = r.op();
        if (op == Op.HELLO) {
            long view = r.serial();
            byte kind = r.in().readByte(); // Membership.FIRST, ANSWER, AGAIN or RETIRED
            return end.hello(src, view, kind, r.string(), mayWait);
        }
        if (!up && !end.connected(src)) {
            // before its hello (a frame of a connection this node has already seen lost): as if never sent
            Endpoint.LOG.debug("frame {} from {}, which is not up here, dropped", op, end.nameOf(src));
            return true;
        }
        switch (op) {
            case Op.SEND -> {
                Pid to = end.local.process(r.serial()); // null if it is gone: the message is read, then dropped
                if (!mayWait && end.local.mayBlock(to)) {
                    return false;
                }
                Pid from = r.pid();
                byte kind = r.in().readByte();
                Object message = payload(src, r, from);
                if (message != null) {
                    end.local.deliver(to, kind, message);
                }
            }
            case Op.SEND_NAMED, Op.CAST_NAMED -> {
                String name = r.string();
                if (!mayWait && end.local.mayBlockNamed(name)) {
                    return false;
                }
                Pid from = r.pid();
                Object message = payload(src, r, from);
                if (message != null) {
                    end.local.deliverNamed(name, op == Op.CAST_NAMED ? io.loomotp.runtime.remote.LocalEnd.CAST
                            : io.loomotp.runtime.remote.LocalEnd.MESSAGE, message);
                }
            }
            case Op.CALL -> {
                long id = r.serial();
                long serial = r.serial();
                Pid to = end.local.process(serial);
                if (!mayWait && end.local.mayBlock(to)) {
                    return false;
                }
                RemotePid caller = remote(r.pid());
                byte kind = r.in().readByte();
                Object request;
                ReplySink sink = new Sink(src, id);
                try {
                    if (kind == SysWire.SYSTEM) {
                        RemoteSys.Incoming in = end.sys.read(r, src, caller, serial, sink);
                        request = in.request();
                        sink = in.sink();
                    } else {
                        request = r.object();
                    }
                } catch (ClusterException | IllegalArgumentException refused) {
                    refuseCall(src, id, caller, refused);
                    return true;
                }
                end.local.call(caller, to, kind, request, sink);
            }
            case Op.CALL_NAMED -> {
                long id = r.serial();
                Pid to = end.local.whereis(r.string()); // null if nobody holds the name: answered noproc
                if (!mayWait && end.local.mayBlock(to)) {
                    return false;
                }
                RemotePid caller = remote(r.pid());
                byte kind = r.in().readByte();
                Object request;
                try {
                    request = r.object();
                } catch (ClusterException | IllegalArgumentException refused) {
                    refuseCall(src, id, caller, refused);
                    return true;
                }
                end.local.call(caller, to, kind, request, new Sink(src, id, to));
            }
            case Op.REPLY -> {
                PendingCall call = end.out.takeCall(r.serial());
                Object value;
                try {
                    value = r.object();
                } catch (ClusterException refused) {
                    if (call != null) {
                        call.fail(refused);
                    }
                    return true;
                }
                if (call != null) {
                    call.reply(value);
                }
            }
            case Op.CALL_FAILED -> {
                PendingCall call = end.out.takeCall(r.serial());
                byte code = r.in().readByte();
                if (call == null) {
                    return true;
                }
                switch (code) {
                    case Op.NOPROC -> call.fail(call.name() == null ? new NoProcessException(call.callee(), call.what())
                            : new NoProcessException(call.name() + " on node " + call.callee().node().name(),
                                    call.what()));
                    case Op.EXITED -> {
                        ExitReason reason = (ExitReason) r.object();
                        call.fail(new ProcessExitException(call.name() == null ? call.callee() : r.pid(), reason));
                    }
                    case Op.STATE_FUNCTION -> call.fail(new StateFunctionException(call.callee(),
                            new RemoteCrashException(r.string(), r.string())));
                    case Op.NOT_ALLOWED -> call.fail(new ClassNotAllowedException(r.string(), false,
                            "the reply of " + callee(call) + ", refused by its node " + end.nameOf(src)
                                    + " before it was sent"));
                    default -> call.fail(new ClusterException("call to " + callee(call) + " failed on node "
                            + end.nameOf(src) + ": " + r.string()));
                }
            }
            case Op.CALLER_REPLY -> {
                ReplyTo<Object> caller = end.callers.take(r.serial());
                Object value;
                try {
                    value = r.object();
                } catch (ClusterException refused) { // the replier's node allowed it, this one does not
                    payloadRefused(src, "reply to " + (caller == null ? "a call" : caller), refused);
                    return true;
                }
                if (caller != null) {
                    caller.reply(value); // dropped if the call has ended here meanwhile
                }
            }
            case Op.DISCONNECT -> end.disconnected(src);
            case Op.LINK -> {
                RemotePid from = remote(r.pid());
                long to = r.serial();
                if (!end.local.link(from, to)) {
                    end.transmit(src, end.frame(w -> {
                        w.op(Op.EXIT);
                        w.pid(end.deadLocal(to));
                        w.serial(from.serial());
                        w.object(ExitReason.NOPROC);
                        w.out().writeBoolean(true);
                    }, null));
                }
            }
            case Op.UNLINK -> end.local.unlink(remote(r.pid()), r.serial());
            case Op.EXIT -> {
                RemotePid from = remote(r.pid());
                long to = r.serial();
                ExitReason reason = (ExitReason) r.object();
                end.local.exit(from, to, reason, r.in().readBoolean());
            }
            case Op.MONITOR -> {
                RemotePid watcher = remote(r.pid());
                long ref = r.serial();
                long target = r.serial();
                if (!end.local.monitor(watcher, ref, target)) {
                    end.transmit(src, end.out.downFrame(end.deadLocal(target), watcher.serial(), ref, ExitReason.NOPROC));
                }
            }
            case Op.DEMONITOR -> {
                RemotePid watcher = remote(r.pid());
                long ref = r.serial();
                end.local.demonitor(watcher, ref, r.serial());
            }
            case Op.DOWN -> {
                RemotePid target = remote(r.pid());
                long watcher = r.serial();
                long ref = r.serial();
                end.local.down(watcher, ref, target, (ExitReason) r.object());
            }
            case Op.TRACE_LINE -> end.sys.line(r.serial(), r.string());
            case Op.TRACE_END -> end.sys.ended(r.serial());
            case Op.SPAWN -> end.spawns.asked(src, r);
            case Op.SPAWN_REPLY -> end.spawns.replied(r);
            case Op.REFUSED -> Endpoint.LOG.warn("node {} refused a message from this node: {}", end.nameOf(src),
                    r.string());
            default -> throw new ClusterException("unknown frame type " + op);
        }
        return true;
    }

    /** The payload of a message, or null if the allow-list refused it (logged here, and the sender told). */
    private Object payload(Address src, Codec.Reader r, Pid from) {
        try {
            return r.object();
        } catch (ClusterException refused) {
            payloadRefused(src, "message from " + from, refused);
            return null;
        }
    }

    /** A payload the allow-list refused: logged here, and the sending node told, which logs it. */
    private void payloadRefused(Address src, String what, ClusterException refused) {
        String text = refused.getMessage() + "; " + what + " to node " + end.nodeName() + " dropped";
        Endpoint.LOG.warn("{} on node {} dropped: {}", what, end.nameOf(src), refused.getMessage());
        end.transmit(src, end.frame(w -> {
            w.op(Op.REFUSED);
            w.string(text);
        }, null));
    }

    private static RemotePid remote(Pid p) {
        if (p instanceof RemotePid r) {
            return r;
        }
        throw new ClusterException("a frame named local process " + p + " as its remote sender");
    }

    /** A call whose request this node cannot read (a class off its allow-list): logged, and failed for its caller. */
    private void refuseCall(Address src, long id, RemotePid caller, RuntimeException refused) {
        Endpoint.LOG.warn("call from {} on node {} refused: {}", caller, end.nameOf(src), refused.getMessage());
        new Sink(src, id).error(refused.getMessage() + " (on node " + end.nodeName() + ")");
    }

    /** Sends a local callee's outcome back to its remote caller. */
    private final class Sink implements ReplySink {
        private final Address to;
        private final long id;
        /** For a call by name, the process that held it: the caller learns it only if that process exits. */
        private final Pid named;

        Sink(Address to, long id) {
            this(to, id, null);
        }

        Sink(Address to, long id, Pid named) {
            this.to = to;
            this.id = id;
            this.named = named;
        }

        @Override
        public void reply(Object value) {
            byte[] f;
            try {
                f = end.frame(w -> {
                    w.op(Op.REPLY);
                    w.serial(id);
                    w.object(value);
                }, value);
            } catch (ClusterException e) {
                Endpoint.LOG.warn("reply to a call from node {} not sent: {}", end.nameOf(to), e.getMessage());
                if (e instanceof ClassNotAllowedException refused) {
                    end.transmit(to, end.frame(w -> { // the caller gets the same exception, naming the class
                        w.op(Op.CALL_FAILED);
                        w.serial(id);
                        w.out().writeByte(Op.NOT_ALLOWED);
                        w.string(refused.className());
                    }, null));
                } else {
                    error("the reply could not be sent: " + e.getMessage());
                }
                return;
            }
            end.transmit(to, f);
        }

        @Override
        public void fail(ExitReason reason, RuntimeException failure) {
            if (reason == ExitReason.NOPROC && failure == null) {
                end.transmit(to, end.frame(w -> {
                    w.op(Op.CALL_FAILED);
                    w.serial(id);
                    w.out().writeByte(Op.NOPROC);
                }, null));
            } else if (failure instanceof StateFunctionException e && e.getCause() != null) {
                Throwable cause = e.getCause();
                end.transmit(to, end.frame(w -> {
                    w.op(Op.CALL_FAILED);
                    w.serial(id);
                    w.out().writeByte(Op.STATE_FUNCTION);
                    w.string(cause instanceof RemoteCrashException rc ? rc.className() : cause.getClass().getName());
                    w.string(cause.getMessage());
                }, null));
            } else if (reason != null) {
                end.transmit(to, end.frame(w -> {
                    w.op(Op.CALL_FAILED);
                    w.serial(id);
                    w.out().writeByte(Op.EXITED);
                    w.object(reason);
                    if (named != null) {
                        w.pid(named);
                    }
                }, reason));
            } else {
                error(String.valueOf(failure));
            }
        }

        void error(String text) {
            end.transmit(to, end.frame(w -> {
                w.op(Op.CALL_FAILED);
                w.serial(id);
                w.out().writeByte(Op.ERROR);
                w.string(text);
            }, null));
        }
    }

    /** Who a call went to, as its caller named it: the pid, or {@code {Name, Node}} for a call by registered name. */
    private static String callee(PendingCall call) {
        return call.name() == null ? call.callee().toString()
                : new io.loomotp.runtime.RegisteredName(call.name(), call.callee().node().name()).toString();
    }
}
