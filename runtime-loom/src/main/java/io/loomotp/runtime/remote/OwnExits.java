package io.loomotp.runtime.remote;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.internal.ExitUnwind;

/**
 * Tells a process's own exit ({@code Process.exit(reason)}, Erlang's {@code exit/1}, raised by the code it runs) from
 * an exit signal that ended it from outside, for the cluster's rpc server: erpc answers the first
 * {@code exit({exception, Reason})} and the second {@code exit({signal, Reason})}. Not an API: exported to the
 * cluster module only.
 */
public final class OwnExits {
    private OwnExits() {}

    /**
     * The reason, if {@code thrown} is the calling process's own {@code Process.exit(reason)} unwinding it; null for
     * anything else, such as the unwinding of a process an exit signal has killed already.
     */
    public static ExitReason raised(Throwable thrown) {
        return thrown instanceof ExitUnwind u && !u.alreadyDead && u.startError == null ? u.reason : null;
    }
}
