package io.loomotp.runtime;

/**
 * The process being called, stopped or waited on ended before it answered. Carries the reason it ended with. A
 * call to a process that was already dead raises {@link NoProcessException} instead.
 */
public final class ProcessExitException extends OtpException {
    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final transient ExitReason reason;

    public ProcessExitException(Pid pid, ExitReason reason) {
        super("process " + pid + " exited: " + reason, reason instanceof ExitReason.Crash c ? c.cause() : null);
        this.pid = pid;
        this.reason = reason;
    }

    /** The process that ended. */
    public Pid pid() {
        return pid;
    }

    /** Why it ended. */
    public ExitReason reason() {
        return reason;
    }
}
