package io.loomotp.runtime.inline;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import java.time.Duration;

/**
 * What a behaviour's handler, run inline on a test's thread with no process behind it, asks of the test harness that
 * runs it: the effects {@code Process} and {@code Handler} would otherwise hand to the runtime. The test kit's
 * synchronous harnesses implement it and record each effect.
 *
 * <p>The first six are a server's and a state machine's; the rest only a state machine's generic part asks, and a
 * server's harness leaves them to their defaults. Not an API for applications: exported only to the test kit.
 * Threading: called on the thread that {@link Inline#run} binds it to.
 */
public interface InlineProcess {
    /** The pid {@code Process.self()} and {@code Handler.self()} answer. */
    Pid self();

    /** A message sent with {@code Process.send}, or a cast ({@code cast} true) with {@code GenServer.cast}. */
    void send(Pid to, Object message, boolean cast);

    /**
     * An asynchronous request ({@code GenServer.sendRequest}) the handler sent, with the id it got back. Not sent:
     * the harness records it, and its response comes when the test hands one to the behaviour as a message.
     */
    void request(Pid to, Object request, io.loomotp.runtime.RequestId id);

    /** {@code Handler.stop(reason)}. */
    void stop(ExitReason reason);

    /** {@code Handler.idleTimeout(timeout)}. */
    void idleTimeout(Duration timeout);

    /** {@code Handler.hibernate()}. */
    void hibernate();

    /** {@code Handler.continueWith(continuation)}. */
    void continueWith(Object continuation);

    /**
     * A state machine's timer: after {@code delay} on the harness's clock, {@code message} is to be handed back to the
     * machine as a message ({@code handleInfo}) unless the timer is cancelled first. {@code event} is the public event
     * it becomes ({@code StateTimeout}, {@code GenericTimeout}), for the harness to show.
     */
    default Timer sendAfter(Duration delay, Object message, Object event) {
        throw new UnsupportedOperationException("a timer of a state machine, run by a harness that has no clock");
    }

    /**
     * A state machine's event timeout: after {@code delay} with no event, the harness hands the machine
     * {@code IdleTimeout.INSTANCE}, which it turns into {@code event} (an {@code EventTimeout}).
     */
    default void eventTimeout(Duration delay, Object event) {
        idleTimeout(delay);
    }

    /** A state machine changed its state (not called for the first state). */
    default void stateChanged(Object from, Object to) {}

    /** A state machine postponed {@code event}, to retry it after the next state change. */
    default void postponed(Object event) {}

    /**
     * A state machine took no handler for an event and dropped it, as a process would after logging a report;
     * {@code from} is the caller of a call event, whose call fails with {@code failure}, or null.
     */
    default void unhandled(String description, From from, RuntimeException failure) {}

    /** A timer armed by {@link #sendAfter}. */
    interface Timer {
        /** Cancels it; false if it had already fired or been cancelled. */
        boolean cancel();

        /** The time left before it fires; zero once it has fired or been cancelled. */
        Duration remaining();
    }
}
