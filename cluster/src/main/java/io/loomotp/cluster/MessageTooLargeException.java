package io.loomotp.cluster;

/** A message whose serialized form exceeds the cluster's limit ({@link ClusterConfig#maxMessageBytes()}). */
public final class MessageTooLargeException extends ClusterException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String className, int limit) {
        super("message of class " + className + " is larger than the cluster's limit of " + limit
                + " bytes (ClusterConfig.maxMessageBytes)");
    }
}
