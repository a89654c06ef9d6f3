package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.inline.Inline;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import java.time.Duration;
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
 * <p>The effect log, the pid and the stop it shares with {@link StateMachineHarness} ({@link BehaviourHarness}). Not
 * thread-safe: one test thread drives it.
 */
public final class ServerHarness<S> extends BehaviourHarness {
    private final ServerCallbacks<S> callbacks;
    private final S server;
    private final Recorder recorder = new Recorder();
    /** Set by the first {@link #init}: a server starts once. */
    private boolean initRan;
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

    @Override
    public String formattedState() {
        return callbacks.formatState(server);
    }

    /**
     * Runs {@code init}, as {@code start} would inside the new process. A stop or an exception stops the server
     * (without {@code terminate}, as a failed start does not call it).
     */
    public InitResult init() throws Exception {
        requireRunning();
        if (initRan) {
            throw new IllegalStateException("init has already run: a server is started once (a second @Init on the "
                    + "same state would, say, add its free frequencies twice); make a new ServerHarness to start again");
        }
        initRan = true;
        try {
            InitResult r = Inline.run(recorder, () -> callbacks.init(server));
            if (r instanceof InitResult.Stop(ExitReason reason)) {
                recordStopped(reason);
            } else if (r instanceof InitResult.Failed(ExitReason reason)) {
                recordStopped(reason); // the start's reason, which a test asserts on (the process would end normal)
            } else if (r instanceof InitResult.Ok(Duration timeout) && timeout != null) {
                recorder.idleTimeout(timeout);
            }
            return r;
        } catch (Exception e) {
            markStopped(new ExitReason.Crash(e));
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
        HarnessFrom slot = new HarnessFrom(from, log());
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
        HarnessFrom slot = new HarnessFrom(pid(), log());
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
        ExitReason reason = recorder.takeStop();
        if (reason != null) {
            terminate(reason);
        }
    }

    @Override
    void terminate(ExitReason reason) throws Exception {
        markStopped(reason);
        Inline.run(recorder, () -> {
            callbacks.terminate(server, reason);
            return null;
        });
        recordStopped(reason);
    }

    @Override
    String noun() {
        return "server";
    }

    @Override
    String takes() {
        return "messages";
    }

    /** What the runtime hands to the harness while one of its handlers runs: the server's own effects. */
    private final class Recorder extends Recording {
        Object continuation;

        @Override
        public void idleTimeout(Duration timeout) {
            idleTimeout = timeout;
            record(new Effect.IdleTimeoutSet(timeout));
        }

        @Override
        public void continueWith(Object c) {
            continuation = c;
            record(new Effect.Continued(c));
        }
    }
}
