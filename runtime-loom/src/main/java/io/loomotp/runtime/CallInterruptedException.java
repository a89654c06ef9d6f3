package io.loomotp.runtime;

/**
 * A thread that is not a process was interrupted while it waited for a reply. The call is abandoned: a reply that
 * comes later is discarded. The thread's interrupt status stays set.
 */
public final class CallInterruptedException extends OtpException {
    private static final long serialVersionUID = 1L;

    public CallInterruptedException(Pid callee, Object request) {
        super("interrupted while calling " + callee + ": " + request);
    }
}
