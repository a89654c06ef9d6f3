package io.loomotp.runtime.remote;

import io.loomotp.runtime.Pid;

/**
 * The pid of a process on another node (or of a dead process of an earlier incarnation of this one): the node's
 * incarnation and the process's serial there. Made only by the cluster layer when it decodes a pid.
 *
 * <p>A local pid is the process itself, a remote pid is a value: two decodings of the same pid are equal, whatever
 * local node decoded them. Where several nodes of one cluster share this JVM, a remote pid is also equal to the
 * process object it names (a test that hands that object to another node's code, {@code CrossNode}). It prints as
 * {@code <alias.serial>}, where the alias is the local number of the remote node's incarnation
 * ({@link RemoteNode#alias()}).
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
        if (o instanceof RemotePid r) {
            return r.serial == serial && r.node.equals(node);
        }
        return o instanceof io.loomotp.runtime.internal.ProcessImpl local && local.equals(this); // see CrossNode
    }

    /** By serial alone, as a local process's, so that this pid and the process object it names hash alike. */
    @Override
    public int hashCode() {
        return Long.hashCode(serial * 0x9E3779B97F4A7C15L);
    }

    @Override
    public String toString() {
        return "<" + node.alias() + "." + serial + ">";
    }
}
