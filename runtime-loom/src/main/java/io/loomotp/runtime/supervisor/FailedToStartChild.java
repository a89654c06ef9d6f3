package io.loomotp.runtime.supervisor;

import io.loomotp.runtime.ExitReason;
import java.util.Objects;

/**
 * Why a supervisor's start failed: OTP's {@code {failed_to_start_child, Id, Reason}}, the detail of the
 * {@code shutdown} reason its start fails with, so that a caller can take it apart:
 * {@code e.reason() instanceof ExitReason.Shutdown(FailedToStartChild(String id, ExitReason why))}.
 *
 * @param id the child that did not start
 * @param reason why it did not
 */
public record FailedToStartChild(String id, ExitReason reason) {
    public FailedToStartChild {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code {failed_to_start_child, Id, Reason}}, as OTP prints it. */
    @Override
    public String toString() {
        return "{failed_to_start_child, " + id + ", " + reason + "}";
    }
}
