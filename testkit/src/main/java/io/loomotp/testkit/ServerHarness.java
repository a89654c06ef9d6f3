package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.inline.Inline;
import io.loomotp.runtime.inline.InlineProcess;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A synchronous test of a {@code @Server}: its handlers run on the test's own thread, through the generated dispatch,
 * with no node and no process, and what they do is recorded as {@link Effect}s (replies, sends and casts, idle
 * timeouts, hibernation, continuations, stop). Pekko's {@code BehaviorTestKit} and ergo's unit kit in the kit's
 * terms.
 *
 * <pre>{@code
 * ServerHarness<Frequency> h = ServerHarness.of(Frequency.class, new Frequency(List.of(10, 11)));
 * assertThat(h.call(Frequency_Dispatch.Allocate.INSTANCE)).isEqualTo(new Allocation(10));
 * }</pre>
 *
 * <p>It runs what the generic loop would run for each message, in the same order: the handler, then a continuation
 * it asked for, then {@code terminate} if it asked to stop or threw. {@code Process.self()} answers a pid of the
 * harness's own ({@code <0.1>}; callers are {@code <0.2>}, ... unless given); a send or cast is recorded, never
 * delivered. What it cannot show, by design: interleavings with other processes, calls the handler makes to other
 * processes (a call needs a live callee: it fails), timers armed through the node ({@code Node.sendAfter}),
 * supervision, links and monitors, and sys debugging. For those, test on a node with {@link LoomOtpTest}.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class ServerHarness<S> {
    private final ServerCallbacks<S> callbacks;
    private final S server;
    private final Pid self = HarnessPid.next();
    private final List<Effect> effects = new ArrayList<>();
    private final Recorder recorder = new Recorder();
    private ExitReason stopped;
    private Duration idleTimeout;

    private ServerHarness(ServerCallbacks<S> callbacks, S server) {
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.server = Objects.requireNonNull(server, "server");
    }

    /** A harness over {@code server}, run through {@code callbacks} (a generated {@code <Name>_Dispatch.INSTANCE}). */
    public static <S> ServerHarness<S> of(ServerCallbacks<S> callbacks, S server) {
        return new ServerHarness<>(callbacks, server);
    }

    /**
     * A harness over {@code server}, run through the dispatch the processor generated for {@code type}
     * ({@code Frequency_Dispatch} for {@code Frequency}, {@code Outer_Inner_Dispatch} for a nested class).
     *
     * @throws IllegalArgumentException if {@code type} has no generated dispatch: it is not a {@code @Server}, or the
     *     processor did not run
     */
    public static <S> ServerHarness<S> of(Class<S> type, S server) {
        return new ServerHarness<>(GeneratedDispatch.of(type), server);
    }

    /** The server instance, as the handlers left it. */
    public S server() {
        return server;
    }

    /** The state as a trace or {@code getState} renders it, through the generated formatter. */
    public String formattedState() {
        return callbacks.formatState(server);
    }

    /** The pid the server's {@code Process.self()} answers. */
    public Pid self() {
        return self;
    }

    /** A pid for a caller or a peer in this test, distinct from every other the harness made. */
    public static Pid pid() {
        return HarnessPid.next();
    }

    /**
     * Runs {@code init}, as {@code start} would inside the new process. A stop or an exception stops the server
     * (without {@code terminate}, as a failed start does not call it).
     */
    public InitResult init() throws Exception {
        requireRunning();
        try {
            InitResult r = Inline.run(recorder, () -> callbacks.init(server));
            if (r instanceof InitResult.Stop(ExitReason reason)) {
                stopped = reason;
                effects.add(new Effect.Stopped(reason));
            } else if (r instanceof InitResult.Ok(Duration timeout) && timeout != null) {
                recorder.idleTimeout(timeout);
            }
            return r;
        } catch (Exception e) {
            stopped = new ExitReason.Crash(e);
            throw e;
        }
    }

    /**
     * Sends a call from a fresh caller pid and returns the reply the handler gave, directly or through
     * {@code from.reply} before it returned.
     *
     * @throws IllegalStateException if the handler deferred its reply (find it later in {@link #effects()})
     * @throws Exception what the handler threw; the server has then stopped with that crash, terminate having run
     */
    public Object call(Object request) throws Exception {
        return call(pid(), request);
    }

    /** {@link #call(Object)} from the caller {@code from}. */
    public Object call(Pid from, Object request) throws Exception {
        Objects.requireNonNull(request, "request");
        HarnessFrom slot = new HarnessFrom(from, effects);
        Object direct = handle(() -> callbacks.handleCall(server, request, slot));
        if (direct != ServerCallbacks.NO_REPLY) {
            slot.reply(direct);
        }
        if (slot.pending) {
            throw new IllegalStateException("the handler of " + callbacks.formatMessage(request) + " deferred its "
                    + "reply: it is not answered yet; a later from.reply shows in effects() as a Reply to " + from);
        }
        runStop();
        return slot.value;
    }

    /**
     * Gives the server a call and returns its reply slot without requiring an answer: for a handler that defers
     * its reply; {@link Effect.Reply} shows when it is answered.
     */
    public From callDeferred(Object request) throws Exception {
        Objects.requireNonNull(request, "request");
        HarnessFrom slot = new HarnessFrom(pid(), effects);
        Object direct = handle(() -> callbacks.handleCall(server, request, slot));
        if (direct != ServerCallbacks.NO_REPLY) {
            slot.reply(direct);
        }
        runStop();
        return slot;
    }

    /** Gives the server a cast. */
    public void cast(Object message) throws Exception {
        Objects.requireNonNull(message, "message");
        handle(() -> {
            callbacks.handleCast(server, message);
            return null;
        });
        runStop();
    }

    /** Gives the server any other message, as its {@code @Info} handlers get it. */
    public void info(Object message) throws Exception {
        Objects.requireNonNull(message, "message");
        handle(() -> callbacks.handleInfo(server, message));
        runStop();
    }

    /**
     * Fires the idle timeout the last handler armed ({@code Handler.idleTimeout}), as no message arriving in time would.
     *
     * @throws IllegalStateException if the last handler armed none
     */
    public void fireIdleTimeout() throws Exception {
        if (idleTimeout == null) {
            throw new IllegalStateException("no idle timeout is armed: the last handler did not call "
                    + "Handler.idleTimeout");
        }
        info(IdleTimeout.INSTANCE);
    }

    /** Every effect recorded so far, in order. */
    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    /** The effects recorded since the last call of this method, and forgets them. */
    public List<Effect> takeEffects() {
        List<Effect> taken = List.copyOf(effects);
        effects.clear();
        return taken;
    }

    /** True once the server has stopped; it takes no more messages. */
    public boolean isStopped() {
        return stopped != null;
    }

    /** Why it stopped, or null while it runs. */
    public ExitReason stopReason() {
        return stopped;
    }

    private <T> T handle(Callable<T> handler) throws Exception {
        requireRunning();
        idleTimeout = null; // an idle timeout covers the next wait only
        try {
            T result = Inline.run(recorder, handler);
            while (recorder.continuation != null && recorder.stop == null) {
                Object c = recorder.continuation;
                recorder.continuation = null;
                Inline.run(recorder, () -> {
                    callbacks.handleContinue(server, c);
                    return null;
                });
            }
            return result;
        } catch (Exception e) {
            terminate(new ExitReason.Crash(e));
            throw e;
        }
    }

    /** Runs terminate if the handler asked to stop; after the reply, as gen_server replies first. */
    private void runStop() throws Exception {
        if (recorder.stop != null) {
            ExitReason reason = recorder.stop;
            recorder.stop = null;
            terminate(reason);
        }
    }

    private void terminate(ExitReason reason) throws Exception {
        stopped = reason;
        Inline.run(recorder, () -> {
            callbacks.terminate(server, reason);
            return null;
        });
        effects.add(new Effect.Stopped(reason));
    }

    private void requireRunning() {
        if (stopped != null) {
            throw new IllegalStateException("the server has stopped (" + stopped + "): it takes no more messages");
        }
    }

    /** What the runtime hands to the harness while one of its handlers runs. */
    private final class Recorder implements InlineProcess {
        ExitReason stop;
        Object continuation;

        @Override
        public Pid self() {
            return self;
        }

        @Override
        public void send(Pid to, Object message, boolean cast) {
            effects.add(cast ? new Effect.Cast(to, message) : new Effect.Sent(to, message));
        }

        @Override
        public void stop(ExitReason reason) {
            stop = reason;
        }

        @Override
        public void idleTimeout(Duration timeout) {
            idleTimeout = timeout;
            effects.add(new Effect.IdleTimeoutSet(timeout));
        }

        @Override
        public void hibernate() {
            effects.add(new Effect.Hibernated());
        }

        @Override
        public void continueWith(Object c) {
            continuation = c;
            effects.add(new Effect.Continued(c));
        }
    }
}
