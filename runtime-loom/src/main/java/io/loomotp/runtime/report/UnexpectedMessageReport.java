package io.loomotp.runtime.report;

import io.loomotp.runtime.Pid;

/**
 * A behaviour received a message it has no handler for, and dropped it. Reported once per message type and process,
 * at WARN, as OTP's {@code gen_server} warns about an unexpected {@code handle_info} message.
 *
 * @param pid the process
 * @param name its registered name, or null
 * @param module the user's class
 * @param message the message, formatted
 */
public record UnexpectedMessageReport(Pid pid, String name, String module, String message) implements Report {
    @Override
    public String kind() {
        return "unexpected";
    }

    @Override
    public boolean isError() {
        return false;
    }

    @Override
    public String format() {
        return (name == null ? String.valueOf(pid) : name) + " (" + module + ") received unexpected message: "
                + message + " (dropped; later messages of this type are dropped without a report)";
    }
}
