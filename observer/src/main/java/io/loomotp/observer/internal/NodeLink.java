package io.loomotp.observer.internal;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ClusterNodes;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.sys.Recon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the page reaches the other nodes of its node's cluster: the service {@value #SERVICE}, which this node offers
 * the other nodes' observers, and the calls of the same service on them. Both go through the runtime's
 * {@link ClusterNodes} (ADR 0019's {@code erpc:call} for text), so the observer needs no cluster module; the text is an
 * {@link Answer}, made on the other node by the same routes that answer this node's own page, so the page draws
 * another node's panels with the one code path it draws its own with.
 *
 * <p>It owns the service's offer (withdrawn at {@link #close}), the check of what another node may ask (the read-only
 * views and the actions that run on the process's node; a trace runs on the asking node, which keeps its lines), and a
 * short-lived cache that lets every open live stream of one node share one call per sample. Every call is bounded by
 * {@link #timeout}; a node that is not connected, offers no observer, or is lost during a call is a {@code 502} with
 * one line, a node that does not answer in time a {@code 504}.
 *
 * <p>Threading: any thread; the service runs in a fresh process of this node per call.
 */
final class NodeLink implements AutoCloseable {
    /** The name under which every node with an observer offers its views to the other nodes' observers. */
    static final String SERVICE = "loomotp.observer";
    /** The longest wait for another node's answer, by default. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The service's own question: the serial and the name of a process the other node names by its pid's text. */
    static final String PID = "pid";

    /** What another node may ask, by method and path: what the page shows, and the actions that run where it lives. */
    private static final Set<String> OFFERED = Set.of("GET /api/node", "GET /api/apps", "GET /api/processes",
            "GET /api/process", "GET /fragments/alarms", "POST /api/process/action", "GET " + PID);

    /** Answers a request as this node's own page would: the routes. */
    interface Local {
        Answer answer(String method, String path, Map<String, String> query);
    }

    /** An answer kept for the live streams of one node, and when it was got. */
    private record Kept(long nanos, Answer answer) {}

    private final Node node;
    private final Duration timeout;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    NodeLink(Node node, Local local, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
        ClusterNodes.offer(node, SERVICE, args -> serve(local, args));
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * This node's name in its cluster, or null if it is in none. The page's selector lists it first.
     */
    String self() {
        try {
            return ClusterNodes.name(node);
        } catch (IllegalStateException inNoCluster) {
            return null;
        }
    }

    /**
     * Whether {@code target} (a request's {@code node} parameter) names another node than this one.
     *
     * @throws IllegalArgumentException if it names another node and this node is in no cluster
     */
    boolean isOther(String target) {
        if (target == null || target.isEmpty()) {
            return false;
        }
        String self = self();
        if (self == null) {
            if (target.equals(node.name())) {
                return false;
            }
            throw new IllegalArgumentException("node " + node.name() + " is in no cluster: it cannot show node "
                    + target);
        }
        return !target.equals(self);
    }

    /** The service: a request {@code [method, path, key, value, ...]} answered here, as text. Never throws. */
    static String serve(Local local, List<String> args) {
        try {
            if (args.size() < 2 || args.size() % 2 != 0) {
                return Answer.text(400, "an observer's request is a method, a path and pairs of parameters, not "
                        + args.size() + " words").encode();
            }
            String method = args.get(0);
            String path = args.get(1);
            Map<String, String> q = new TreeMap<>();
            for (int i = 2; i < args.size(); i += 2) {
                q.put(args.get(i), args.get(i + 1));
            }
            if (!OFFERED.contains(method + " " + path)) {
                return Answer.text(400, method + " " + path + " is not offered to other nodes: "
                        + String.join(", ", OFFERED.stream().sorted().toList())).encode();
            }
            String action = q.getOrDefault("action", "");
            if (path.equals("/api/process/action") && action.startsWith("trace-")) {
                return Answer.text(400, action + " runs on the asking node, which keeps the trace's lines").encode();
            }
            return local.answer(method, path, q).encode();
        } catch (RuntimeException e) {
            Answer a = Answer.error(e);
            return (a != null ? a : Answer.text(500, e.getClass().getSimpleName() + ": " + e.getMessage())).encode();
        }
    }

    /**
     * Asks node {@code target} for what its page answers to {@code method path?query}; never throws: a failure is its
     * answer (502: not connected, no observer there, lost; 504: no answer within the timeout).
     */
    Answer ask(String target, String method, String path, Map<String, String> query) {
        List<String> args = new ArrayList<>(List.of(method, path));
        query.forEach((k, v) -> {
            if (!k.equals("node") && !k.equals("token")) {
                args.add(k);
                args.add(v);
            }
        });
        try {
            return Answer.decode(ClusterNodes.call(node, target, SERVICE, args, timeout));
        } catch (IllegalArgumentException notConnected) {
            return Answer.text(502, "node " + target + " is not in the cluster of " + self() + " (connected: "
                    + others() + ")");
        } catch (CallTimeoutException e) {
            return Answer.text(504, "node " + target + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IllegalStateException e) {
            String why = e.getMessage();
            if (why != null && why.contains("offers no " + SERVICE)) {
                why += ": start an observer on it (Observer.start)";
            }
            return Answer.text(502, "node " + target + ": " + why);
        } catch (RuntimeException e) { // the cluster's own: the node went away, or the spawn was refused
            return Answer.text(502, "node " + target + ": " + e.getMessage());
        }
    }

    /**
     * As {@link #ask}, but an answer got less than {@code maxAge} ago for the same question is given again: what
     * several live streams of one node share, so that they cost that node one call per sample between them.
     */
    Answer askShared(String target, String path, Map<String, String> query, Duration maxAge) {
        String key = target + " " + path + " " + new TreeMap<>(query);
        Kept k = kept.get(key);
        long now = System.nanoTime();
        if (k != null && now - k.nanos() < maxAge.toNanos()) {
            return k.answer();
        }
        Answer a = ask(target, "GET", path, query);
        kept.put(key, new Kept(now, a));
        return a;
    }

    private String others() {
        try {
            List<String> n = ClusterNodes.nodes(node);
            return n.isEmpty() ? "none" : String.join(", ", n);
        } catch (IllegalStateException inNoCluster) {
            return "none";
        }
    }

    /** A process of another node, as this node reaches it: its pid here, and its name and pid as that node shows them. */
    record Remote(Pid pid, String shown, String name) {
        String label(String nodeName) {
            return (name == null ? "" : name + " ") + shown + " of " + nodeName;
        }
    }

    /**
     * The process that node {@code target} shows as {@code pidText}, as a pid of this node's (ADR 0019: the other
     * node names its serial, {@link ClusterNodes#pid} makes the pid): what a trace from this page follows.
     *
     * @throws NoProcessException if that node has no such live process
     * @throws IllegalArgumentException for a pid's text that is no pid
     * @throws IllegalStateException with the one line of {@link #ask}'s failure, if the node did not answer
     */
    Remote remote(String target, String pidText) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("pid", pidText);
        Answer a = ask(target, "GET", PID, q);
        switch (a.status()) {
            case 200 -> {
                String[] f = a.body().split("\t", -1);
                return new Remote(ClusterNodes.pid(node, target, Long.parseLong(f[0])), pidText,
                        f[1].isEmpty() ? null : f[1]);
            }
            case 400 -> throw new IllegalArgumentException(a.body().strip());
            case 404 -> throw new NoProcessException(pidText, "node " + target + " has no such live process");
            default -> throw new RemoteFailure(a);
        }
    }

    /** The service's answer to {@value #PID}: the serial and name of this node's process {@code pid}. */
    static Answer pidAnswer(Node node, Pid pid) {
        String name = Recon.nameOf(node, pid);
        return new Answer(200, Answer.TEXT, pid.serial() + "\t" + (name == null ? "" : name));
    }

    /** A failed call of another node, carrying its answer (502 or 504) to the page as it is. */
    static final class RemoteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Answer answer;

        RemoteFailure(Answer answer) {
            super(answer.body().strip());
            this.answer = answer;
        }

        Answer answer() {
            return answer;
        }
    }

    @Override
    public void close() {
        ClusterNodes.withdraw(node, SERVICE);
        kept.clear();
    }
}
