package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * A behaviour ended for a reason other than normal or shutdown: OTP's {@code ** Generic server … terminating}.
 *
 * @param pid the process
 * @param name its registered name, or null
 * @param behaviour {@code gen_server}, {@code gen_statem}, ...
 * @param module the user's class
 * @param lastMessage the last message handled, formatted, or null if it crashed outside a message
 * @param state the state when it crashed, formatted by the behaviour's formatter; null for a proc_lib process,
 *     whose state the runtime does not know
 * @param reason why it ended
 * @param detail behaviour-specific lines (a state machine's state and postponed events), or empty
 */
public record CrashReport(Pid pid, String name, String behaviour, String module, String lastMessage, String state,
                          ExitReason reason, String detail) implements Report {
    /**
     * This report with its state and last message cut to {@code maxChars} characters each, saying how much was cut:
     * a crash with a huge state must not flood the log.
     */
    public CrashReport truncated(int maxChars) {
        String m = cut(lastMessage, maxChars);
        String s = cut(state, maxChars);
        return m == lastMessage && s == state ? this
                : new CrashReport(pid, name, behaviour, module, m, s, reason, detail);
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "... (" + (text.length() - max) + " more characters)";
    }

    @Override
    public String kind() {
        return "crash";
    }

    @Override
    public boolean isError() {
        return true;
    }

    @Override
    public String format() {
        String who = name != null ? name : String.valueOf(pid);
        String title = switch (behaviour) {
            case "gen_server" -> "Generic server";
            case "gen_statem" -> "State machine";
            case "gen_event" -> "Event manager";
            case "supervisor" -> "Supervisor";
            case "proc_lib" -> "Process";
            default -> behaviour;
        };
        StringBuilder b = new StringBuilder();
        b.append("** ").append(title).append(' ').append(who).append(" terminating\n");
        if (lastMessage != null) {
            b.append("** Last message in was ").append(lastMessage).append('\n');
        }
        if (detail != null && !detail.isEmpty()) {
            b.append(detail);
            if (!detail.endsWith("\n")) {
                b.append('\n');
            }
        }
        if (state != null) { // a proc_lib process has no state the runtime knows
            b.append("** When Server state == ").append(state).append('\n'); // gen_server.erl's words
        }
        b.append("** Reason for termination ==\n** ").append(Reasons.describe(reason));
        return b.toString();
    }
}
