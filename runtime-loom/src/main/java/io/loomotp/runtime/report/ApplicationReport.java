package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;

/**
 * An application stopped: OTP's {@code application: bsc, exited: shutdown, type: permanent}.
 *
 * @param application the application's name
 * @param reason why its top supervisor ended
 * @param type {@code permanent}, {@code transient} or {@code temporary}; {@code prep_stop} or {@code stop} for a
 *     callback of the application that threw
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

    /**
     * OTP's application report: {@code =INFO REPORT==== application: A exited: R type: T}. A callback that threw
     * ({@code prepStop()} or {@code stop()}) is an error report naming the callback, not an exit of a restart type.
     */
    @Override
    public String format() {
        String more = detail == null || detail.isEmpty() ? "" : "\n    " + detail;
        if (type.equals("prep_stop") || type.equals("stop")) {
            return "=ERROR REPORT====\n    application: " + application + "\n    callback: "
                    + (type.equals("stop") ? "stop()" : "prepStop()") + "\n    threw: " + reason + more;
        }
        return "=INFO REPORT====\n    application: " + application + "\n    exited: " + reason + "\n    type: " + type
                + more;
    }
}
