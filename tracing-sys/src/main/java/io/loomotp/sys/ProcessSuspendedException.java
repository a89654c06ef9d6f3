package io.loomotp.sys;

import io.loomotp.runtime.OtpException;
import io.loomotp.runtime.Pid;

/**
 * The process is suspended ({@code Sys.suspend}): it answers system messages only, so a request that needs it to
 * run cannot be served until {@code Sys.resume}.
 */
public final class ProcessSuspendedException extends OtpException {
    private final transient Pid pid;

    public ProcessSuspendedException(Pid pid, String what) {
        super(what + ": " + pid + " is suspended; Sys.resume it first");
        this.pid = pid;
    }

    public Pid pid() {
        return pid;
    }
}
