package io.loomotp.runtime;

/**
 * The base of every exception the runtime raises for a misuse or a failed interaction with a process. Each subclass
 * names one precise condition, so that callers can catch exactly what they can handle.
 */
public abstract class OtpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected OtpException(String message) {
        super(message);
    }

    protected OtpException(String message, Throwable cause) {
        super(message, cause);
    }
}
