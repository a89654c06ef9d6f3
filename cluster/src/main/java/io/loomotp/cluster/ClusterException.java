package io.loomotp.cluster;

/**
 * A failure of distribution itself, as opposed to an outcome of the remote process: a message the serializer could
 * not write or that is too large, a class the allow-list refuses, a call the remote node refused, or a join that
 * failed.
 */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
