package io.loomotp.runtime;

import java.time.Duration;

/**
 * A call got no reply within its timeout. The callee may still be working on it; a reply that arrives later is
 * discarded by the runtime and never reaches the caller's mailbox.
 */
public final class CallTimeoutException extends OtpException {
    private static final long serialVersionUID = 1L;

    private final transient Pid callee;
    private final Duration timeout;

    public CallTimeoutException(Pid callee, Object request, Duration timeout) {
        super("call to " + callee + " timed out after " + timeout.toMillis() + " ms: " + request);
        this.callee = callee;
        this.timeout = timeout;
    }

    /** A wait for any of several requests ({@code what}) that ran out; {@link #callee()} is null. */
    public CallTimeoutException(String what, Duration timeout) {
        super(what + " timed out after " + timeout.toMillis() + " ms");
        this.callee = null;
        this.timeout = timeout;
    }

    /** The process that was called; null for a wait on several requests at once. */
    public Pid callee() {
        return callee;
    }

    /** The timeout that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
