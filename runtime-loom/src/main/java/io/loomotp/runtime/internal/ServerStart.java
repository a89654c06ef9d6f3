package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.server.InitResult;

/**
 * The start of the one loop: {@code proc_lib}'s part of {@code gen_server:init_it/6}. It builds the state with the
 * factory, runs the behaviour's {@code init} as the new process, and answers the starter through {@link Starts}
 * (OTP's {@code proc_lib:init_ack/1}, or {@code init_fail/2} for a failure).
 *
 * <p>What it owns: the order of a start (state, debug options, init, acknowledgement), what a failed init does (one
 * crash report unless the reason is normal, no {@code terminate}, the link to the starter removed first, as OTP 26's
 * {@code proc_lib} does), and the inline start, where init runs on the starter's thread as the new process. The loop
 * itself ({@link ServerLoop}) begins only once this has answered.
 *
 * <p>Owner only: runs as the new process, before its first message.
 */
final class ServerStart {
    private ServerStart() {}

    /** On the process's first thread: runs init and answers the starter waiting on {@code ack}. */
    static <S> void onFirstThread(ServerLoop<S> loop, ProcessImpl self, CallEnvelope ack) {
        loop.bind(self);
        self.beginCall(ack); // killed before it answers: the starter sees the death
        Object started;
        try {
            started = initialize(loop);
        } catch (ExitUnwind u) {
            if (!u.alreadyDead) {
                Starts.initFailed(ack, loop.cb.module().getSimpleName(), u.startReason());
            }
            throw u;
        }
        Starts.initAck(self, ack, started);
        if (started == Starts.IGNORED) {
            throw new ExitUnwind(ExitReason.NORMAL, false);
        }
    }

    /**
     * The most inits run inline nested on one thread: a start in an init (a supervisor's children) runs on the same
     * stack, so a tree that starts itself again (a supervisor among its own descendants) would recurse until the
     * stack overflows, and a {@code StackOverflowError} can leave a class of the JVM unusable (a new user's
     * supervisor that listed itself as a child). A level takes about 20 KB of stack, so this fits a thread's default
     * 1 MB; a real tree is far shallower.
     */
    static final int MAX_NESTED_INLINE = 32;

    private static <S> Object nested(ServerLoop<S> loop) {
        ThreadRole r = ThreadRole.current();
        if (r.inlineInits >= MAX_NESTED_INLINE) {
            throw new ExitUnwind(new ExitReason.Crash(new IllegalStateException("starts nested " + MAX_NESTED_INLINE
                    + " deep in the inits of one thread: does a supervisor start itself among its own descendants? "
                    + loop.cb.module().getName() + " was being started")), false);
        }
        r.inlineInits++;
        try {
            return initialize(loop);
        } finally {
            r.inlineInits--;
        }
    }

    /**
     * Runs init inline, on the starter's thread but as the new process (its pid is {@code Process.self()}, its links
     * and flags are the ones set), so that a start makes no thread: the process gets one when its first message
     * arrives. Used when the start has no timeout, since a starter cannot give up on init running on its own thread.
     *
     * @return {@link Starts#STARTED} or {@link Starts#IGNORED}
     * @throws StartFailedException if the factory or init failed, or the process was killed meanwhile
     */
    static <S> Object inline(ServerLoop<S> loop, ProcessImpl p) {
        loop.bind(p);
        p.mailbox.bindOwner(Thread.currentThread()); // a receive inside init parks this thread
        Object started;
        p.beginInlineInit(); // a kill meanwhile wakes a receive, or interrupts a blocking call (interruptOwner)
        try {
            if (p.isExiting()) {
                throw p.unwind(); // killed before its init began: nobody would interrupt a blocking call of it
            }
            started = ThreadRole.callAs(p, () -> nested(loop));
        } catch (ExitUnwind u) {
            p.endInlineInit();
            Signals.exit(p, u.reason);
            if (u.startError != null) { // InitResult.error: ended normal, the starter told why
                throw new StartFailedException(loop.cb.module().getSimpleName(), u.startError);
            }
            throw new StartFailedException(loop.cb.module().getSimpleName(), p.exitReason() != null ? p.exitReason()
                    : u.reason);
        } catch (Throwable t) {
            p.endInlineInit(); // never left set: a later kill would interrupt the starter
            throw t;
        }
        p.endInlineInit();
        if (p.isExiting()) {
            throw new StartFailedException(loop.cb.module().getSimpleName(), p.exitReason());
        }
        if (started == Starts.IGNORED) {
            Signals.exit(p, ExitReason.NORMAL);
            return Starts.IGNORED;
        }
        p.settleAfterInlineInit(loop.needsThreadAfterInit());
        return Starts.STARTED;
    }

