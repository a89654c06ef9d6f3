package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.inline.InlineProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the synchronous harnesses ({@link ServerHarness}, {@link StateMachineHarness}) share: a behaviour's handlers run
 * on the test's thread, with a pid of their own, and what they do is kept as a log of {@link Effect}s until they
 * stop.
 *
 * <p>It owns the effect log, the harness's pid and the stop reason, and records the effects both kinds of handler have
 * in common (sends and casts, hibernation, a stop asked for) through {@link Recording}; each harness adds what its
 * behaviour alone has (replies and idle timeouts of a server; a machine's timeouts, state changes and postponed
 * events). Sealed: a harness of another behaviour belongs in the kit, beside these two.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public abstract sealed class BehaviourHarness permits ServerHarness, StateMachineHarness {
    private final Pid self = HarnessPid.next();
    private final List<Effect> effects = new ArrayList<>();
    private ExitReason stopped;

    BehaviourHarness() {}

    /** A pid for a caller or a peer in this test, distinct from every other the harnesses made. */
    public static Pid pid() {
        return HarnessPid.next();
    }

    /** The pid the behaviour's {@code Process.self()} answers. */
    public final Pid self() {
        return self;
    }

    /** The state as a trace or {@code getState} renders it, through the generated formatter. */
    public abstract String formattedState();

    /** Every effect recorded so far, in order. */
    public final List<Effect> effects() {
        return List.copyOf(effects);
    }

    /** The effects recorded since the last call of this method (or since the start), and forgets them. */
    public final List<Effect> takeEffects() {
        List<Effect> taken = List.copyOf(effects);
        effects.clear();
        return taken;
    }

    /** True once the behaviour has stopped; it takes no more messages. */
    public final boolean isStopped() {
        return stopped != null;
    }

    /** Why it stopped, or null while it runs. */
    public final ExitReason stopReason() {
        return stopped;
    }

    /**
     * Stops the behaviour as {@code gen_server:stop/3} or {@code gen_statem:stop/3} would: its terminate runs with
     * {@code reason} (a state machine's pending timeouts are dropped), and it takes nothing more.
     *
     * @throws IllegalStateException if it has stopped already
     */
    public final void stop(ExitReason reason) throws Exception {
        Objects.requireNonNull(reason, "reason");
        requireRunning();
        terminate(reason);
    }

    /** Runs the behaviour's terminate with {@code reason}, and records it stopped. */
    abstract void terminate(ExitReason reason) throws Exception;

    // ------------------------------------------------------------------------------------------------------------
    // For the harnesses

    /** What the behaviour is called in a refusal: "server", "machine". */
    abstract String noun();

    /** What it takes, in a refusal: "messages", "events". */
    abstract String takes();

    /** The live log, for the reply slots the harness hands to handlers (they record their replies in it). */
    final List<Effect> log() {
        return effects;
    }

    final void record(Effect effect) {
        effects.add(effect);
    }

    /** Marks the behaviour stopped, without recording it (a start that failed by an exception). */
    final void markStopped(ExitReason reason) {
        stopped = reason;
    }

    /** Marks the behaviour stopped and records {@link Effect.Stopped}. */
    final void recordStopped(ExitReason reason) {
        stopped = reason;
        effects.add(new Effect.Stopped(reason));
    }

    /**
     * Refuses a message once the behaviour has stopped.
     *
     * @throws IllegalStateException naming why it stopped
     */
    void requireRunning() {
        if (stopped != null) {
            throw new IllegalStateException("the " + noun() + " has stopped (" + stopped + "): it takes no more "
                    + takes());
        }
    }

    /**
     * What the runtime hands to a harness while one of its handlers runs: records the effects every behaviour has,
     * and keeps the stop a handler asked for until the harness acts on it (after the replies, as OTP does).
     */
    abstract class Recording implements InlineProcess {
        ExitReason stop;

        @Override
        public final Pid self() {
            return self;
        }

        @Override
        public final void send(Pid to, Object message, boolean cast) {
            effects.add(cast ? new Effect.Cast(to, message) : new Effect.Sent(to, message));
        }

        @Override
        public final void request(Pid to, Object request, io.loomotp.runtime.RequestId id) {
            effects.add(new Effect.Requested(to, request, id));
        }

        @Override
        public final void stop(ExitReason reason) {
            stop = reason;
        }

        @Override
        public final void hibernate() {
            effects.add(new Effect.Hibernated());
        }

        /** The stop a handler asked for, taken (null if none). */
        final ExitReason takeStop() {
            ExitReason r = stop;
            stop = null;
            return r;
        }
    }
}
