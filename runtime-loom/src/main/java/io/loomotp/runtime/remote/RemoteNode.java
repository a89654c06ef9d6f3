package io.loomotp.runtime.remote;

import io.loomotp.runtime.internal.NodeRuntime;
import java.util.Objects;

/**
 * One incarnation of another node, as one local node sees it: its name, its creation (a number drawn when that node
 * started, as Erlang's {@code creation}), the local node it is seen from, and the transport that reaches it.
 *
 * <p>Two incarnations of a node (the same name, restarted) are two different {@code RemoteNode}s, so that a pid of
 * the earlier one never names a process of the later one. Equal by name and creation. Each has a small local alias
 * number, drawn from the same counter as local node ids, that is the first number of its pids' printed form
 * ({@code <7.42>}), as Erlang prints a remote pid's node as a local index.
 */
public final class RemoteNode {
    private final String name;
    private final long creation;
    private final int alias;
    private final LocalEnd local;
    private final Transport transport;

    public RemoteNode(String name, long creation, LocalEnd local, Transport transport) {
        this.name = Objects.requireNonNull(name, "name");
        this.creation = creation;
        this.local = Objects.requireNonNull(local, "local");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.alias = NodeRuntime.newNodeId();
    }

    /** The node's name, as it joined the cluster. */
    public String name() {
        return name;
    }

    /** The node's incarnation. */
    public long creation() {
        return creation;
    }

    /** The local alias of this incarnation: the first number of its pids as printed here. */
    public int alias() {
        return alias;
    }

    /** The local node this remote node is seen from. */
    public LocalEnd local() {
        return local;
    }

    /** What carries signals to this node. */
    public Transport transport() {
        return transport;
    }

    /** The pid of a process of this node. */
    public RemotePid pid(long serial) {
        return new RemotePid(this, serial);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteNode n && n.creation == creation && n.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Long.hashCode(creation);
    }

    @Override
    public String toString() {
        return name + "#" + Long.toHexString(creation);
    }
}
