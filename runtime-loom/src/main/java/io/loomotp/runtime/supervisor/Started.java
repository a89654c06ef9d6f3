package io.loomotp.runtime.supervisor;

import io.loomotp.runtime.Pid;
import java.util.Objects;

/**
 * A child that started, with what its start answered besides its pid: OTP's {@code {ok, Pid, Info}}. The supervisor
 * keeps nothing of {@code info}: it hands it, unchanged, to the caller of {@link Supervisor#startChildWithInfo} or
 * {@link Supervisor#restartChildWithInfo}, as {@code supervisor:start_child/2} and {@code restart_child/2} do, and
 * drops it on an automatic restart.
 *
 * @param pid the child's process
 * @param info what its start answered besides, or null for none (OTP's {@code {ok, Pid}})
 */
public record Started(Pid pid, Object info) {
    public Started {
        Objects.requireNonNull(pid, "pid");
    }
}
