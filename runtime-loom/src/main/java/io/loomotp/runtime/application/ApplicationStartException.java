package io.loomotp.runtime.application;

import io.loomotp.runtime.OtpException;

/**
 * An application did not start: its configuration, or its top supervisor's start, failed. Its tree does not run; a
 * process its {@code start} spawned outside the tree, unlinked, is not stopped: stop it where the start fails.
 */
public final class ApplicationStartException extends OtpException {
    private final String application;
    private final boolean alreadyStarted;

    public ApplicationStartException(String application, Throwable cause) {
        this(application, cause, false);
    }

    ApplicationStartException(String application, Throwable cause, boolean alreadyStarted) {
        this(application, String.valueOf(cause), cause, alreadyStarted);
    }

    /** Says why in {@code why}, where the cause alone does not (a start phase that failed). */
    ApplicationStartException(String application, String why, Throwable cause, boolean alreadyStarted) {
        super("application " + application + " did not start: " + why, cause);
        this.application = application;
        this.alreadyStarted = alreadyStarted;
    }

    public String application() {
        return application;
    }

    /** True if it did not start because it runs already: OTP's {@code {error, {already_started, App}}}. */
    public boolean alreadyStarted() {
        return alreadyStarted;
    }
}
