package io.loomotp.runtime.report;

import io.loomotp.runtime.Pid;

/**
 * SASL's alarm handler set or cleared an alarm: its {@code error_logger:info_report([{alarm_handler, {set, Alarm}}])}.
 * Information, logged at DEBUG as OTP's logger hides info reports at its default level; a report handler
 * ({@code Node.onReport}) sees every one.
 *
 * @param manager the alarm manager
 * @param set true for a set, false for a clear
 * @param id the alarm's id
 * @param description the description of a set alarm; null for a clear
 */
public record AlarmReport(Pid manager, boolean set, Object id, Object description) implements Report {
    @Override
    public String kind() {
        return "alarm";
    }

    @Override
    public boolean isError() {
        return false;
    }

    @Override
    public boolean isInformational() {
        return true;
    }

    @Override
    public String format() {
        return "=INFO REPORT====\n    alarm_handler: "
                + (set ? "{set,{" + id + "," + description + "}}" : "{clear," + id + "}");
    }
}
