package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import java.time.Duration;

/**
 * One thing a handler did, as {@link ServerHarness} and {@link StateMachineHarness} record it: what a process would
 * have handed to the runtime. Plain data, compared with {@code equals} in assertions. The last seven are a state
 * machine's only.
 */
public sealed interface Effect {
    /** A reply to a caller: the handler's return value, or a deferred {@code from.reply(value)}. */
    record Reply(Pid to, Object value) implements Effect {}

    /** A message sent with {@code Process.send}. */
    record Sent(Pid to, Object message) implements Effect {}

    /** A cast with {@code GenServer.cast} (or a generated client's cast method). */
    record Cast(Pid to, Object message) implements Effect {}

    /**
     * An asynchronous request with {@code GenServer.sendRequest} (or a generated client's {@code sendRequest()}),
     * recorded, not sent: {@code id} is what the handler got back. The test answers it by handing the behaviour a
     * {@code Response} as a message: {@code harness.info(new Response.Reply(id, value))}.
     */
    record Requested(Pid to, Object request, io.loomotp.runtime.RequestId id) implements Effect {}

    /** {@code Handler.idleTimeout(timeout)}: an idle timeout armed for the next wait. */
    record IdleTimeoutSet(Duration timeout) implements Effect {}

    /** {@code Handler.hibernate()}. */
    record Hibernated() implements Effect {}

    /** {@code Handler.continueWith(continuation)}; the harness runs the continuation at once, as the loop does. */
    record Continued(Object continuation) implements Effect {}

    /** The server stopped: {@code Handler.stop(reason)}, an init that stopped, or a crash; terminate has run. */
    record Stopped(ExitReason reason) implements Effect {}

    /** A call failed instead of being answered: the caller would get {@code failure} thrown. */
    record CallFailed(Pid to, RuntimeException failure) implements Effect {}

    /** The state machine went from state {@code from} to {@code to} (not shown for its first state). */
    record StateChanged(Object from, Object to) implements Effect {}

    /** The state machine postponed {@code event}: it is retried after the next state change. */
    record Postponed(Object event) implements Effect {}

    /**
     * A timeout was set: {@code timeout} is the event it delivers when it fires, a {@code StateTimeout},
     * {@code EventTimeout} or {@code GenericTimeout} with its content; {@code after} is its delay.
     */
    record TimeoutSet(Object timeout, Duration after) implements Effect {}

    /** A pending timeout was cancelled before it fired: by an action, a state change or (an event timeout) an event. */
    record TimeoutCancelled(Object timeout) implements Effect {}

    /** A timeout fell due on the harness's clock and was handed to the machine. */
    record TimeoutFired(Object timeout) implements Effect {}

    /** An event no handler took, dropped as a process would after logging a report: {@code "event in state S"}. */
    record Unhandled(String description) implements Effect {}
}
