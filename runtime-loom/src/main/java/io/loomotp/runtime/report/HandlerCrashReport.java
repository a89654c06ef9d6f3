package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * An event handler crashed and was removed from its manager, which lives on: OTP's
 * {@code ** gen_event handler X crashed.} report.
 *
 * @param manager the event manager's pid
 * @param managerName its registered name, or null
 * @param handler the handler's id
 * @param lastEvent the event, call or message it was handling
 * @param state the handler, as it prints
 * @param reason the crash
 */
public record HandlerCrashReport(Pid manager, String managerName, String handler, String lastEvent, String state,
                                 ExitReason reason) implements Report {
    @Override
    public String kind() {
        return "handler";
    }

    @Override
    public boolean isError() {
        return true;
    }

    @Override
    public String format() {
        return "** gen_event handler " + handler + " crashed.\n"
                + "** Was installed in " + (managerName == null ? manager : managerName) + "\n"
                + "** Last event was: " + lastEvent + "\n"
                + "** When handler state == " + state + "\n"
                + "** Reason == " + Reasons.describe(reason);
    }
}
