package io.loomotp.sys.jmx;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ClusterNodes;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.sys.Recon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The operator's tools across a cluster, for one node's bean: the {@code nodes} answer, the service
 * {@value #SERVICE} this node offers the other nodes' tools (every command of {@link #ARITY}: what its console does
 * to its own processes), {@code COMMAND --node n2}, which calls that service on another node, and {@code top
 * --cluster}, which asks every node for its top rows at once and merges them, as {@code rpc:multicall} with
 * {@code recon:proc_count/2} would. It reaches the cluster only through the runtime's
 * {@link ClusterNodes}, which the cluster module fills when the node joins one, so tracing-sys does not depend on the
 * cluster module (DESIGN.md §1). Every answer and every mistake is one line of text, as the bean's other operations.
 *
 * <p>Any thread.
 */
final class ClusterTools {
    /** The name under which every node with the tools offers them to the other nodes. */
    static final String SERVICE = "loomotp.tools";

    /** The service command {@code top --cluster} asks each node: its top rows, one a line, fields tab-separated. */
    private static final String TOP_ROWS = "top-rows";

    /** The service command that asks a node for the serial of a process it names: how a trace reaches it. */
    private static final String PID = "pid";

    /** The service's commands that are no console command: not offered in a mistake's "expected". */
    private static final List<String> INTERNAL = List.of(TOP_ROWS, PID);

    /**
     * The commands another node may run here, with the number of words each takes (its name included). The ones that
     * change a process ({@code suspend}, {@code resume}, {@code kill}, {@code exit}) are here too: a node of the
     * cluster shares its secret, as an Erlang node its cookie, and may do what {@code erpc:call} lets it do.
     */
    static final Map<String, Integer> ARITY = arities();

    private static Map<String, Integer> arities() {
        Map<String, Integer> a = new LinkedHashMap<>();
        for (String c : List.of("list", "tree", "alarms", "tables", "system")) {
            a.put(c, 1);
        }
        for (String c : List.of("info", "state", "status", "stats", "stats-off", "suspend", "resume", "kill")) {
            a.put(c, 2);
        }
        a.put("top", 3);
        a.put("exit", 3);
        a.put(TOP_ROWS, 3);
        a.put(PID, 2);
        return a;
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Node node;

    ClusterTools(Node node, NodeControl local) {
        this.node = node;
        ClusterNodes.offer(node, SERVICE, args -> run(local, args));
    }

    /** Stops offering this node's tools to the other nodes. */
    void close() {
        ClusterNodes.withdraw(node, SERVICE);
    }

    /**
     * A command run on this node's bean: one another node asked for, or one whose {@code --node} names this node.
     * The words are checked first, so that nothing half-understood is carried out.
     */
    static String run(NodeControl local, List<String> args) {
        check(args);
        return switch (args.getFirst()) {
            case "list" -> local.list();
            case "tree" -> local.tree();
            case "alarms" -> local.alarms();
            case "tables" -> local.tables();
            case "system" -> local.system();
            case "top" -> local.top(args.get(1), count(args.get(2)));
            case TOP_ROWS -> local.topRows(args.get(1), count(args.get(2)));
            case PID -> local.serialOf(args.get(1));
            case "info" -> local.info(args.get(1));
            case "state" -> local.state(args.get(1));
            case "status" -> local.status(args.get(1));
            case "stats" -> local.stats(args.get(1));
            case "stats-off" -> local.statsOff(args.get(1));
            case "suspend" -> local.suspend(args.get(1));
            case "resume" -> local.resume(args.get(1));
            case "kill" -> local.kill(args.get(1));
            default -> local.exit(args.get(1), args.get(2)); // "exit", the last of ARITY's
        };
    }

    private static void check(List<String> args) {
        String command = args.isEmpty() ? "" : args.getFirst();
        Integer arity = ARITY.get(command);
        if (arity == null) {
            throw new IllegalArgumentException("'" + command + "' is not run for other nodes: expected one of "
                    + String.join(", ", ARITY.keySet().stream().filter(c -> !INTERNAL.contains(c)).toList()));
        }
        if (args.size() != arity) {
            throw new IllegalArgumentException("'" + String.join(" ", args) + "': " + command + " takes "
                    + (arity - 1) + (arity == 2 ? " argument" : " arguments") + " on another node");
        }
    }

    private static int count(String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-n " + n + ": expected a number of processes, 1 or more");
        }
    }

    /** The nodes of the cluster, this node first; or that it is in none. */
    String nodes() {
        try {
            List<String> others = ClusterNodes.nodes(node);
            StringBuilder b = new StringBuilder(ClusterNodes.name(node)).append("   (this node)\n");
            others.forEach(n -> b.append(n).append('\n'));
            return b.append(others.size() + 1).append(others.isEmpty() ? " node" : " nodes").append(" in the cluster")
                    .toString();
        } catch (IllegalStateException notClustered) {
            return "this node is not in a cluster";
        }
    }

