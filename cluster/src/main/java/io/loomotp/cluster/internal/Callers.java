package io.loomotp.cluster.internal;

import io.loomotp.runtime.ReplyTo;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pending callers of this node that have crossed to other nodes: OTP's {@code From} is a term that any process on
 * any node may answer with {@code gen_server:reply/2}, so a {@code ReplyTo} written to the wire is exported here under
 * an id, and crosses as (this node, its creation, the id, the caller's pid). The node that reads it holds a
 * {@link RemoteCaller}, whose reply comes back to this node ({@link Op#CALLER_REPLY}) and is given to the pending call
 * here, which sends it on to its caller wherever that is. A caller that comes back to this node reads as the pending
 * call itself.
 *
 * <p>An entry lives until the reply through it arrives, or until the call has ended otherwise (answered here, timed
 * out, its caller dead): those are dropped whenever the table has doubled since the last sweep, so it holds at most
 * twice the pending callers exported, and never grows without bound.
 *
 * <p>Threading: any thread exports (a frame's writer) and takes (the receive thread); the maps are concurrent, and an
 * ended call never becomes pending again, so a sweep racing with an export removes nothing it should keep.
 */
final class Callers {
    private static final int FIRST_SWEEP = 64;

    private final ConcurrentHashMap<Long, ReplyTo<Object>> byId = new ConcurrentHashMap<>();
    /** The id each pending call was exported under: one id however often it crosses (a state read again and again). */
    private final ConcurrentHashMap<ReplyTo<Object>, Long> ids = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private volatile int sweepAt = FIRST_SWEEP;

    /** The id {@code caller}, a pending call of this node, crosses under. */
    long export(ReplyTo<Object> caller) {
        Long known = ids.get(caller);
        if (known != null) {
            return known;
        }
        long id = ids.computeIfAbsent(caller, c -> {
            long fresh = next.incrementAndGet();
            byId.put(fresh, c);
            return fresh;
        });
        if (byId.size() >= sweepAt) {
            sweep();
        }
        return id;
    }

    private synchronized void sweep() {
        byId.values().removeIf(c -> !c.isPending());
        ids.keySet().removeIf(c -> !c.isPending());
        sweepAt = Math.max(FIRST_SWEEP, byId.size() * 2);
    }

    /** The pending call exported as {@code id}, taken out: a reply through it counts once. Null if it is gone. */
    ReplyTo<Object> take(long id) {
        ReplyTo<Object> c = byId.remove(id);
        if (c != null) {
            ids.remove(c);
        }
        return c;
    }

    /** The pending call exported as {@code id}, come back to this node; null if it has been answered through it. */
    ReplyTo<Object> get(long id) {
        return byId.get(id);
    }

    /** The callers exported and not yet dropped. */
    int size() {
        return byId.size();
    }
}