    /**
     * The start of a loop entered by a running process ({@code enter_loop}): no starter to answer. The state comes
     * from the factory; with {@code runInit} the callbacks' init runs too, and its failure ends the process as a
     * handler's would (terminate, then a crash report), since the process was running already.
     */
    static <S> void enter(ServerLoop<S> loop, ProcessImpl self, boolean runInit) {
        loop.bind(self);
        S s = loop.takeFactory().get();
        if (s == null) {
            throw new NullPointerException("the state given to enterLoop of " + loop.cb.module().getName()
                    + " is null");
        }
        loop.state = s;
        try {
            loop.debug = loop.sys.debugOptions(loop.options.debug());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the debug options given to enterLoop: " + e.getMessage(), e);
        }
        if (!runInit) {
            return;
        }
        InitResult result;
        try {
            result = loop.cb.init(s);
        } catch (Throwable t) {
            throw loop.crashed(t);
        }
        ExitReason stopped = loop.takeStopRequest();
        if (stopped != null && result instanceof InitResult.Ok) {
            result = InitResult.stop(stopped);
        }
        switch (result) {
            case InitResult.Ok ok -> {
                if (ok.timeout() != null) {
                    loop.requestIdleTimeout(ok.timeout());
                }
            }
            case InitResult.Ignore ignore -> throw new ExitUnwind(ExitReason.NORMAL, false);
            case InitResult.Stop stop -> throw loop.crashed(new ExitUnwind(stop.reason(), false));
            case InitResult.Failed failed -> throw new ExitUnwind(ExitReason.NORMAL, false); // no starter to tell
            case null -> throw loop.crashed(new NullPointerException("init of " + loop.cb.module().getName()
                    + " returned null"));
        }
    }

    /**
     * Builds the state and runs init, as the new process. Returns {@link Starts#STARTED} or {@link Starts#IGNORED};
     * a failure throws the {@link ExitUnwind} that ends the process (after a crash report if abnormal; init's failure
     * never runs terminate, and never takes a linked starter down).
     */
    private static <S> Object initialize(ServerLoop<S> loop) {
        InitResult result;
        try {
            S s = loop.takeFactory().get();
            if (s == null) {
                throw new NullPointerException("the factory of " + loop.cb.module().getName() + " returned null");
            }
            loop.state = s;
            loop.debug = loop.sys.debugOptions(loop.options.debug());
            result = loop.cb.init(s);
            if (result == null) {
                throw new NullPointerException("init of " + loop.cb.module().getName() + " returned null; return "
                        + "InitResult.ok()");
            }
            ExitReason stop = loop.takeStopRequest();
            if (stop != null && result instanceof InitResult.Ok) {
                result = InitResult.stop(stop); // Handler.stop in init: OTP's {stop, Reason} from init/1
            }
        } catch (ExitUnwind u) {
            if (u.alreadyDead) {
                throw u;
            }
            throw failStart(loop, u.reason);
        } catch (Throwable t) {
            throw failStart(loop, ExitReason.crash(t));
        }
        return switch (result) {
            case InitResult.Ok ok -> {
                if (ok.timeout() != null) {
                    loop.requestIdleTimeout(ok.timeout());
                }
                yield Starts.STARTED;
            }
            case InitResult.Ignore ignore -> {
                unlinkParent(loop);
                yield Starts.IGNORED;
            }
            case InitResult.Stop stop -> throw failStart(loop, stop.reason());
            case InitResult.Failed failed -> {
                unlinkParent(loop); // as any failed start: the starter is told, not taken down
                throw new ExitUnwind(ExitReason.NORMAL, false, failed.reason());
            }
        };
    }

    private static <S> ExitUnwind failStart(ServerLoop<S> loop, ExitReason reason) {
        ProcessImpl self = loop.self;
        if (self.isExiting()) {
            return self.unwind(); // killed during init (a start timeout's kill, say): its throw was the kill's interrupt
        }
        unlinkParent(loop); // a failed start never takes its starter down (OTP 26 proc_lib semantics)
        if (!reason.isNormal()) {
            self.reportCrash(new CrashReport(self, ServerEvents.nameOf(self), loop.cb.behaviourName(),
                    loop.cb.module().getName(), null, loop.state == null ? "undefined (init did not complete)"
                            : loop.formatStatus(), reason, "** init failed"));
        }
        self.crashReported = true;
        return new ExitUnwind(reason, false);
    }

    private static void unlinkParent(ServerLoop<?> loop) {
        ProcessImpl parent = loop.sys.parent();
        if (parent != null) {
            Signals.unlink(loop.self, parent);
        }
    }
}
