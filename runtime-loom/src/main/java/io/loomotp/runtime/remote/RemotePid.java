package io.loomotp.runtime.remote;

import io.loomotp.runtime.Pid;

/**
 * The pid of a process on another node (or of a dead process of an earlier incarnation of this one): the node's
 * incarnation and the process's serial there. Made only by the cluster layer when it decodes a pid.
 *
 * <p>Unlike a local pid, which is the process itself and equal only to itself, a remote pid is a value: two decodings
 * of the same pid are equal, whatever local node decoded them. It prints as {@code <alias.serial>}, where the alias is
 * the local number of the remote node's incarnation ({@link RemoteNode#alias()}).
 */
public final class RemotePid implements Pid {
    private final RemoteNode node;
    private final long serial;

    RemotePid(RemoteNode node, long serial) {
        this.node = node;
        this.serial = serial;
    }

    /** The node incarnation the process lives on. */
    public RemoteNode node() {
        return node;
    }

    @Override
    public int nodeId() {
        return node.alias();
    }

    @Override
    public long serial() {
        return serial;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemotePid r && r.serial == serial && r.node.equals(node);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(serial * 0x9E3779B97F4A7C15L) ^ node.hashCode();
    }

    @Override
    public String toString() {
        return "<" + node.alias() + "." + serial + ">";
    }
}
