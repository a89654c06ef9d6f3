package io.loomotp.runtime.sys;

import io.loomotp.runtime.OtpException;
import io.loomotp.runtime.Pid;

/**
 * The function given to {@code replaceState} (or {@code inspectState}) threw inside the process, or returned what
 * cannot be its state; or a callback that answers a sys request (a special process's {@code systemGetState}) threw. The process keeps its state object and lives on; the cause is the function's exception. OTP's
 * {@code callback_failed}. Unlike an Erlang term, the state object is mutable: what the function changed in it in place
 * before it threw stays changed.
 */
public final class StateFunctionException extends OtpException {
    private static final long serialVersionUID = 1L;

    public StateFunctionException(Pid pid, Throwable cause) {
        super("state function failed in " + pid + "; the process keeps its state object (what the function changed in "
                + "it in place stays): " + cause, cause);
    }

    /**
     * A callback of the process's own, not a function given by the caller, threw: {@code callback} names it (OTP's
     * {@code {callback_failed, {Mod, system_get_state}, {Class, Reason}}}). The process lives on.
     */
    public StateFunctionException(Pid pid, String callback, Throwable cause) {
        super("callback failed in " + pid + ": its " + callback + " threw " + cause + "; the process lives on", cause);
    }
}
