package io.loomotp.runtime.event;

import io.loomotp.runtime.OtpException;

/**
 * A handler's init refused an add, or a handler crashed answering a call (it has been removed): OTP's
 * {@code {error, Reason}} and {@code {error, {'EXIT', Reason}}}.
 */
public final class HandlerFailedException extends OtpException {
    public HandlerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
