package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import java.time.Duration;

/**
 * One thing a handler did, as {@link ServerHarness} records it: what a process would have handed to the runtime.
 * Plain data, compared with {@code equals} in assertions.
 */
public sealed interface Effect {
    /** A reply to a caller: the handler's return value, or a deferred {@code from.reply(value)}. */
    record Reply(Pid to, Object value) implements Effect {}

    /** A message sent with {@code Process.send}. */
    record Sent(Pid to, Object message) implements Effect {}

    /** A cast with {@code GenServer.cast} (or a generated client's cast method). */
    record Cast(Pid to, Object message) implements Effect {}

    /** {@code Handler.idleTimeout(timeout)}: an idle timeout armed for the next wait. */
    record IdleTimeoutSet(Duration timeout) implements Effect {}

    /** {@code Handler.hibernate()}. */
    record Hibernated() implements Effect {}

    /** {@code Handler.continueWith(continuation)}; the harness runs the continuation at once, as the loop does. */
    record Continued(Object continuation) implements Effect {}

    /** The server stopped: {@code Handler.stop(reason)}, an init that stopped, or a crash; terminate has run. */
    record Stopped(ExitReason reason) implements Effect {}
}
