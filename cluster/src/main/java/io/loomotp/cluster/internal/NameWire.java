package io.loomotp.cluster.internal;

import io.loomotp.runtime.Pid;
import java.util.List;

/**
 * The messages the global name servers of two nodes exchange ({@link NameServer}): ordinary cluster messages between
 * two registered processes, so they travel on the ordered channel between the two nodes, as global's own messages
 * travel between {@code global_name_server}s in OTP.
 */
public sealed interface NameWire {
    /** One name a node's process holds. */
    record Reg(String name, Pid pid) {}

    /** All the names the processes of {@code from} hold now; {@code answer}: send yours back. */
    record Sync(String from, List<Reg> regs, boolean answer) implements NameWire {}

    /** {@code from}'s process now holds a name. */
    record Add(String from, Reg reg) implements NameWire {}

    /** {@code from}'s process no longer holds a name. */
    record Remove(String from, Reg reg) implements NameWire {}

    /**
     * To the serializing node: may {@code from} register this name? Answered by {@link Granted} or {@link Denied}. A
     * {@code force} claim ({@code global:re_register_name}) is always granted: the name moves to {@code reg}'s pid.
     */
    record Claim(String from, long id, Reg reg, boolean force) implements NameWire {}

    record Granted(long id) implements NameWire {}

    /** The name is held (or being registered) by {@code holder}. */
    record Denied(long id, Pid holder) implements NameWire {}

    /**
     * To the owner of a registration that lost a clash, or that another node unregistered: drop it. With an {@code id}
     * (not 0), the owner answers {@code from} with {@link Dropped} once every node it sees has heard of the drop.
     */
    record Drop(String from, long id, Reg reg) implements NameWire {
        Drop(Reg reg) {
            this(null, 0, reg);
        }
    }

    /** The answer to a {@link Drop} with an id: the name is gone on every node the owner sees. */
    record Dropped(long id) implements NameWire {}

    /**
     * To a node's name server: set the lock on {@code resource} for {@code requester}, held by {@code pid}
     * ({@code global:set_lock}). Answered by {@link LockAnswer}.
     */
    record SetLock(String from, long id, String resource, Object requester, Pid pid) implements NameWire {}

    /** To a node's name server: {@code pid} releases its hold on the lock; answered unless {@code id} is 0. */
    record DelLock(String from, long id, String resource, Object requester, Pid pid) implements NameWire {}

    /** Whether {@code from} set the lock of request {@code id} (a release is always answered true). */
    record LockAnswer(String from, long id, boolean ok) implements NameWire {}

    /**
     * {@code global:sync}: answer with {@link BarrierDone} once you see {@code from} up. Everything you sent
     * {@code from} before the answer reaches it first, on the ordered channel.
     */
    record Barrier(String from, long id) implements NameWire {}

    record BarrierDone(String from, long id) implements NameWire {}

    /** The classes to allow on the wire. */
    static Class<?>[] classes() {
        return new Class<?>[] {NameWire.class, Reg.class};
    }
}
