package io.loomotp.runtime.sys;

import io.loomotp.runtime.OtpException;
import io.loomotp.runtime.Pid;

/**
 * The function given to {@code replaceState} (or {@code inspectState}) threw inside the process. The process's state
 * is unchanged and the process lives on; the cause is the function's exception. OTP's {@code callback_failed}.
 */
public final class StateFunctionException extends OtpException {
    private static final long serialVersionUID = 1L;

    public StateFunctionException(Pid pid, Throwable cause) {
        super("state function failed in " + pid + "; the state is unchanged: " + cause, cause);
    }
}
