package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.MultiCallResult;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.server.GenServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Names registered locally on other nodes, reached from this one: {@code rpc:call(Node, erlang, whereis, [Name])} and
 * {@code gen_server:multi_call/4} (whose calls go by name, as {@code Cluster.call}'s do).
 *
 * <p>A lookup is a call of the other node's rpc server ({@link RemoteFunctions#SERVER}) with a {@link Lookup}, which it
 * answers itself: one round trip, a call's outcomes (the node's loss ends the wait at once), no process spawned.
 */
public final class RemoteNames {
    /** A lookup of a locally registered name, asked of a node's rpc server; answered with the pid or null. */
    public record Lookup(String name) {}

    private final Node node;
    private final Endpoint endpoint;

    public RemoteNames(Node node, Endpoint endpoint) {
        this.node = node;
        this.endpoint = endpoint;
    }

    /**
     * The pid registered as {@code name} on {@code nodeName}, or null if nobody there holds it.
     *
     * @throws ClusterException if the node is not connected, is lost before it answers, or does not answer in time
     */
    public Pid whereis(String nodeName, String name, Duration timeout) {
        if (nodeName.equals(endpoint.nodeName())) {
            return node.whereis(name);
        }
        RemoteNode there = endpoint.connected(nodeName);
        if (there == null) {
            throw new ClusterException("cannot look up " + name + " on node " + nodeName + ": it is not connected "
                    + "(nodes() lists the nodes connected)");
        }
        try {
            return (Pid) LocalEnd.of(node).callNamed(there, RemoteFunctions.SERVER, new Lookup(name), timeout);
        } catch (ProcessExitException | NoProcessException e) {
            throw RemoteFunctions.serverGone(nodeName, "the lookup of " + name, e);
        } catch (CallTimeoutException e) {
            throw new ClusterException("node " + nodeName + " did not answer the lookup of " + name + " within "
                    + timeout.toMillis() + " ms", e);
        }
    }

    /**
     * {@code gen_server:multi_call(Nodes, Name, Request, Timeout)}: every node called at once, by name
     * ({@code CALL_NAMED}, one round trip each), within one timeout. Each call runs in a process of its own that gives
     * up at the deadline, so a late reply goes nowhere.
     */
    public MultiCallResult multiCall(Collection<String> nodes, String name, Object request, Duration timeout) {
        return Asking.inProcess(node, timeout, () -> {
            Pid self = Process.self();
            long deadline = Asking.deadline(timeout);
            Map<Long, String> asked = new HashMap<>();
            for (String n : new LinkedHashSet<>(nodes)) {
                long tag = MonitorRef.make().id();
                asked.put(tag, n);
                Process.spawn(() -> {
                    Outcome o;
                    try {
                        o = new Outcome(tag, true, callOne(n, name, request, Asking.left(deadline)));
                    } catch (RuntimeException noReply) { // not connected, nobody there, ended, lost, too late
                        o = new Outcome(tag, false, null);
                    }
                    Process.send(self, o);
                });
            }
            Map<String, Object> replies = new TreeMap<>();
            TreeSet<String> bad = new TreeSet<>();
            while (!asked.isEmpty()) {
                Object m = Process.receive(x -> x instanceof Outcome o && asked.containsKey(o.tag()),
                        Asking.left(deadline));
                if (!(m instanceof Outcome o)) {
                    break;
                }
                String n = asked.remove(o.tag());
                if (o.replied()) {
                    replies.put(n, o.reply());
                } else {
                    bad.add(n);
                }
            }
            bad.addAll(asked.values());
            return new MultiCallResult(replies, List.copyOf(bad));
        });
    }

    /** One node's part of a multi-call, between processes of this node only (never serialized). */
    private record Outcome(long tag, boolean replied, Object reply) {}

    /** A call to {@code name} on {@code nodeName}: here, a local call; there, a call by name. */
    private Object callOne(String nodeName, String name, Object request, Duration timeout) {
        if (nodeName.equals(endpoint.nodeName())) {
            Pid pid = node.whereis(name);
            if (pid == null) {
                throw new ClusterException("nobody holds " + name);
            }
            return GenServer.call(pid, request, timeout);
        }
        RemoteNode there = endpoint.connected(nodeName);
        if (there == null) {
            throw new ClusterException("node " + nodeName + " is not connected");
        }
        return LocalEnd.of(node).callNamed(there, name, request, timeout);
    }
}
