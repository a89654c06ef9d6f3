package io.loomotp.metrics.regulation;

/**
 * A regulated queue turned a request away: {@code jobs}' {@code {error, rejected}}, with why. The caller is expected
 * to answer "busy" rather than retry at once.
 */
public final class RejectedException extends RuntimeException {
    /** Why a request was rejected. */
    public enum Reason {
        /** {@code max_size} requests were waiting already. */
        QUEUE_FULL,
        /** It waited longer than the queue's {@code max_time}: served now, it would be served late. */
        MAX_TIME,
        /** The regulator was closed while it waited. */
        CLOSED,
        /** Its asker stopped waiting (was interrupted), and it left the queue. */
        WITHDRAWN;

        /** The tag value of the rejection meters: {@code queue_full}, {@code max_time}, {@code closed},
         * {@code withdrawn}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String queue;
    private final Reason reason;

    public RejectedException(String queue, Reason reason) {
        super("rejected by queue " + queue + " (" + reason.tag() + ")", null, false, false);
        this.queue = queue;
        this.reason = reason;
    }

    public String queue() {
        return queue;
    }

    public Reason reason() {
        return reason;
    }
}
