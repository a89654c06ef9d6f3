package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MailboxFullException;
import io.loomotp.runtime.MailboxSpec;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.SpawnOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machinery behind a {@code Node}: its process table, name registry, timers and reports.
 *
 * <p>The process table is a concurrent set of live processes; a process leaves it when it dies. Serial 0 is the
 * node's <em>system process</em>, which stands for every thread that is not a process (such as {@code main}, or a
 * test): it appears as the sender of their calls and signals, is always alive, and cannot be linked, monitored or
 * sent to.
 */
public final class NodeRuntime {
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final int id;
    private final String name;
    private final Object facade;
    private final long creation;
    private final AtomicLong serials = new AtomicLong();
    /** The live processes by serial: the process table, and how a message from another node finds its target. */
    private final ConcurrentHashMap<Long, ProcessImpl> table = new ConcurrentHashMap<>();
    /** See {@link #onDeath}. */
    private final ConcurrentHashMap<ProcessImpl, Map<Object, Runnable>> deathHooks = new ConcurrentHashMap<>();
    /** See {@link #extension}. */
    private final ConcurrentHashMap<Class<?>, Object> extensions = new ConcurrentHashMap<>();
    private volatile Object localEnd;
    private final Registry registry = new Registry();
    private final TimerService timers;
    private final Reports reports = new Reports();
    private final EndedTotals ended = new EndedTotals();
    private final CallTimeouts callTimeouts;
    private final ReceiveTimeouts receiveTimeouts;
    private final ProcessImpl system;
    private final Tuning tuning;
    /** The manual clock every timer and timed wait follows, or null for the wall clock (the default). */
    private final ManualTime manual;
    private volatile boolean closed;
    /**
     * The name and incarnation this node had in the cluster it joined, kept after it left (a node joins one cluster
     * once): how another node of this JVM names its processes ({@link CrossNode}). Null before it joined.
     */
    private volatile String clusterName;
    private volatile long clusterCreation;
    /** Read on every call: null unless calls are timed. */
    private volatile CallSampler callSampler;
    private static final java.lang.invoke.VarHandle CALL_SAMPLER;

