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

    /**
     * True if the node stops for it (a permanent application, or a transient one that did not end {@code normal}), or
     * a callback of the application threw. A temporary application that ended is information, as OTP's
     * {@code info_exited}, logged at notice level: nothing else stops.
     */
    @Override
    public boolean isError() {
        if (isInformational()) {
            return false;
        }
        return switch (type) {
            case "permanent" -> true;
            case "transient" -> !(reason instanceof ExitReason.Normal);
            case "temporary" -> false;
            default -> !reason.isNormal(); // prep_stop, stop: a callback that threw
        };
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
