package io.loomotp.runtime;

/**
 * A behaviour's start failed: its factory or its init threw, init asked to stop, or the start timed out. The process
 * is gone, and its terminate callback was not called. Carries the reason, as OTP's {@code {error, Reason}}.
 */
public final class StartFailedException extends OtpException {
    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;

    public StartFailedException(String what, ExitReason reason) {
        // an anonymous class's simple name is empty: the message then names the start, not nothing
        super((what == null || what.isBlank() ? "a process of an anonymous class" : what) + " failed to start: " + reason,
                reason instanceof ExitReason.Crash c ? c.cause() : null);
        this.reason = reason;
    }

    /** Why the start failed. */
    public ExitReason reason() {
        return reason;
    }
}
