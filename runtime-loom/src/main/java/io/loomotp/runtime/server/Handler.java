package io.loomotp.runtime.server;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.inline.Inline;
import io.loomotp.runtime.inline.InlineProcess;
import io.loomotp.runtime.internal.LoopControl;
import io.loomotp.runtime.internal.ProcessImpl;
import java.time.Duration;
import java.util.Objects;

/**
 * What a handler can ask of the loop that runs it: OTP's return-value options ({@code stop}, a timeout,
 * {@code hibernate}, {@code {continue, C}}) as calls. Each takes effect when the current handler returns.
 *
 * <p>Threading contract: call these only from inside a handler (or {@code init}) of a behaviour, on its own thread;
 * elsewhere they throw {@link IllegalStateException}.
 */
public final class Handler {
    private Handler() {}

    /** The running process's pid; the same as {@link Process#self()}. */
    public static Pid self() {
        return Process.self();
    }

    /**
     * Stops the server once this handler returns: a call's reply is sent first, then {@code terminate} runs with
     * {@code reason}, as OTP's {@code {stop, Reason, Reply, State}}.
     */
    public static void stop(ExitReason reason) {
        control("Handler.stop").requestStop(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Delivers {@link IdleTimeout} if no message arrives within {@code timeout} after this handler returns: OTP's
     * timeout in a return tuple. It covers the next wait only. {@link io.loomotp.runtime.Timeouts#INFINITY} is OTP's
     * {@code infinity}: no timeout (and none of an earlier call in the same handler).
     */
    public static void idleTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        control("Handler.idleTimeout").requestIdleTimeout(timeout);
    }

    /**
     * Hibernates once this handler returns: the process lets go of what it keeps for speed (its stack and mailbox
     * buffers) until the next message. Worth it for a process that will be idle a long time; it costs a little on
     * the next message.
     */
    public static void hibernate() {
        control("Handler.hibernate").requestHibernate();
    }

    /**
     * Runs the server's {@code handleContinue} (its {@code @Continue} method for this continuation's type) as soon as
     * this handler returns, before the server takes any message, system messages included: OTP's
     * {@code {continue, Continue}}. From {@code @Init}, it lets the start return at once while the rest of the setup
     * runs on the server's own thread, with no message able to come first; from a handler, it splits long work into
     * steps. A later call in the same handler replaces the continuation; {@link #stop} wins over it.
     *
     * @throws IllegalStateException outside a gen_server's handler or init (a state machine inserts events with
     *     {@code Transition.nextEvent} instead)
     */
    public static void continueWith(Object continuation) {
        control("Handler.continueWith").requestContinue(Objects.requireNonNull(continuation, "continuation"));
    }

    private static LoopControl control(String what) {
        if (ProcessImpl.current() == null && Inline.current() != null) {
            return inline(Inline.current()); // run inline by the test kit's synchronous harness
        }
        ProcessImpl p = ProcessImpl.currentOrThrow(what);
        if (p.behaviour() instanceof LoopControl c) {
            return c;
        }
        throw new IllegalStateException(what + " must be called from a behaviour's handler; " + p
                + " runs no behaviour");
    }

    /** The requests of a handler run inline, handed to the harness that runs it. */
    private static LoopControl inline(InlineProcess p) {
        return new LoopControl() {
            @Override
            public void requestStop(ExitReason reason) {
                p.stop(reason);
            }

            @Override
            public void requestIdleTimeout(Duration timeout) {
                p.idleTimeout(timeout);
            }

            @Override
            public void requestHibernate() {
                p.hibernate();
            }

            @Override
            public void requestContinue(Object continuation) {
                p.continueWith(continuation);
            }
        };
    }
}
