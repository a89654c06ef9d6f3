package io.loomotp.sys.jmx;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ClusterNodes;
import io.loomotp.runtime.Node;
import java.time.Duration;
import java.util.List;

/**
 * The operator's tools across a cluster, for one node's bean: the {@code nodes} answer, the service
 * {@value #SERVICE} this node offers the other nodes' tools (its {@code list}, {@code tree} and {@code top}), and
 * {@code list --node n2}, which calls that service on another node. It reaches the cluster only through the runtime's
 * {@link ClusterNodes}, which the cluster module fills when the node joins one, so tracing-sys does not depend on the
 * cluster module (DESIGN.md §1). Every answer and every mistake is one line of text, as the bean's other operations.
 *
 * <p>Any thread.
 */
final class ClusterTools {
    /** The name under which every node with the tools offers them to the other nodes. */
    static final String SERVICE = "loomotp.tools";

    /** The commands another node may run here: they read, and change nothing. */
    static final List<String> COMMANDS = List.of("list", "tree", "top");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Node node;

    ClusterTools(Node node, NodeMXBean local) {
        this.node = node;
        ClusterNodes.offer(node, SERVICE, args -> run(local, args));
    }

    /** Stops offering this node's tools to the other nodes. */
    void close() {
        ClusterNodes.withdraw(node, SERVICE);
    }

    /** A command another node asked for, run on this node's bean: [list], [tree] or [top, BY, N]. */
    private static String run(NodeMXBean local, List<String> args) {
        String command = args.isEmpty() ? "" : args.getFirst();
        return switch (command) {
            case "list" -> local.list();
            case "tree" -> local.tree();
            case "top" -> local.top(args.get(1), Integer.parseInt(args.get(2)));
            default -> throw new IllegalArgumentException("'" + command + "' is not run for other nodes: expected one "
                    + "of " + String.join(", ", COMMANDS));
        };
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
     * Runs one of {@link #COMMANDS} on another node of the cluster and returns its answer.
     *
     * @throws IllegalArgumentException one line: this node is in no cluster, or no such node is connected, or the
     *     command is not one of those
     * @throws IllegalStateException one line: the node runs no tools, failed, did not answer in time, or was lost
     */
    String onNode(String nodeName, List<String> command) {
        if (command.isEmpty() || !COMMANDS.contains(command.getFirst())
                || command.size() != (command.getFirst().equals("top") ? 3 : 1)) {
            throw new IllegalArgumentException("only list, tree and top BY N run on another node, not "
                    + String.join(" ", command));
        }
        if (!ClusterNodes.isClustered(node)) {
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
}
