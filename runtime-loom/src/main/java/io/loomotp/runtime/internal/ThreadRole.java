package io.loomotp.runtime.internal;

/**
 * What the calling thread is to the runtime now: the process whose code it runs, and the worker role it holds. One
 * object per thread, bound once in a {@link ScopedValue} when the runtime starts the thread (a process's own thread, a
 * worker), and then changed in place: a worker's turn, a caller's hand-off ({@link HandOff}) and a behaviour's init
 * run on its starter's thread set a field and put it back after, instead of binding a scoped value again.
 *
 * <p>Why: each binding of a scoped value empties the thread's cache of scoped values on the way in and out, and the
 * next lookups then search the bindings. A call handed off to a dormant server bound two (the worker role and the
 * process) and spent more samples there than in the call itself (Flight Recorder on W1: {@code
 * ScopedValue$Cache.invalidate} and {@code Snapshot.find} at the top). Read through one binding made once, the
 * lookup stays in the cache.
 *
 * <h2>Threading</h2>
 * The fields are the owning thread's alone: written and read by {@link #thread} only. A thread that inherits the
 * binding (a {@code StructuredTaskScope} subtask forked by a handler) is not the owner, and reads as having no role:
 * it is not the process, as a thread a handler starts is not.
 */
final class ThreadRole {
    private static final ScopedValue<ThreadRole> ROLE = ScopedValue.newInstance();
    /** What {@link #ROLE} reads as where it is not bound ({@code orElse} refuses null); owned by no thread. */
    private static final ThreadRole NONE = new ThreadRole(null, null, null);

    final Thread thread;
    /** The process whose code the thread runs now, or null. */
    ProcessImpl process;
    /** The worker role the thread holds now, or null. */
    Worker worker;
    /** How many inline inits run nested on this thread now ({@link ServerStart#inline}). */
    int inlineInits;

    private ThreadRole(Thread thread, ProcessImpl process, Worker worker) {
        this.thread = thread;
        this.process = process;
        this.worker = worker;
    }

    /** The calling thread's role, or null if the runtime gave it none. */
    static ThreadRole current() {
        ThreadRole r = ROLE.orElse(NONE);
        return r.thread == Thread.currentThread() ? r : null;
    }

    /** Runs {@code op} on the calling thread as process {@code p}, then restores what the thread was. */
    static <T, X extends Throwable> T callAs(ProcessImpl p, ScopedValue.CallableOp<T, X> op) throws X {
        ThreadRole r = current();
        if (r == null) {
            return ScopedValue.where(ROLE, new ThreadRole(Thread.currentThread(), p, null)).call(op);
        }
        ProcessImpl before = r.process;
        r.process = p;
        try {
            return op.call();
        } finally {
            r.process = before;
        }
    }

    /** Runs {@code op} on the calling thread under worker role {@code w}, then restores what the thread was. */
    static void runAsWorker(Worker w, Runnable op) {
        ThreadRole r = current();
        if (r == null) {
            ScopedValue.where(ROLE, new ThreadRole(Thread.currentThread(), null, w)).run(op);
            return;
        }
        Worker before = r.worker;
        r.worker = w;
        try {
            op.run();
        } finally {
            r.worker = before;
        }
    }
}
