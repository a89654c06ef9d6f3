package io.loomotp.cluster;

/**
 * The message a node monitor delivers when a node joins the cluster: Erlang's {@code {nodeup, Node}} of
 * {@code net_kernel:monitor_nodes/1}.
 *
 * @param node the node's name
 */
public record NodeUp(String node) {
    @Override
    public String toString() {
        return "{nodeup, " + node + "}";
    }
}
