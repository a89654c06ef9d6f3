package io.loomotp.runtime.event;

import io.loomotp.runtime.OtpException;
import io.loomotp.runtime.Pid;

/** A request named a handler its manager does not have: OTP's {@code {error, module_not_found}}. */
public final class HandlerNotFoundException extends OtpException {
    private final transient HandlerId handler;

    public HandlerNotFoundException(Pid manager, HandlerId handler) {
        super("event manager " + manager + " has no handler " + handler + "; whichHandlers lists those it has");
        this.handler = handler;
    }

    public HandlerId handler() {
        return handler;
    }
}
