package io.loomotp.runtime.application;

import io.loomotp.runtime.OtpException;

/** An application did not start: its configuration, or its top supervisor's start, failed. Nothing of it runs. */
public final class ApplicationStartException extends OtpException {
    private final String application;

    public ApplicationStartException(String application, Throwable cause) {
        super("application " + application + " did not start: " + cause, cause);
        this.application = application;
    }

    public String application() {
        return application;
    }
}