    static {
        try {
            CALL_SAMPLER = java.lang.invoke.MethodHandles.lookup().findVarHandle(NodeRuntime.class, "callSampler",
                    CallSampler.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Records the name and incarnation this node joined its cluster with ({@link ClusterViews#install}). */
    void joinedCluster(String name, long creation) {
        clusterCreation = creation;
        clusterName = name; // written last, read first
    }

    /** The name this node joined its cluster with, kept after it left; null if it never joined one. */
    String clusterName() {
        return clusterName;
    }

    /** The incarnation this node joined its cluster with; meaningful once {@link #clusterName()} is not null. */
    long clusterCreation() {
        return clusterCreation;
    }

    public NodeRuntime(String name, Object facade, Tuning tuning) {
        this(name, facade, tuning, null);
    }

    /** A node whose timers and timed waits follow {@code manual}, or the wall clock if it is null. */
    public NodeRuntime(String name, Object facade, Tuning tuning, ManualTime manual) {
        this.manual = manual;
        this.id = NEXT_ID.getAndIncrement();
        this.creation = newCreation();
        this.name = name == null ? "node" + id : name;
        this.facade = facade;
        this.tuning = tuning;
        this.timers = new TimerService(this.name, manual);
        this.callTimeouts = new CallTimeouts(timers);
        this.receiveTimeouts = new ReceiveTimeouts(timers);
        this.system = new ProcessImpl(this, 0, null, null, MailboxSpec.unbounded());
        system.mailbox.close();
    }

    public int id() {
        return id;
    }

    /** A fresh number for a node seen from this JVM: a local node, or an incarnation of a remote one. */
    public static int newNodeId() {
        return NEXT_ID.getAndIncrement();
    }

    /**
     * This node's incarnation, Erlang's <em>creation</em>: drawn at random when the node is made, never zero, so that
     * the pids of a node restarted under the same name are not those of its earlier incarnation.
     */
    public long creation() {
        return creation;
    }

    private static long newCreation() {
        long c;
        do {
            c = new java.security.SecureRandom().nextLong();
        } while (c == 0);
        return c;
    }

    /** The one {@code LocalEnd} of this node, made on first use by {@code make}. */
    @SuppressWarnings("unchecked")
    public <T> T localEnd(java.util.function.Function<NodeRuntime, T> make) {
        Object end = localEnd; // read at every pid a frame holds: no lock once it is made
        if (end != null) {
            return (T) end;
        }
        synchronized (this) {
            if (localEnd == null) {
                localEnd = make.apply(this);
            }
            return (T) localEnd;
        }
    }

    /** The live process with this serial, or null. */
    public ProcessImpl byIndex(long serial) {
        return table.get(serial);
    }

    /** Takes a dead process out of the table. */
    void unlist(ProcessImpl p) {
        table.remove(p.serial(), p);
    }

    /**
     * Runs the hooks {@link #onDeath} set for a process that has just died, before its links and monitors are told
     * (as ERTS deletes a process's ETS tables before it sends its exit signals): a supervisor that restarts it can
     * make its named table again. Most nodes have no hook, so a death costs one {@code isEmpty}.
     */
    void died(ProcessImpl p) {
        if (!deathHooks.isEmpty()) {
            Map<Object, Runnable> hooks = deathHooks.remove(p);
            if (hooks != null) {
                hooks.values().forEach(Runnable::run);
            }
        }
    }

    /**
     * Runs {@code hook} once, when {@code p} dies (at once if it has): how what a process owns outside the runtime's
     * own tables (ETS tables, aliases) goes with it. One hook per {@code key} and process: the caller keeps its own
     * list behind it.
     */
    public void onDeath(ProcessImpl p, Object key, Runnable hook) {
        deathHooks.compute(p, (q, hooks) -> {
            if (hooks != null && hooks.containsKey(key)) {
                throw new IllegalStateException("a death hook for " + key + " is already set for " + p);
            }
            Map<Object, Runnable> more = hooks == null ? new java.util.HashMap<>() : new java.util.HashMap<>(hooks);
            more.put(key, hook);
            return Map.copyOf(more);
        });
        // died(p) runs after the exit reason is set: either it finds the hook, or this sees the reason (or both, and
        // only one of them takes it)
        if (p.exitReason != null && takeHook(p, key, hook)) {
            hook.run();
        }
    }

    /** Removes the hook {@link #onDeath} set for {@code p} and {@code key}, if it is still {@code hook}. */
    public void cancelOnDeath(ProcessImpl p, Object key, Runnable hook) {
        takeHook(p, key, hook);
    }

    private boolean takeHook(ProcessImpl p, Object key, Runnable hook) {
        boolean[] took = {false};
        deathHooks.computeIfPresent(p, (q, hooks) -> {
            if (hooks.get(key) != hook) {
                return hooks;
            }
            took[0] = true;
            Map<Object, Runnable> fewer = new java.util.HashMap<>(hooks);
            fewer.remove(key);
            return fewer.isEmpty() ? null : Map.copyOf(fewer);
        });
        return took[0];
    }

    /**
     * The node's one instance of {@code type}, made by {@code make} on first use: state that a runtime package keeps
     * per node (the named ETS tables) without this class knowing the package.
     */
    public <T> T extension(Class<T> type, java.util.function.Supplier<T> make) {
        return type.cast(extensions.computeIfAbsent(type, t -> make.get()));
    }

    /** The node's instance of {@code type} if one was made, else null: a read, where {@link #extension} may lock. */
    <T> T extensionIfMade(Class<T> type) {
        return type.cast(extensions.get(type));
    }

    public String name() {
        return name;
    }

    /** The public {@code Node} this runtime backs. */
    public Object facade() {
        return facade;
    }

    public Registry registry() {
        return registry;
    }

    public TimerService timers() {
        return timers;
    }

    /** The node's time in nanoseconds, as {@link System#nanoTime()}: that, unless the node has a manual clock. */
    public long nanoTime() {
        ManualTime m = manual;
        return m == null ? System.nanoTime() : m.nanoTime();
    }

    /** The node's manual clock, or null if it follows the wall clock. */
    public ManualTime manualTime() {
        return manual;
    }

    /** The time of the calling process's node (see {@link #nanoTime()}); the wall clock's for a plain thread. */
    public static long callerNanoTime() {
        ProcessImpl p = ProcessImpl.current();
        return p == null ? System.nanoTime() : p.node.nanoTime();
    }

    private final java.util.List<java.util.function.Consumer<? super io.loomotp.runtime.Pid>> startHooks =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a hook told of every behaviour that has started; returns what removes it. */
    public Runnable onStarted(java.util.function.Consumer<? super io.loomotp.runtime.Pid> hook) {
        startHooks.add(hook);
        return () -> startHooks.remove(hook);
    }

    /** Tells the hooks that a behaviour started (its init ran); passes the pid (or null) through. */
    public <P extends io.loomotp.runtime.Pid> P started(P pid) {
        if (pid != null && !startHooks.isEmpty()) {
            for (java.util.function.Consumer<? super io.loomotp.runtime.Pid> h : startHooks) {
                try {
                    h.accept(pid);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger("io.loomotp.runtime").warn("start hook {} failed", h, e);
                }
            }
        }
        return pid;
    }

    public Reports reports() {
        return reports;
    }

    /** The totals of the processes that have ended. */
    public EndedTotals ended() {
        return ended;
    }

    /** Which calls to this node's processes are timed, or null (the default): {@code CallTiming}. */
    public CallSampler callSampler() {
        return callSampler;
    }

    public void callSampler(CallSampler sampler) {
        callSampler = sampler;
    }

    /** Stops timing calls, unless another sampler replaced {@code sampler} meanwhile. */
    public void clearCallSampler(CallSampler sampler) {
        CALL_SAMPLER.compareAndSet(this, sampler, null);
    }

    /** The processes made since the node started. */
    public long spawned() {
        return serials.get();
    }

    CallTimeouts callTimeouts() {
        return callTimeouts;
    }

    ReceiveTimeouts receiveTimeouts() {
        return receiveTimeouts;
    }

    public Tuning tuning() {
        return tuning;
    }

    /** The process that stands for threads that are not processes. */
    public ProcessImpl system() {
        return system;
    }

    /** The caller as a process: the current process, or the system process for a plain thread. */
    public ProcessImpl caller() {
        ProcessImpl p = ProcessImpl.current();
        return p != null ? p : system;
    }

    /** The live processes, in no particular order. */
    public List<ProcessImpl> processes() {
        return new ArrayList<>(table.values());
    }

    /** The virtual-thread scheduler's carriers, as many as the worker pool's workers. */
    public int carriers() {
        return Workers.PARALLELISM;
    }

    public int processCount() {
        return table.size();
    }

    /** The live process with this serial, or null. */
    public ProcessImpl bySerial(long serial) {
        return table.get(serial);
    }

    /**
     * Spawns a process: {@link #create}, then {@link #start}.
     *
     * @param parent the spawning process, or null for a plain thread
     * @param link link the new process to its parent, atomically
     * @param monitorOut if not null, the parent monitors the new process before it runs; the reference is returned
     *     in {@code monitorOut[0]}
     */
    public ProcessImpl spawn(ProcessBody body, SpawnOptions options, ProcessImpl parent, boolean link,
                             Object[] monitorOut) {
        if (body == null) {
            throw new NullPointerException("process body must not be null");
        }
        ProcessImpl p = create(options, parent, link, monitorOut);
        start(p, body);
        return p;
    }

    /**
     * Makes a process that does not run yet: registered under its name, linked or monitored by its parent, and in the
     * process table, so that it can be signalled before it runs (and then never runs its body).
     */
    public ProcessImpl create(SpawnOptions options, ProcessImpl parent, boolean link, Object[] monitorOut) {
        if (closed) {
            throw new IllegalStateException("node " + name + " is closed");
        }
        if (parent != null && parent.suppressesEffects()) {
            throw parent.unwind(); // a zombie spawns nothing
        }
        if (link && parent == null) {
            throw new IllegalStateException("a linked spawn must be made from a process, not from thread "
                    + Thread.currentThread());
        }
        ProcessImpl p = new ProcessImpl(this, serials.incrementAndGet(), parent, null, options.mailbox());
        if (options.trapExits()) {
            p.trapExits(true);
        }
        if (options.name() != null) {
            registry.register(options.name(), p);
        }
        if (link && !Signals.linkNew(parent, p)) {
            if (options.name() != null) {
                registry.release(options.name(), p);
            }
            throw parent.unwind();
        }
        if (monitorOut != null) {
            if (parent == null) {
                throw new IllegalStateException("a monitored spawn must be made from a process");
            }
            monitorOut[0] = Signals.monitor(parent, p);
        }
        table.put(p.serial(), p);
        return p;
    }

    /** Gives a process made by {@link #create} its body, without starting a thread: the body starts it later. */
    public void bind(ProcessImpl p, ProcessBody body) {
        p.bindBody(body);
    }

    /** Starts a process made by {@link #create} on its own virtual thread. */
    public void start(ProcessImpl p, ProcessBody body) {
        p.bindBody(body);
        p.start(Thread.ofVirtual().unstarted(p));
    }

    /** Delivers a timer's message; a full bounded mailbox counts it as dropped rather than failing the timer. */
    public void timerSend(ProcessImpl target, Object message) {
        try {
            target.deliverFromTimer(new Envelope(Envelope.MESSAGE, message)); // never waits: timers share a thread
        } catch (MailboxFullException counted) {
            // REJECT has counted it, and will report it; a timer has nobody to throw to
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Kills every process, waits a bounded time for their threads to end, and stops the timers. Idempotent.
     *
     * @return the processes whose threads were still running when the wait ended (zombies busy in user code)
     */
    public List<ProcessImpl> close(long waitMillis) {
        if (closed) {
            return List.of();
        }
        closed = true;
        // as erlang:halt/0: the kills below are the node ending, not failures, so nothing they set off is reported (a
        // supervisor that traps exits could otherwise see its application master killed before its own kill arrives,
        // and report a crash with reason killed)
        reports.close();
        List<ProcessImpl> all = processes();
        List<Thread> threads = new ArrayList<>(all.size());
        List<ProcessImpl> running = new ArrayList<>(all.size());
        for (ProcessImpl p : all) {
            Thread t = p.thread;
            if (t != null && t != Thread.currentThread()) {
                threads.add(t);
                running.add(p);
            }
            Signals.exit(p, ExitReason.KILLED);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        List<ProcessImpl> stuck = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            boolean letGo;
            try {
                letGo = running.get(i).awaitLetGo(threads.get(i), deadline - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!letGo) {
                stuck.add(running.get(i));
            }
        }
        timers.shutdown();
        return stuck;
    }
}
