package io.loomotp.cluster;

/**
 * An rpc of a function that its node has not registered ({@link Cluster#registerFunction}): OTP's
 * {@code {badrpc, {'EXIT', {undef, ..}}}} from {@code rpc:call}, {@code error:undef} from {@code erpc:call}. A
 * {@link ClusterException}, so code that caught that before still does.
 */
public final class UndefinedFunctionException extends ClusterException {
    private static final long serialVersionUID = 1L;
    private final String node;
    private final String function;

    public UndefinedFunctionException(String node, String function, String message) {
        super(message);
        this.node = node;
        this.function = function;
    }

    /** The node asked. */
    public String node() {
        return node;
    }

    /** The function it has no registration for. */
    public String function() {
        return function;
    }
}
