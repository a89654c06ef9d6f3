package io.loomotp.cluster;

/**
 * A global lock that could not be set, so the transaction did not run: OTP's {@code aborted} from
 * {@code global:trans/4}. Thrown by {@link Global#trans(Global.LockId, java.util.function.Supplier,
 * java.util.Collection, int)}.
 */
public final class LockAbortedException extends ClusterException {
    private static final long serialVersionUID = 1L;

    private final transient Global.LockId id;

    public LockAbortedException(Global.LockId id, int retries) {
        super("global: lock " + id.resource() + " for " + id.requester() + " was held by another requester in all "
                + (retries == Global.RETRY_FOREVER ? "" : (long) retries + 1 + " ") + "tries; the transaction did not run");
        this.id = id;
    }

    /** The lock that was not set. */
    public Global.LockId id() {
        return id;
    }
}
