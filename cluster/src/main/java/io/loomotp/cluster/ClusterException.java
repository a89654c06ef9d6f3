package io.loomotp.cluster;

import io.loomotp.runtime.OtpException;

/**
 * A failure of distribution itself, as opposed to an outcome of the remote process: a message the serializer could
 * not write or that is too large, a class the allow-list refuses, a call the remote node refused, or a join that
 * failed. An {@link OtpException}, as every failure of an interaction with a process is, so that one
 * {@code catch (OtpException e)} covers a call to a process on another node.
 */
public class ClusterException extends OtpException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
