package io.loomotp.runtime;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The timeouts the runtime uses by default, and the explicit infinity.
 *
 * <p>A call waits {@link #DEFAULT_CALL} unless told otherwise, as {@code gen_server:call/2} waits 5 s. Waiting forever
 * must be asked for by passing {@link #INFINITY}, so that it is visible in the code. Any duration at least as long as
 * {@link #INFINITY} is treated as infinite; a negative duration is rejected with {@link IllegalArgumentException}.
 */
public final class Timeouts {
    private Timeouts() {}

    /** No timeout: wait for as long as it takes. */
    public static final Duration INFINITY = ChronoUnit.FOREVER.getDuration();

    /** The default timeout of a call: 5 seconds. */
    public static final Duration DEFAULT_CALL = Duration.ofSeconds(5);
}
