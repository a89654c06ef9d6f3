package io.loomotp.runtime.report;

import io.loomotp.Overflow;
import io.loomotp.runtime.Pid;

/**
 * A bounded mailbox refused or dropped messages. Reported at most once a second per process, with the count since
 * the last report, so that nothing is dropped silently and the log is not flooded.
 *
 * @param pid the process whose mailbox was full
 * @param name its registered name, or null
 * @param count messages refused or dropped since the last report
 * @param capacity the mailbox's bound
 * @param policy its overflow policy
 */
public record DropReport(Pid pid, String name, long count, int capacity, Overflow policy) implements Report {
    @Override
    public String kind() {
        return "drop";
    }

    @Override
    public boolean isError() {
        return false;
    }

    @Override
    public String format() {
        return count + " messages dropped by " + pid + (name == null ? "" : " (" + name + ")")
                + " (mailbox full: capacity " + capacity + ", policy " + policy + ")";
    }
}
