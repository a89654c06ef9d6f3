package io.loomotp.runtime.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The JVM's pool of worker virtual threads, which run dormant behaviours' turns (issue 16, ADR 0018 option 3).
 *
 * <h2>What it owns</h2>
 * A behaviour whose loop is at its top has nothing of the user's on its stack, so it needs no thread of its own to
 * wait (ADR 0004). When a sender wakes such a process, the process is <em>submitted</em> here instead of getting a new
 * virtual thread: a {@link Worker} runs its turn (every message it has, up to a batch) on the worker's own thread,
 * then the next ready process's. A hop from one behaviour to another is then a queue hand-off on one thread, with no
 * thread start, no unpark and no continuation switch: Pekko's dispatcher, but on virtual threads, so that a handler
 * may still block.
 *
 * <h2>Queues</h2>
 * <ul>
 *   <li>Each worker has one <em>next</em> slot (Go's {@code runnext}): the first process a turn wakes runs next on the
 *       same thread, so that a token passed along a ring stays on one carrier.
 *   <li>Everything else goes to one global {@link LinkedTransferQueue}; an idle worker waits in its {@code take},
 *       which hands a submitted process straight to a waiting worker. A worker looks at the global queue first once
 *       every {@link #GLOBAL_EVERY} turns, so that two processes passing a message back and forth through the next
 *       slot cannot starve the rest.
 * </ul>
 *
 * <h2>Blocking</h2>
 * A handler may block. When it blocks where the runtime knows it (a receive that parks, a call's wait after its spin,
 * a send to a full {@code BLOCK} mailbox), {@link #beforeBlock()} <em>retires</em> its worker first: the worker's next
 * slot goes to the global queue and a new worker thread takes its place, so that the blocked thread simply becomes the
 * process's own thread, as every process's thread was before workers. When it blocks where the runtime cannot see
 * (I/O, a lock, {@code Thread.sleep}), the {@link #watchdog} retires the worker from outside once a turn has lasted a
 * tick ({@link #TICK_NANOS}) while work waits for a worker. The number of workers that are not retired stays at the
 * scheduler's parallelism, but for <em>surplus</em> workers: for each worker it retires, the watchdog starts a surplus
 * one beside the replacement (up to {@link #MAX_SURPLUS} at once), which ends as soon as it finds no work. So when many
 * ready processes each block in their handlers (a server per database connection, each in a query), the workers that
 * take them double every tick, and a process queued behind them waits a few ticks, not a tick for every blocked
 * handler (a new user's finding: 500 handlers in {@code Thread.sleep} held an unrelated call for 529 ms). A retired
 * thread ends when its turn does.
 *
 * <h2>Guarantees kept</h2>
 * One handler at a time per process: a process is submitted only by the sender that won its mailbox's
 * {@code DORMANT}-to-{@code RUNNING} exchange, or re-submitted by the worker that yielded it, and a worker runs one turn
 * at a time. Per-sender FIFO is the mailbox's. {@code Process.self()} is bound per turn. Kill interrupts the worker's
 * thread only while that worker runs the killed process ({@link Worker#interrupt}). A process that always has mail
 * yields after {@link #BATCH} messages when other work waits.
 *
 * <p>{@code -Dloomotp.workers=false} turns the pool off: every wake-up then starts a thread, as before.
 */
final class Workers {
    /** Whether dormant behaviours run on workers; {@code -Dloomotp.workers=false} gives each wake-up its own thread. */
    static final boolean ENABLED = !"false".equals(System.getProperty("loomotp.workers"));
    /** Messages a process handles in one turn before it yields to other ready processes, if any wait. */
    static final int BATCH = Integer.getInteger("loomotp.workers.batch", 64);
    /** A worker takes from the global queue before its next slot once in this many turns. */
    static final int GLOBAL_EVERY = 61;
    /** How often the watchdog looks for a worker blocked where the runtime cannot see it, while turns last. */
    static final long TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("loomotp.workers.tickMicros", 1000));
    /** The watchdog's current tick in nanoseconds, for tests (0 before it starts). */
    private static volatile long watchdogTick;

    /** The longest the watchdog's tick grows to while the workers are idle (see {@link #watchdog}). */
    static final long IDLE_TICK_NANOS = Math.max(TICK_NANOS,
            TimeUnit.MICROSECONDS.toNanos(Long.getLong("loomotp.workers.idleTickMicros", 16_000)));

    /** The most surplus workers (see the class comment) running at once. */
    static final int MAX_SURPLUS = Integer.getInteger("loomotp.workers.maxSurplus", 256);

    static final LinkedTransferQueue<ProcessImpl> GLOBAL = new LinkedTransferQueue<>();
    static final int PARALLELISM = parallelism();

    /** The workers that are not retired; read by the watchdog. */
    private static final Set<Worker> ACTIVE = ConcurrentHashMap.newKeySet();
    /** Surplus workers that are not retired and have not ended. */
    private static final AtomicInteger SURPLUS = new AtomicInteger();
    /** Surplus workers ever started, for tests. */
    private static final AtomicLong SURPLUS_STARTED = new AtomicLong();
    private static volatile boolean started;

    private Workers() {}

    private static int parallelism() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (p != null) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException ignored) {
                // the JDK refuses it too; fall back to the number of processors, as it does
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Makes a process that was just woken (or yielded) ready to run its next turn. Called only by the thread that owns
     * the process's next turn: the sender that won its wake-up, its starter, or the worker that yielded it.
     */
    static void submit(ProcessImpl p) {
        if (!started) {
            start();
        }
        Worker w = current();
        if (w != null && w.offerNext(p)) {
            return;
        }
        GLOBAL.offer(p);
    }

    /** The worker role the calling thread holds, or null if it holds none (a process's own thread, a retired one). */
    static Worker current() {
        if (!Thread.currentThread().isVirtual()) {
            // workers are virtual threads; a platform thread (a connection's reader waking the processes it delivers
            // to) holds no role, and a scoped value's lookup that finds no binding is not cached
            return null;
        }
        ThreadRole r = ThreadRole.current();
        Worker w = r == null ? null : r.worker;
        return w != null && !w.retired() ? w : null;
    }

    /** True if the calling thread holds a worker role and other processes are ready to run. */
    static boolean othersReady(Worker w) {
        return w.hasNext() || !GLOBAL.isEmpty();
    }

    /**
     * Called before the calling thread blocks where the runtime knows it: if it is a worker, it stops being one, and a
     * new worker takes its place, so that what is ready does not wait for this block to end.
     */
    static void beforeBlock() {
        Worker w = current();
        if (w != null) {
            w.retire();
        }
    }

    /** Starts a worker to take the place of one that retired: a surplus one for a surplus one. */
    static void replace(Worker retired) {
        ACTIVE.remove(retired);
        if (retired.surplus()) {
            SURPLUS.getAndDecrement();
            startSurplus(); // refused if the watchdog started others meanwhile: no matter, they take its place
        } else {
            startWorker(false);
        }
    }

    /** A surplus worker found no work and ends. */
    static void ended(Worker surplus) {
        ACTIVE.remove(surplus);
        SURPLUS.getAndDecrement();
    }

    /** How many surplus workers run now, for tests. */
    static int surplus() {
        return SURPLUS.get();
    }

    /** How many surplus workers were ever started, for tests. */
    static long surplusStarted() {
        return SURPLUS_STARTED.get();
    }

    private static synchronized void start() {
        if (started) {
            return;
        }
        for (int i = 0; i < PARALLELISM; i++) {
            startWorker(false);
        }
        Thread.ofVirtual().name("loomotp-workers-watchdog").start(Workers::watchdog);
        started = true;
    }

    private static void startWorker(boolean surplus) {
        Worker w = new Worker(surplus);
        ACTIVE.add(w);
        w.start();
    }

    /** The watchdog's current tick in nanoseconds (0 before it starts), for tests. */
    static long watchdogTick() {
        return watchdogTick;
    }

    /** Starts a surplus worker unless {@link #MAX_SURPLUS} run already; false if it did not. */
    private static boolean startSurplus() {
        for (int n = SURPLUS.get(); n < MAX_SURPLUS; n = SURPLUS.get()) {
            if (SURPLUS.compareAndSet(n, n + 1)) {
                SURPLUS_STARTED.getAndIncrement();
                startWorker(true);
                return true;
            }
        }
        return false;
    }

    /**
     * Every tick, retires each worker whose turn has not changed since the last tick while work waits for a worker
     * that none is free to take: its handler is blocked (or busy) where the runtime cannot see it. For each one
     * retired while work waits in the global queue, it also starts a surplus worker (see the class comment). A
     * virtual thread.
     *
     * <p>The tick is {@link #TICK_NANOS} while any worker runs turns or work waits, and doubles at every look that
     * finds every worker idle since the last one and nothing waiting, up to {@link #IDLE_TICK_NANOS}. Each tick is a
     * timed park, a wake-up of the JDK's timer thread and of a carrier: at a fixed millisecond, an idle node with one
     * server that had handled a few calls made 3,600 context switches a second and used 7% of a core. A node at work
     * is looked at every millisecond as before; a handler that blocks at the end of a quiet spell is seen one idle
     * tick later at most, and retired a tick after that.
     */
    private static void watchdog() {
        long tick = TICK_NANOS;
        for (;;) {
            watchdogTick = tick;
            LockSupport.parkNanos(tick);
            boolean globalWaits = !GLOBAL.isEmpty() && !GLOBAL.hasWaitingConsumer();
            int retired = 0;
            boolean quiet = !globalWaits;
            for (Worker w : ACTIVE) {
                int state = w.look();
                quiet &= state == Worker.QUIET;
                if (state == Worker.STUCK && (globalWaits || w.hasNext())) {
                    w.retire();
                    retired++;
                }
            }
            for (int i = 0; globalWaits && i < retired && startSurplus(); i++) {
                // each retired worker's place is taken twice: the work behind blocked handlers may block too
            }
            tick = quiet ? Math.min(IDLE_TICK_NANOS, tick * 2) : TICK_NANOS;
        }
    }
}
