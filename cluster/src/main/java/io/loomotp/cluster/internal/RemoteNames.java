package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.MultiCallResult;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessBody;
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
 * <p>A lookup is made as {@link RemoteCall} makes its calls: the asking side spawns, monitored, on each node asked a
 * process of the built-in spawnable {@value #SPAWNABLE}, which sends back {@code [tag]} (nobody holds the name) or
 * {@code [tag, pid]} and ends. No new wire operation; the monitor ends the wait at once if the node is lost. Every
 * operation runs in a short-lived process of its own ({@link Asking}).
 */
public final class RemoteNames {
    /** The spawnable of every node that answers another node's lookup. */
    public static final String SPAWNABLE = "loomotp.whereis";

    private final Node node;
    private final Endpoint endpoint;

    public RemoteNames(Node node, Endpoint endpoint) {
        this.node = node;
        this.endpoint = endpoint;
        endpoint.registerSpawnable(SPAWNABLE, this::body);
    }

    /** The body of the process that answers one lookup, on the node asked. */
    private ProcessBody body(Object argument) {
        if (!(argument instanceof List<?> a && a.size() == 3 && a.get(0) instanceof Pid asker
                && a.get(1) instanceof Long tag && a.get(2) instanceof String name)) {
            throw new IllegalArgumentException("a lookup is [asker, tag, name], not " + argument);
        }
        return () -> {
            Pid found = node.whereis(name);
            Process.send(asker, found == null ? List.of(tag) : List.of(tag, found));
        };
    }

    /**
     * The pid registered as {@code name} on {@code nodeName}, or null if nobody there holds it.
     *
     * @throws ClusterException if the node is not connected, is lost before it answers, or does not answer in time
     */
    public Pid whereis(String nodeName, String name, Duration timeout) {
        return Asking.inProcess(node, timeout, () -> {
            Object found = lookUp(List.of(nodeName), name, Asking.deadline(timeout), timeout).get(nodeName);
            if (found instanceof Pid || found == null) {
                return (Pid) found;
            }
            throw new ClusterException((String) found);
        });
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

    /**
     * Looks {@code name} up on every node at once: for each node, its pid, null (nobody holds it), or the text of
     * why the node did not answer. Runs in the calling process.
     */
    private Map<String, Object> lookUp(Collection<String> nodes, String name, long deadline, Duration timeout) {
        Pid self = Process.self();
        Map<String, Object> found = new TreeMap<>();
        Map<Long, String> asked = new HashMap<>();
        for (String n : nodes) {
            if (n.equals(endpoint.nodeName())) {
                found.put(n, node.whereis(name));
                continue;
            }
            MonitorRef ref = MonitorRef.make();
            try {
                endpoint.spawn(self, n, SPAWNABLE, List.of(self, ref.id(), name), false, ref);
                asked.put(ref.id(), n);
            } catch (ClusterException e) {
                found.put(n, e.getMessage());
            }
        }
        while (!asked.isEmpty()) {
            Object m = Process.receive(x -> x instanceof List<?> l && !l.isEmpty() && asked.containsKey(l.get(0))
                    || x instanceof Down d && asked.containsKey(d.ref().id()), Asking.left(deadline));
            switch (m) {
                case null -> {
                    for (String n : asked.values()) {
                        found.put(n, "node " + n + " did not answer within " + timeout.toMillis() + " ms");
                    }
                    asked.clear();
                }
                case List<?> l -> found.put(asked.remove(l.get(0)), l.size() == 2 ? l.get(1) : null);
                case Down d -> {
                    String n = asked.remove(d.ref().id());
                    found.put(n, d.reason() instanceof ExitReason.NoConnection
                            ? "lost node " + n + " before it answered"
                            : "the lookup on node " + n + " ended without an answer: " + d.reason());
                }
                default -> throw new IllegalStateException("unexpected " + m);
            }
        }
        return found;
    }
}
