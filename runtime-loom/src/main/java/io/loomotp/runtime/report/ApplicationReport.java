package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;

/**
 * An application stopped: OTP's {@code application: bsc, exited: shutdown, type: permanent}.
 *
 * @param application the application's name
 * @param reason why its top supervisor ended
 * @param type {@code permanent}, {@code transient} or {@code temporary}
 * @param detail what led to it, such as the intensity a supervisor exceeded, or empty
 */
public record ApplicationReport(String application, ExitReason reason, String type, String detail) implements Report {
    @Override
    public String kind() {
        return "application";
    }

    @Override
    public boolean isError() {
        return !isInformational() && (!reason.isNormal() || "permanent".equals(type));
    }

    /** An application stopped on request is information, as OTP's {@code exited: stopped} info report. */
    @Override
    public boolean isInformational() {
        return reason instanceof ExitReason.Custom c && "stopped".equals(c.term());
    }

    @Override
    public String format() {
        return "=INFO REPORT====\n    application: " + application + "\n    exited: " + reason + "\n    type: " + type
                + (detail == null || detail.isEmpty() ? "" : "\n    " + detail);
    }
}
