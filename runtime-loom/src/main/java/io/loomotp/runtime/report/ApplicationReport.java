package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;

/**
 * An application stopped: OTP's {@code application: bsc, exited: shutdown, type: permanent}.
 *
 * @param application the application's name
 * @param reason why its top supervisor ended
 * @param type {@code permanent}, {@code transient} or {@code temporary}; {@code prep_stop} or {@code stop} for a
 *     callback of the application that threw (a report of its own, before the application's exit report)
 * @param detail what led to it, such as the intensity a supervisor exceeded, or empty
 */
public record ApplicationReport(String application, ExitReason reason, String type, String detail) implements Report {
    @Override
    public String kind() {
        return "application";
    }

    /**
     * True if the node stops for it (a permanent application, or a transient one that did not end {@code normal}), or
     * {@code prepStop()} threw (OTP's application_master makes an error report of that: {@code shutdown_error}). The
     * report of an application that ended without stopping the node is a notice ({@link #isNotice()}).
     */
    @Override
    public boolean isError() {
        if (isInformational()) {
            return false;
        }
        return switch (type) {
            case "permanent" -> true;
            case "transient" -> !(reason instanceof ExitReason.Normal);
            case "prep_stop" -> !reason.isNormal();
            default -> false; // temporary: a notice; stop: a warning
        };
    }

    /**
     * True for a temporary application that ended, however it ended, and a transient one that ended {@code normal}:
     * the node runs on, and OTP's application_controller reports it with {@code info_exited}, at notice level
     * ({@code ?LOG_NOTICE}), as it reports every application exit. Logged at INFO. (When the node stops for an
     * application, the same report is an error here: it is the line that says why the node stopped.)
     */
    @Override
    public boolean isNotice() {
        return !isInformational() && !isError() && (type.equals("temporary") || type.equals("transient"));
    }

    /**
     * An application stopped on request. OTP reports an {@code application:stop} at notice level
     * ({@code exited: stopped}), and nothing for the applications a node's shutdown stops; as one report here says
     * both, it is logged at DEBUG, that a node's stop does not log a line per application.
     */
    @Override
    public boolean isInformational() {
        return reason instanceof ExitReason.Custom c && "stopped".equals(c.term());
    }

    /**
     * OTP's application report: {@code =INFO REPORT==== application: A exited: R type: T}. A callback that threw is
     * a report naming the callback, not an exit of a restart type: an error report for {@code prepStop()}, as OTP's
     * application master's; a warning for {@code stop()}, whose failure OTP's master ignores ({@code catch
     * Mod:stop(State)}) and which changes nothing: the application has stopped, with the reason its exit report says.
     */
    @Override
    public String format() {
        String more = detail == null || detail.isEmpty() ? "" : "\n    " + detail;
        if (type.equals("prep_stop") || type.equals("stop")) {
            return (type.equals("stop") ? "=WARNING REPORT====" : "=ERROR REPORT====") + "\n    application: "
                    + application + "\n    callback: " + (type.equals("stop") ? "stop()" : "prepStop()")
                    + "\n    threw: " + reason + more;
        }
        return "=INFO REPORT====\n    application: " + application + "\n    exited: " + reason + "\n    type: " + type
                + more;
    }
}
