package io.loomotp.cluster;

/**
 * An rpc whose node was not connected, or was lost before it answered: OTP's {@code {badrpc, nodedown}} from
 * {@code rpc:call}, {@code {erpc, noconnection}} from {@code erpc:call}. A {@link ClusterException}, so code that
 * caught that before still does.
 */
public final class NodeDownException extends ClusterException {
    private static final long serialVersionUID = 1L;
    private final String node;

    public NodeDownException(String node, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
    }

    /** The node that was not connected, or was lost. */
    public String node() {
        return node;
    }
}
