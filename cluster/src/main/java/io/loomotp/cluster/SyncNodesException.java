package io.loomotp.cluster;

import java.util.List;

/**
 * A node's mandatory nodes ({@link SyncNodes#mandatory()}) were not all up within {@code sync_nodes_timeout}: OTP's
 * node does not start then, and neither should this one's applications.
 */
public final class SyncNodesException extends ClusterException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> missing;

    public SyncNodesException(String node, List<String> missing, long waitedMs) {
        super("node " + node + ": mandatory nodes " + missing + " were not up within sync_nodes_timeout ("
                + waitedMs + " ms); start them, or raise the timeout");
        this.missing = List.copyOf(missing);
    }

    /** The mandatory nodes that were not up. */
    public List<String> missing() {
        return missing;
    }
}
