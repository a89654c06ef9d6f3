package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pending caller ({@code ReplyTo}, {@code From}) whose call waits on another node, its owner: what a
 * {@code ReplyTo} reads as on any node but its own (see {@link Callers}). A reply goes to the owner as one frame, in
 * order with this node's other frames to it; the owner answers the call with it if it is still pending there.
 *
 * <p>What this side cannot know without asking: whether the caller still waits. {@link #reply} says true when the
 * reply was sent (as OTP's {@code gen_server:reply/2}, which returns {@code ok} whatever became of the caller), false
 * if this copy has replied before or the owner node is not connected; {@link #isPending} is true until then. Two
 * copies of one caller (sent to two processes) may each send a reply: the owner gives the caller the first, and
 * drops the other.
 */
final class RemoteCaller implements From {
    private final Endpoint end;
    private final String owner;
    private final long creation;
    private final long id;
    private final Pid caller;
    private final AtomicBoolean replied;

    RemoteCaller(Endpoint end, String owner, long creation, long id, Pid caller, boolean replied) {
        this.end = end;
        this.owner = owner;
        this.creation = creation;
        this.id = id;
        this.caller = caller;
        this.replied = new AtomicBoolean(replied);
    }

    String owner() {
        return owner;
    }

    long creation() {
        return creation;
    }

    long id() {
        return id;
    }

    @Override
    public Pid pid() {
        return caller;
    }

    /**
     * Sends the reply to the owner node.
     *
     * @throws io.loomotp.cluster.ClassNotAllowedException if the value's class may not cross (nothing is sent, and
     *     the caller may still be answered)
     * @throws io.loomotp.cluster.MessageTooLargeException likewise, if the value is larger than the limit
     */
    @Override
    public boolean reply(Object value) {
        if (!replied.compareAndSet(false, true)) {
            return false;
        }
        byte[] frame;
        try {
            frame = end.frame(w -> {
                w.op(Op.CALLER_REPLY);
                w.serial(id);
                w.object(value);
            }, value);
        } catch (ClusterException e) {
            replied.set(false);
            throw e;
        }
        return end.transmitToIncarnation(creation, frame);
    }

    @Override
    public boolean isPending() {
        return !replied.get() && end.isUp(creation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteCaller c && c.creation == creation && c.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(creation * 31 + id);
    }

    @Override
    public String toString() {
        return "caller " + caller + " (its call pending on node " + owner + ")";
    }
}
