package io.loomotp.cluster;

/**
 * The message a node monitor delivers when a node is lost (it left, crashed, or could not be reached within the
 * failure-detection timeout): Erlang's {@code {nodedown, Node}} of {@code monitor_node/2}.
 *
 * @param node the node's name
 */
public record NodeDown(String node) {
    @Override
    public String toString() {
        return "{nodedown, " + node + "}";
    }
}
