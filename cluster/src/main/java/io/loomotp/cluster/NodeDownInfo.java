package io.loomotp.cluster;

import java.util.Objects;

/**
 * The message a node monitor subscribed with {@link NodeMonitorOption#NODEDOWN_REASON} delivers when a node is lost,
 * instead of {@link NodeDown}: Erlang's {@code {nodedown, Node, [{nodedown_reason, Reason}]}} of
 * {@code net_kernel:monitor_nodes/2}.
 *
 * @param node the node's name
 * @param reason why it was lost
 */
public record NodeDownInfo(String node, NodeDownReason reason) {
    public NodeDownInfo {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "{nodedown, " + node + ", [{nodedown_reason, " + reason + "}]}";
    }
}
