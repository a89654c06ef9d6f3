package io.loomotp.runtime.inline;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import java.time.Duration;

/**
 * What a behaviour's handler, run inline on a test's thread with no process behind it, asks of the test harness that
 * runs it: the effects {@code Process} and {@code Handler} would otherwise hand to the runtime. The test kit's
 * synchronous harness implements it and records each effect.
 *
 * <p>Not an API for applications: exported only to the test kit. Threading: called on the thread that
 * {@link Inline#run} binds it to.
 */
public interface InlineProcess {
    /** The pid {@code Process.self()} and {@code Handler.self()} answer. */
    Pid self();

    /** A message sent with {@code Process.send}, or a cast ({@code cast} true) with {@code GenServer.cast}. */
    void send(Pid to, Object message, boolean cast);

    /** {@code Handler.stop(reason)}. */
    void stop(ExitReason reason);

    /** {@code Handler.idleTimeout(timeout)}. */
    void idleTimeout(Duration timeout);

    /** {@code Handler.hibernate()}. */
    void hibernate();

    /** {@code Handler.continueWith(continuation)}. */
    void continueWith(Object continuation);
}