    /**
     * Runs one of {@link #ARITY}'s commands on another node of the cluster and returns its answer.
     *
     * @throws IllegalArgumentException one line: this node is in no cluster, or no such node is connected, or the
     *     command is not one of those, or that node found a mistake in it (no such process)
     * @throws IllegalStateException one line: the node runs no tools, failed, did not answer in time, or was lost
     */
    String onNode(String nodeName, List<String> command) {
        check(command);
        if (!ClusterNodes.isClustered(node)) {
            if (nodeName.equals(node.name())) {
                return null; // this node's own name is a local name, as {Name, node()} is without distribution
            }
            throw new IllegalArgumentException("this node is not in a cluster: --node needs one");
        }
        if (nodeName.equals(ClusterNodes.name(node))) {
            return null; // this node itself: the caller answers as without --node
        }
        try {
            return ClusterNodes.call(node, nodeName, SERVICE, command, TIMEOUT);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw e.getCause() == null ? e : new IllegalStateException(e.getMessage());
        } catch (CallTimeoutException e) {
            throw new IllegalStateException("node " + nodeName + " did not answer within " + TIMEOUT.toSeconds()
                    + " s");
        } catch (RuntimeException e) { // the cluster's own: the node went away, or the spawn was refused
            throw new IllegalStateException("node " + nodeName + ": " + e.getMessage());
        }
    }

    /**
     * The process that node {@code nodeName} names {@code words} (as its console resolves them), as a pid of this
     * node's: what {@code trace NAME on --node n2} traces, its lines streamed back to this node (the cluster's remote
     * sys, docs/distribution.md). Null if {@code nodeName} is this node.
     *
     * @throws IllegalArgumentException as {@link #onNode}, or that node names no such process
     */
    Targets.Target target(String nodeName, String words) {
        String answer = onNode(nodeName, List.of(PID, words));
        if (answer == null) {
            return null;
        }
        int space = answer.indexOf(' ');
        String serial = space < 0 ? answer : answer.substring(0, space);
        Pid pid = ClusterNodes.pid(node, nodeName, Long.parseLong(serial));
        // shown as that node's list shows it, so that the operator can give it to a command with --node again
        return new Targets.Target(words.strip() + " on " + nodeName, pid,
                space < 0 ? pid.toString() : answer.substring(space + 1));
    }

    /**
     * {@code top BY -n N --cluster}: the N processes with the most of {@code by} on every node of the cluster, this
     * one included, with a NODE column. The nodes are asked at once, each within the timeout; a node that fails to
     * answer is named in a last line, as {@code rpc:multicall} returns its bad nodes, and the others still show.
     */
    String topAcrossCluster(NodeControl local, String by, int n) {
        if (!ClusterNodes.isClustered(node)) {
            throw new IllegalArgumentException("this node is not in a cluster: --cluster needs one");
        }
        String heading = NodeControl.heading(Recon.Attribute.parse(by));
        List<String> rows = new ArrayList<>();
        String here = ClusterNodes.name(node);
        local.topRows(by, n).lines().forEach(r -> rows.add(here + "\t" + r));
        List<String> others = ClusterNodes.nodes(node);
        List<String> bad = new ArrayList<>();
        try (var ask = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<String>> answers = new LinkedHashMap<>();
            for (String other : others) {
                answers.put(other, ask.submit(() -> onNode(other, List.of(TOP_ROWS, by, Integer.toString(n)))));
            }
            answers.forEach((other, answer) -> {
                try {
                    answer.get().lines().forEach(r -> rows.add(other + "\t" + r));
                } catch (ExecutionException e) {
                    bad.add(other + ": " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    bad.add(other + ": not asked, interrupted");
                }
            });
        }
        // fields: node, raw value, value as shown, pid, name, current function (see NodeControl.topRows)
        List<String[]> top = rows.stream().map(r -> r.split("\t", -1))
                .sorted(Comparator.comparingLong((String[] f) -> Long.parseLong(f[1])).reversed()).limit(n).toList();
        StringBuilder b = new StringBuilder(String.format("%-8s %-10s %14s  %-24s %s%n", "NODE", "PID", heading,
                "NAME", "CURRENT FUNCTION"));
        top.forEach(f -> b.append(String.format("%-8s %-10s %14s  %-24s %s%n", f[0], f[3], f[2], f[4], f[5])));
        bad.forEach(line -> b.append("not answered: ").append(line).append('\n'));
        return b.toString();
    }
}
