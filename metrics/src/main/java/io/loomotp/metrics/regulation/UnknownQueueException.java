package io.loomotp.metrics.regulation;

/** A request asked for a queue the regulator does not have. */
public final class UnknownQueueException extends IllegalArgumentException {
    public UnknownQueueException(String queue, java.util.Collection<String> known) {
        super("no regulated queue named '" + queue + "'; the queues are " + known
                + " (add one with Regulator.addQueue)");
    }
}
