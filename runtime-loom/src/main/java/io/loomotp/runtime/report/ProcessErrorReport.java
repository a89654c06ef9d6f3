package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * An exception escaped a plain process (one that runs no behaviour): Erlang's
 * {@code Error in process <0.42.0> with exit value: ...}.
 *
 * @param pid the process
 * @param name its registered name, or null
 * @param reason the crash
 */
public record ProcessErrorReport(Pid pid, String name, ExitReason reason) implements Report {
    @Override
    public String kind() {
        return "error";
    }

    @Override
    public boolean isError() {
        return true;
    }

    @Override
    public String format() {
        return "Error in process " + pid + (name == null ? "" : " (" + name + ")") + " with exit value:\n"
                + Reasons.describe(reason);
    }
}
