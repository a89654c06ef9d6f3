package io.loomotp.runtime.internal;

import io.loomotp.runtime.Timeouts;
import java.time.Duration;

/**
 * A call's hand-off: a caller whose call woke a dormant behaviour runs that behaviour's turn on its own thread, instead
 * of handing it to a worker and waiting for the reply (issue 16; docs/adr/0018-message-passing-scheduler.md, fifth
 * amendment).
 *
 * <p>The caller has nothing to do but wait for the reply, so its thread may as well produce it. The behaviour's
 * handler then runs on the core that made the request, with the request still in its cache, and no other thread is
 * woken: a call to a dormant server costs a function call's worth of work instead of two wake-ups across carriers.
 * A behaviour that calls from its handler on a worker hands off too: its worker would otherwise retire for the wait
 * and start a replacement ({@link Workers#beforeBlock()}); the callee's turn runs nested in the caller's, under a worker
 * role of its own.
 *
 * <h2>What keeps the semantics</h2>
 * <ul>
 *   <li>The turn is an ordinary worker turn ({@link Worker#forHandOff}): one handler at a time, {@code Process.self()}
 *       is the behaviour, a kill interrupts the turn only (through {@link Worker#interrupt}). It takes one message:
 *       the caller's call, which is the first, since the behaviour was dormant. Then the behaviour goes dormant, or
 *       yields to the workers if more came meanwhile, so that nothing sent later (a {@code sys:suspend}, another
 *       caller's long request) holds the caller. It never spins or parks at its loop's top on the caller's thread.
 *   <li>The caller's own death waits for the turn's end: a kill of the caller does not interrupt the thread while it
 *       lends it ({@link ProcessImpl#interruptOwner()}), and the caller unwinds as soon as the turn is over.
 *   <li><b>The price:</b> while the caller runs the turn it cannot time out. A handler that runs longer than the call's
 *       timeout makes the caller's {@code CallTimeoutException} late (the reply is then discarded, as any late
 *       reply). So a caller hands off only to a behaviour that has taken {@link #WARM} messages first, only with a
 *       timeout of at least {@link #MIN_TIMEOUT}, and a turn that took longer than {@link #SLOW_NANOS} sends the
 *       behaviour back through the workers for another {@link #WARM} messages.
 * </ul>
 *
 * <p>{@code -Dloomotp.handOff=false} turns it off.
 */
final class HandOff {
    static final boolean ENABLED = !"false".equals(System.getProperty("loomotp.handOff"));
    /** Messages a behaviour takes, through the workers, before a caller may run its turn; again after a slow turn. */
    static final int WARM = Integer.getInteger("loomotp.handOff.warm", 1024);
    /** The shortest call timeout with which a caller hands off. */
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    /**
     * A hand-off turn that took longer than this sends the behaviour back through the workers: its handlers may block,
     * and a caller should be able to time out. Long enough that a collection's pause or a compilation does not count.
     */
    static final long SLOW_NANOS = 10_000_000;

    private HandOff() {}

    /**
     * Whether {@code caller}, whose call has just woken {@code callee} from dormancy, runs its turn. The caller alone
     * calls this, after winning the wake-up; it reads the callee's message count racily, which is enough here.
     */
    static boolean mayRun(ProcessImpl callee, ProcessImpl caller, Duration timeout) {
        if (!ENABLED || caller == null || !Workers.ENABLED) {
            return false; // a thread that is not a process has no exit to defer, nor a caller's semantics to keep
        }
        // the count since the mark, modulo 2^32: negative only after 2^31 messages, which is long enough too
        int since = (int) callee.mailbox.messagesIn - callee.callSpin().handOffMark;
        return (since >= WARM || since < 0)
                && (timeout.compareTo(MIN_TIMEOUT) >= 0 || timeout.compareTo(Timeouts.INFINITY) >= 0);
    }

    /**
     * Runs {@code callee}'s turn on the calling thread, lent by {@code caller}: how long it took, in nanoseconds, or -1
     * if the caller is dying, in which case nothing ran and the callee must go to the workers as usual.
     */
    static long run(ProcessImpl callee, ProcessImpl caller) {
        caller.lendingThread = true; // before reading its exit reason; a killer writes that before reading this
        try {
            if (caller.exitReason != null) {
                return -1;
            }
            long started = System.nanoTime();
            Worker.forHandOff(Thread.currentThread(), Workers.current()).runTurn(callee);
            long took = System.nanoTime() - started;
            if (took > SLOW_NANOS) {
                callee.callSpin().handOffMark = (int) callee.mailbox.messagesIn;
            }
            return took;
        } finally {
            caller.lendingThread = false;
        }
    }
}
