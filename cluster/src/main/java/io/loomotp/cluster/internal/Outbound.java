package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.remote.PendingCall;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.remote.SysWire;
import io.loomotp.runtime.remote.Transport;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime's outbound operations on remote pids ({@link Transport}): each becomes a frame to the member its pid's
 * node is routed to, through {@link Endpoint#transmit}. It also keeps the calls in flight, by id, until their reply
 * comes ({@link Inbound}) or their node is lost ({@link #nodeLost}).
 *
 * <p>The loss protocol it shares with {@link Endpoint}: an operation that needs an answer if its node goes (a call,
 * a link, a monitor) is recorded first, then checks the route again; the endpoint takes a lost member out of its up set
 * first, then fails what is recorded. So an operation that races with the loss is answered once, by one side or the
 * other.
 */
final class Outbound implements Transport {
    private final Endpoint end;
    private final ConcurrentHashMap<Long, PendingCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong();

    Outbound(Endpoint end) {
        this.end = end;
    }

    PendingCall takeCall(long id) {
        return calls.remove(id);
    }

    /** Fails the calls in flight to a node that is lost: {@code noconnection}. */
    void nodeLost(RemoteNode node) {
        for (PendingCall c : calls.values()) {
            if (c.callee().node().equals(node)) {
                c.failNoConnection();
            }
        }
    }

    @Override
    public void send(Pid from, RemotePid to, byte kind, Object message) {
        byte[] f = end.frame(w -> {
            w.op(Op.SEND);
            w.serial(to.serial());
            w.pid(from);
            w.out().writeByte(kind);
            w.object(message);
        }, message);
        Endpoint.Member m = end.route(to);
        if (m != null) {
            end.transmit(m, f);
        }
    }

    /**
     * {@code {Name, Node} ! Msg}, or with {@code cast} a cast to {@code {Name, Node}} ({@code gen_server:cast/2},
     * {@code abcast}); dropped if the node is not up or nobody there holds the name, as in Erlang.
     */
    public void sendNamed(Pid from, String nodeName, String name, Object message, boolean cast) {
        byte[] f = end.frame(w -> {
            w.op(cast ? Op.CAST_NAMED : Op.SEND_NAMED);
            w.string(name);
            w.pid(from);
            w.object(message);
        }, message);
        if (nodeName.equals(end.local.name())) {
            end.local.deliverNamed(name, cast ? LocalEnd.CAST : LocalEnd.MESSAGE, message);
            return;
        }
        Endpoint.Member m = end.upNamed(nodeName);
        if (m != null) {
            end.transmit(m, f);
        }
    }

    @Override
    public void call(Pid from, RemotePid to, byte kind, Object request, PendingCall call) {
        long id = callIds.incrementAndGet();
        call.id(id);
        byte[] f = end.frame(w -> {
            w.op(Op.CALL);
            w.serial(id);
            w.serial(to.serial());
            w.pid(from);
            w.out().writeByte(kind);
            if (kind == SysWire.SYSTEM) {
                end.sys.write(w, to, request);
            } else {
                w.object(request);
            }
        }, request);
        Endpoint.Member m = end.route(to);
        if (m == null) {
            end.sys.nodeLost(to.node());
            ExitReason why = end.unreachable(to.node());
            call.fail(why == ExitReason.NOPROC ? new NoProcessException(to, "call " + request)
                    : new ProcessExitException(to, why));
            return;
        }
        sendCall(call, f, m);
    }

    @Override
    public void callNamed(Pid from, byte kind, Object request, PendingCall call) {
        long id = callIds.incrementAndGet();
        call.id(id);
        byte[] f = end.frame(w -> {
            w.op(Op.CALL_NAMED);
            w.serial(id);
            w.string(call.name());
            w.pid(from);
            w.out().writeByte(kind);
            w.object(request);
        }, request);
        Endpoint.Member m = end.route(call.callee());
        if (m == null) {
            call.failNoConnection();
            return;
        }
        sendCall(call, f, m);
    }

    /**
     * Sends a call's frame to the member its callee's node was routed to. The call is registered first, so that the
     * node's loss fails it from then on; if the node was lost between the routing and the registration, it fails
     * here.
     */
    private void sendCall(PendingCall call, byte[] frame, Endpoint.Member m) {
        calls.put(call.id(), call);
        if (end.route(call.callee()) != m) {
            call.failNoConnection();
            return;
        }
        end.transmit(m, frame);
    }

    @Override
    public void callEnded(PendingCall call) {
        calls.remove(call.id(), call);
    }

    @Override
    public void link(Pid from, RemotePid to) {
        Endpoint.Member m = end.route(to);
        if (m == null) {
            end.local.exit(to, from.serial(), end.unreachable(to.node()), true);
            return;
        }
        end.transmit(m, end.frame(w -> {
            w.op(Op.LINK);
            w.pid(from);
            w.serial(to.serial());
        }, null));
        if (end.route(to) != m) {
            end.local.exit(to, from.serial(), ExitReason.NOCONNECTION, true);
        }
    }

    @Override
    public void unlink(Pid from, RemotePid to) {
        transmitIfUp(to, w -> {
            w.op(Op.UNLINK);
            w.pid(from);
            w.serial(to.serial());
        });
    }

    @Override
    public void exit(Pid from, RemotePid to, ExitReason reason, boolean linked) {
        Endpoint.Member m = end.route(to);
        if (m == null) {
            return;
        }
        try {
            end.transmit(m, end.frame(w -> {
                w.op(Op.EXIT);
                w.pid(from);
                w.serial(to.serial());
                w.object(reason);
                w.out().writeBoolean(linked);
            }, reason));
        } catch (ClusterException e) {
            Endpoint.LOG.error("exit signal {} from {} to {} not sent: {}", reason, from, to, e.getMessage());
        }
    }

    @Override
    public void monitor(Pid watcher, RemotePid target, long ref) {
        Endpoint.Member m = end.route(target);
        if (m == null) {
            end.local.down(watcher.serial(), ref, target, end.unreachable(target.node()));
            return;
        }
        end.transmit(m, end.frame(w -> {
            w.op(Op.MONITOR);
            w.pid(watcher);
            w.serial(ref);
            w.serial(target.serial());
        }, null));
        if (end.route(target) != m) {
            end.local.down(watcher.serial(), ref, target, ExitReason.NOCONNECTION);
        }
    }

    @Override
    public void demonitor(Pid watcher, RemotePid target, long ref) {
        transmitIfUp(target, w -> {
            w.op(Op.DEMONITOR);
            w.pid(watcher);
            w.serial(ref);
            w.serial(target.serial());
        });
    }

    /**
     * A frame with no payload to the node of {@code to}, built only if that node is up; nothing otherwise, as for an
     * undo (unlink, demonitor) whose node is gone: its loss has undone it already.
     */
    private void transmitIfUp(RemotePid to, java.util.function.Consumer<Codec.Writer> body) {
        Endpoint.Member m = end.route(to);
        if (m != null) {
            end.transmit(m, end.frame(body, null));
        }
    }

    @Override
    public void down(Pid target, RemotePid watcher, long ref, ExitReason reason) {
        Endpoint.Member m = end.route(watcher);
        if (m == null) {
            return;
        }
        try {
            end.transmit(m, downFrame(target, watcher.serial(), ref, reason));
        } catch (ClusterException e) {
            Endpoint.LOG.error("Down {} of {} to {} not sent: {}", reason, target, watcher, e.getMessage());
        }
    }

    byte[] downFrame(Pid target, long watcherSerial, long ref, ExitReason reason) {
        return end.frame(w -> {
            w.op(Op.DOWN);
            w.pid(target);
            w.serial(watcherSerial);
            w.serial(ref);
            w.object(reason);
        }, reason);
    }
}
