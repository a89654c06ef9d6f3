package io.loomotp.runtime.supervisor;

import io.loomotp.runtime.Pid;
import java.util.Objects;

/**
 * Why a child did not start: a process already holds the name its start registers. OTP's {@code {already_started,
 * Pid}}, the reason a supervisor gives when a child's {@code start_link} answers {@code {error, {already_started,
 * Pid}}}; here the start threw {@link io.loomotp.runtime.AlreadyStartedException}. It is the term of a custom reason:
 * {@code reason instanceof ExitReason.Custom(AlreadyStarted(Pid holder))}.
 *
 * @param holder the process that holds the name
 */
public record AlreadyStarted(Pid holder) {
    public AlreadyStarted {
        Objects.requireNonNull(holder, "holder");
    }

    /** {@code {already_started, Pid}}, as OTP prints it. */
    @Override
    public String toString() {
        return "{already_started, " + holder + "}";
    }
}
