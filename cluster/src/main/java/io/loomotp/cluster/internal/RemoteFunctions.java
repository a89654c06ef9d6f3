package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClassNotAllowedException;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.MessageTooLargeException;
import io.loomotp.cluster.MultiCallResult;
import io.loomotp.cluster.RemoteCrashException;
import io.loomotp.cluster.RemoteFunction;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.ProcessExitException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Functions applied on other nodes: {@code erpc:call/5} and {@code rpc:multicall/5}, for the functions a node
 * registered ({@link RemoteFunction}).
 *
 * <p>As OTP's erpc does, the asking side spawns, monitored, on the node asked, a process of the built-in spawnable
 * {@value #SPAWNABLE}; it applies the function and sends back {@code [tag, "ok"]} (null), {@code [tag, "ok", value]}
 * or {@code [tag, "error", className, message]}, and ends. No new wire operation; the monitor ends the wait at once if
 * the node is lost, or if the process ends without answering. A function unknown there fails the spawn, with the
 * names the node offers. Each question runs in a process of its own ({@link Asking}).
 *
 * <p>The spawn is a {@code spawn_request}, as erpc's: the asker does not wait for the child's pid before it waits for
 * the answer, so an rpc is one message each way (the spawn, then the answer behind the spawn's reply on the same
 * ordered channel). A spawn that fails, or a node lost before it answered the spawn, comes to the asker as a
 * {@link SpawnFailed} message.
 *
 * <p>Threading: any thread may register, unregister and ask.
 */
public final class RemoteFunctions {
    /** The spawnable of every node that applies a function for another node. */
    public static final String SPAWNABLE = "loomotp.rpc";

    private final Node node;
    private final Endpoint endpoint;
    private final Map<String, RemoteFunction> functions = new ConcurrentHashMap<>();

    public RemoteFunctions(Node node, Endpoint endpoint) {
        this.node = node;
        this.endpoint = endpoint;
        endpoint.registerSpawnable(SPAWNABLE, this::body);
    }

    public void register(String name, RemoteFunction function) {
        functions.put(name, function);
    }

    public boolean unregister(String name) {
        return functions.remove(name) != null;
    }

    /**
     * Applies {@code function} to {@code argument} on {@code nodeName} (this node's own name applies it here, in a new
     * process too) and returns its result.
     *
     * @throws RemoteCrashException if the function threw, or its result could not cross back
     * @throws ClusterException if the node is not connected or is lost before it answers, or has no such function
     * @throws ProcessExitException if the process applying it ended without an answer (killed, or the function
     *     called {@code Process.exit})
     * @throws CallTimeoutException if no answer came within {@code timeout}
     */
    public Object apply(String nodeName, String function, Object argument, Duration timeout) {
        return Asking.inProcess(node, timeout, () -> {
            Map<String, Object> outcome = ask(List.of(nodeName), function, argument, Asking.deadline(timeout));
            return switch (outcome.get(nodeName)) {
                case Answer.Value v -> v.value();
                case Answer.Crash c -> throw c.exception();
                case Answer.Timeout t -> throw new CallTimeoutException("rpc '" + function + "' on node " + nodeName,
                        timeout);
                case Answer.None n -> throw new ClusterException(n.why());
                case Answer.Exited e -> throw new ProcessExitException(e.pid(), e.reason());
                case null, default -> throw new IllegalStateException("no outcome for " + nodeName);
            };
        });
    }

    /**
     * Applies {@code function} on every node named, all at once, within one timeout: {@code rpc:multicall/5}. A node
     * that gave no answer (not connected, lost, no such function, the process ended, too late) is among the bad
     * nodes; a function that threw answers with its {@link RemoteCrashException}, as {@code rpc:multicall}'s results
     * hold a {@code {badrpc, Reason}}.
     */
    public MultiCallResult multi(Collection<String> nodes, String function, Object argument, Duration timeout) {
        return Asking.inProcess(node, timeout, () -> {
            Map<String, Object> replies = new TreeMap<>();
            TreeSet<String> bad = new TreeSet<>();
            ask(nodes, function, argument, Asking.deadline(timeout)).forEach((n, outcome) -> {
                switch (outcome) {
                    case Answer.Value v -> replies.put(n, v.value());
                    case Answer.Crash c -> replies.put(n, c.exception());
                    default -> bad.add(n);
                }
            });
            return new MultiCallResult(replies, List.copyOf(bad));
        });
    }

    /** What one node answered. */
    private sealed interface Answer {
        record Value(Object value) implements Answer {}

        record Crash(RemoteCrashException exception) implements Answer {}

        record Timeout() implements Answer {}

        /** The process applying it ended without an answer: killed, or the function called Process.exit. */
        record Exited(Pid pid, ExitReason reason) implements Answer {}

        record None(String why) implements Answer {}
    }

    /** To the asker, from the spawning side: no process was made to answer {@code tag}. Local only, never sent. */
    private record SpawnFailed(long tag, String why) {}

    /** The body of the process that applies one function, on the node asked. */
    private ProcessBody body(Object question) {
        if (!(question instanceof List<?> q && (q.size() == 3 || q.size() == 4) && q.get(0) instanceof Pid asker
                && q.get(1) instanceof Long tag && q.get(2) instanceof String name)) {
            throw new IllegalArgumentException("an rpc is [asker, tag, function(, argument)], not " + question);
        }
        RemoteFunction function = functions.get(name);
        if (function == null) {
            throw new ClusterException("node " + endpoint.nodeName() + " has no function '" + name + "' (it has "
                    + new TreeSet<>(functions.keySet()) + "); register it there with Cluster.registerFunction");
        }
        Object argument = q.size() == 4 ? q.get(3) : null;
        return () -> {
            Object result;
            try {
                result = function.apply(argument);
            } catch (Exception e) {
                Process.send(asker, crash(tag, e));
                return;
            }
            try {
                Process.send(asker, result == null ? List.of(tag, "ok") : List.of(tag, "ok", result));
            } catch (RuntimeException cannotCross) { // not on the allow-list, or too large
                Process.send(asker, crash(tag, cannotCross));
            }
        };
    }

    private static List<Object> crash(Long tag, Exception e) {
        String cls = e.getClass().getName();
        return e.getMessage() == null ? List.of(tag, "error", cls) : List.of(tag, "error", cls, e.getMessage());
    }

    /** Asks every node at once, from the calling process: each node's {@link Answer}, by node. */
    private Map<String, Object> ask(Collection<String> nodes, String function, Object argument, long deadline) {
        Pid self = Process.self();
        Map<String, Object> outcomes = new TreeMap<>();
        Map<Long, String> tags = new HashMap<>(); // an answer's tag: the node asked
        Map<Long, String> monitors = new HashMap<>(); // a monitor's id: the node of the process applying the function
        for (String n : new LinkedHashSet<>(nodes)) {
            long tag = MonitorRef.make().id();
            List<Object> question = new ArrayList<>(List.of(self, tag, function));
            if (argument != null) {
                question.add(argument);
            }
            try {
                if (n.equals(endpoint.nodeName())) {
                    Process.Spawned s = Process.spawnMonitor(body(question));
                    monitors.put(s.ref().id(), n);
                } else {
                    MonitorRef ref = MonitorRef.make();
                    endpoint.spawnRequest(self, n, SPAWNABLE, List.copyOf(question), ref,
                            why -> new SpawnFailed(tag, why));
                    monitors.put(ref.id(), n);
                }
                tags.put(tag, n);
            } catch (ClassNotAllowedException | MessageTooLargeException argumentCannotCross) {
                throw argumentCannotCross; // the caller's mistake, the same for every node
            } catch (ClusterException e) {
                outcomes.put(n, new Answer.None(e.getMessage()));
            }
        }
        while (!tags.isEmpty()) {
            Object m = Process.receive(x -> x instanceof List<?> l && l.size() >= 2 && tags.containsKey(l.get(0))
                    || x instanceof Down d && monitors.containsKey(d.ref().id())
                    || x instanceof SpawnFailed f && tags.containsKey(f.tag()), Asking.left(deadline));
            switch (m) {
                case null -> {
                    tags.values().forEach(n -> outcomes.put(n, new Answer.Timeout()));
                    tags.clear();
                }
                case List<?> l -> {
                    String n = tags.remove(l.get(0));
                    outcomes.put(n, "ok".equals(l.get(1)) ? new Answer.Value(l.size() == 3 ? l.get(2) : null)
                            : new Answer.Crash(new RemoteCrashException((String) l.get(2),
                                    l.size() == 4 ? (String) l.get(3) : null)));
                }
                case Down d -> { // without an answer (after one, the tag is gone: its process ended normally)
                    String n = monitors.remove(d.ref().id());
                    if (tags.values().remove(n)) {
                        outcomes.put(n, d.reason() instanceof ExitReason.NoConnection
                                ? new Answer.None("lost node " + n + " before rpc '" + function + "' answered")
                                : new Answer.Exited(d.pid(), d.reason()));
                    }
                }
                case SpawnFailed f -> outcomes.put(tags.remove(f.tag()), new Answer.None(f.why()));
                default -> throw new IllegalStateException("unexpected " + m);
            }
        }
        return outcomes;
    }
}
