package io.loomotp.runtime.server;

import io.loomotp.runtime.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What a server's init decides: OTP's {@code {ok, State}}, {@code ignore}, {@code {stop, Reason}} and (OTP 26)
 * {@code {error, Reason}}. An {@code @Init} method may return {@code void} (meaning {@link #ok()}) or one of these.
 */
public sealed interface InitResult {

    /** Start, and wait for messages. */
    static InitResult ok() {
        return Ok.NO_TIMEOUT;
    }

    /** Start, and deliver {@link IdleTimeout} if no message arrives within {@code timeout}. */
    static InitResult ok(Duration timeout) {
        return new Ok(Objects.requireNonNull(timeout, "timeout"));
    }

    /** Do not start, and do not fail: {@code start} returns no process, and a supervisor keeps the child's spec. */
    static InitResult ignore() {
        return Ignore.INSTANCE;
    }

    /** Fail the start with a reason: {@code start} throws {@code StartFailedException(reason)}. */
    static InitResult stop(ExitReason reason) {
        return new Stop(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Fail the start quietly: {@code start} throws {@code StartFailedException(reason)}, while the process ends with
     * {@code normal}, so no crash report is written: OTP 26's {@code {error, Reason}} from {@code init/1}, for a start
     * refused for a reason that is no fault (a port in use, a missing configuration), where {@link #stop} is a
     * failure worth a report.
     */
    static InitResult error(ExitReason reason) {
        return new Failed(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Started.
     *
     * @param timeout an idle timeout for the first wait, or null for none
     */
    record Ok(Duration timeout) implements InitResult {
        static final Ok NO_TIMEOUT = new Ok(null);

        public Ok {
            if (timeout != null && timeout.isNegative()) { // as Handler.idleTimeout: OTP's loop fails on it too
                throw new IllegalArgumentException("InitResult.ok(" + timeout + "): an idle timeout must not be "
                        + "negative: give Duration.ZERO to time out at once, or InitResult.ok() for none");
            }
        }
    }

    /** Not started, by choice. */
    enum Ignore implements InitResult {
        INSTANCE
    }

    /** Start failed with a reason. */
    record Stop(ExitReason reason) implements InitResult {}

    /** Start refused with a reason, quietly: {@link #error}. */
    record Failed(ExitReason reason) implements InitResult {}
}
