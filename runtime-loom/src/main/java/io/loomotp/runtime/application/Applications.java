package io.loomotp.runtime.application;

import io.loomotp.Restart;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.internal.ExitUnwind;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.Starts;
import io.loomotp.runtime.remote.ApplicationStops;
import io.loomotp.runtime.report.ApplicationReport;
import io.loomotp.runtime.report.ProgressReport;
import io.loomotp.runtime.report.SupervisorReport;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorState;
import io.loomotp.runtime.sys.SysCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * OTP's application controller, one per node: starts each application in an application master (a process that
 * traps exits, runs the application's {@code start} so that its top supervisor is linked to it, and watches it), and
 * acts on the start type when a top supervisor ends:
 * <ul>
 *   <li>{@code PERMANENT}: the other applications are stopped, in reverse start order, and the node stops;
 *   <li>{@code TRANSIENT}: the same, unless its top process ended {@code normal} (a {@code shutdown} counts as
 *       abnormal here, as in OTP's controller);
 *   <li>{@code TEMPORARY}: it is reported, and nothing else happens.
 * </ul>
 * The report that ends a node names the application, and, when its top supervisor gave up, the restart intensity it
 * exceeded and the last child to fail. {@code Node.start(app)}, {@code node.stop()} and {@code node.awaitStop()} are
 * the usual way in. It also keeps each application's environment ({@link #getEnv}, {@link #setEnv}) and tells which
 * application a process belongs to ({@link #applicationOf}).
 *
 * <p>Why one unit (about 1,020 lines; stop 46 added the applications a distributed controller controls): as OTP's
 * application_controller, it owns one table per node (what is loaded, what runs, what is starting, who waits for
 * which start, each application's environment, which are controlled) under one lock, and the
 * masters that act on it; split, each part would reach into the others' state under that lock.
 */
public final class Applications {
    private static final Map<Node, Controller> CONTROLLERS = new WeakHashMap<>();
    private static final Duration QUERY = Duration.ofSeconds(5);

    private Applications() {}

    /** What a node runs, and how it stops. */
    private static final class Controller {
        final Node node;
        final List<Running> running = new ArrayList<>();
        /** The applications whose start is under way, by name: a second start of one waits for the first's result. */
        final Map<String, Starting> starting = new HashMap<>();
        /** The processes waiting for a start under way, and the application each waits for: to refuse a cycle. */
        final Map<Pid, String> waitingFor = new HashMap<>();
        /**
         * Each application's environment as its last start read it (its {@link Config}), and the values set or unset
         * since ({@link #setEnv}; a null value is unset): OTP's application environment, which outlives a stop.
         */
        final Map<String, Config> read = new HashMap<>();
        /** The applications loaded, in load order: by {@link #load}, or by their first start (OTP's load). */
        final Map<String, Application> loaded = new java.util.LinkedHashMap<>();
        final Map<String, Map<String, String>> changed = new HashMap<>();
        /** The applications a distributed controller decides where to run ({@link #controlApplication}). */
        final java.util.Set<String> controlled = new java.util.HashSet<>();
        final CompletableFuture<ApplicationReport> stopped = new CompletableFuture<>();
        /** The report of the application that stops the node, if one does; given to those waiting once it closed. */
        volatile ApplicationReport cause;

        Controller(Node node) {
            this.node = node;
        }
    }

    /** A running application; {@code ended} completes when its master has ended, however it ended. */
    private record Running(String name, Pid master, Pid top, CompletableFuture<Void> ended) {}

    /** A start under way: its master (whose own start callback may not start it again) and its outcome. */
    private record Starting(Pid master, CompletableFuture<Pid> started) {}

    private record StopRequest(CompletableFuture<Void> done) {}

    private static Controller controller(Node node) {
        Objects.requireNonNull(node, "node");
        synchronized (CONTROLLERS) {
            return CONTROLLERS.computeIfAbsent(node, Controller::new);
        }
    }

    /**
     * Starts an application and returns its top supervisor once the whole tree is up.
     *
     * @throws ApplicationStartException if an application of that name runs on the node already (OTP's
     *     {@code already_started})
     * @throws ApplicationStartException if one of its {@link Application#dependencies()} does not run (OTP's
     *     {@code {not_started, Dep}}), or its start failed (its configuration, or its tree)
     */
    public static Pid start(Node node, Application app, Restart type) {
        return start(node, app, type, StartType.NORMAL, true);
    }

    /**
     * Hands the decision where {@code application} runs to a distributed controller: OTP's
     * {@code application_controller:control_application/1}, which {@code dist_ac} calls. From then on a start of it
     * by hand on this node ({@link #start(Node, Application, Restart)}, {@code Node.start}) is refused as
     * {@code already_started}; the controller starts it with {@link #start(Node, Application, Restart, StartType)}.
     * The cluster module's {@code DistributedApplications} calls it; {@link #releaseControl} gives it back.
     */
    public static void controlApplication(Node node, String application) {
        Controller c = controller(node);
        synchronized (c) {
            c.controlled.add(Objects.requireNonNull(application, "application"));
        }
    }

    /** Ends {@link #controlApplication}: the application may be started by hand on this node again. */
    public static void releaseControl(Node node, String application) {
        Controller c = controller(node);
        synchronized (c) {
            c.controlled.remove(Objects.requireNonNull(application, "application"));
        }
    }

    /**
     * Starts an application with a start type its {@code start} is told (OTP's {@code StartType}), and returns its top
     * supervisor once the whole tree is up. The cluster module's distributed applications start theirs this way.
     *
     * @throws ApplicationStartException if an application of that name runs on the node already (OTP's
     *     {@code already_started})
     * @throws ApplicationStartException if its start failed (its configuration, or its tree)
     */
    public static Pid start(Node node, Application app, Restart type, StartType startType) {
        return start(node, app, type, startType, false);
    }

    /** {@code byHand}: not a distributed controller's start, so refused for an application one controls. */
    private static Pid start(Node node, Application app, Restart type, StartType startType, boolean byHand) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(startType, "start type");
        String name = nameOf(app);
        Controller c = controller(node);
        CompletableFuture<Pid> started;
        Pid waiter = Process.isProcess() ? Process.self() : null;
        synchronized (c) {
            if (byHand && c.controlled.contains(name)) { // OTP's: started, as distributed, on every candidate
                throw new ApplicationStartException(name, new IllegalStateException("{already_started, " + name
                        + "}: application " + name + " is distributed, and its distributed controller decides where "
                        + "it runs (DistributedApplications.whereRuns says where it runs now): start it with "
                        + "DistributedApplications.start, not by hand on a node of its list"), true);
            }
            if (c.running.stream().anyMatch(r -> r.name().equals(name))) {
                // OTP's {error, {already_started, App}}: a start failure, typed as the others are
                throw new ApplicationStartException(name, new IllegalStateException("{already_started, "
                        + name + "}: it runs on node " + node.name() + " already (Applications.stop it first, "
                        + "or use ensureAllStarted, which starts only what does not run)"), true);
            }
            Starting under = c.starting.get(name);
            if (under != null) {
                if (Process.isProcess() && Process.self().equals(under.master())) {
                    throw new ApplicationStartException(name, new IllegalStateException("application " + name
                            + " is being started, and its own start asked to start it again: its start returns "
                            + "its top supervisor, and the application runs once that has returned"));
                }
                String cycle = Process.isProcess() ? cycle(c, name, Process.self()) : null;
                if (cycle != null) { // OTP's application_controller would wait for ever here
                    throw new ApplicationStartException(name, new IllegalStateException("the starts of "
                            + "applications wait for each other: " + cycle + "; an application's start may not "
                            + "start one whose start starts it"));
                }
                // OTP's application_controller queues a second start of an application being started
                // (start_req) and answers both with the one outcome: the application starts once
                started = under.started();
            } else {
                List<Application> deps = Objects.requireNonNull(app.dependencies(), name + ".dependencies()");
                for (Application dep : deps) {
                    String depName = nameOf(Objects.requireNonNull(dep, "a dependency of application " + name
                            + " is null (" + app.getClass().getName() + ".dependencies())"));
                    if (c.running.stream().noneMatch(r -> r.name().equals(depName))) {
                        throw new ApplicationStartException(name, new IllegalStateException("it needs application "
                                + depName + ", which is not started (OTP's {not_started, " + depName + "}): start "
                                + "it first, or start both with Applications.ensureAllStarted"));
                    }
                }
                c.loaded.put(name, app); // a start loads it, as OTP's (this one, if another of its name was loaded)
                started = new CompletableFuture<>();
                ApplicationStops.started(node, name);
                CompletableFuture<Pid> outcome = started;
                Pid master = node.spawn(() -> master(c, app, type, startType, outcome));
                Starting mine = new Starting(master, started);
                c.starting.put(name, mine);
                started.whenComplete((top, failure) -> {
                    synchronized (c) { // when it completes, it is running (listed first) or has failed
                        c.starting.remove(name, mine);
                    }
                });
            }
            if (waiter != null) {
                // under the same lock as the decision: a master this start spawned, whose own start asks for one
                // this caller's start is waiting on, must find this wait when it looks for a cycle (registered after
                // the lock, the two masters could each miss the other's wait and both wait for ever)
                c.waitingFor.put(waiter, name);
            }
        }
        Pid top;
        try {
            top = started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApplicationStartException same && same.application().equals(name)) {
                throw same; // its own start refused it already (a start that asked to start it again): said once
            }
            throw new ApplicationStartException(name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplicationStartException(name, e);
        } finally {
            if (waiter != null) {
                synchronized (c) {
                    c.waitingFor.remove(waiter, name);
                }
            }
        }
        return top; // the master listed it as running before it answered
    }

    /**
     * The chain of starts that would wait for one another if {@code self} waited for {@code name}'s start: from
     * {@code name}'s master, through the start each master waits for, back to {@code self}; null if there is none.
     * Under the controller's lock.
     */
    private static String cycle(Controller c, String name, Pid self) {
        List<String> chain = new ArrayList<>();
        String app = name;
        while (app != null && chain.size() <= c.starting.size()) {
            chain.add(app);
            Starting s = c.starting.get(app);
            if (s == null) {
                return null;
            }
            if (s.master().equals(self)) {
                return String.join(" -> ", chain) + " -> " + name;
            }
            app = c.waitingFor.get(s.master());
        }
        return null;
    }

    /** An application's name, checked: {@code name()} names it in every report and query. */
    private static String nameOf(Application app) {
        String name = app.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(app.getClass().getName() + ".name() returned "
                    + (name == null ? "null" : "a blank name") + ": an application needs a name (OTP's application "
                    + "atom), which its reports, stop and which_applications use");
        }
        return name;
    }

    /**
     * Starts an application after the dependencies it needs that do not run yet, each after its own, depth first in
     * the order declared: OTP's {@code application:ensure_all_started/2}. Every application it starts gets
     * {@code type}. If one fails, those it started are stopped again, in reverse order, and the failure is thrown, as
     * OTP does since release 26. An application that runs already is left as it is.
     *
     * @return the names of the applications it started, in start order; empty if {@code app} ran already
     * @throws IllegalArgumentException if the dependencies form a cycle (named), or two differ with one name
     * @throws ApplicationStartException if one of them did not start
     */
    public static List<String> ensureAllStarted(Node node, Application app, Restart type) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(type, "type");
        List<Application> order = new ArrayList<>();
        plan(app, new ArrayList<>(), new HashMap<>(), order);
        List<String> startedNow = new ArrayList<>();
        try {
            for (Application a : order) {
                if (!running(node).contains(a.name())) {
                    try {
                        start(node, a, type);
                        startedNow.add(a.name());
                    } catch (ApplicationStartException e) {
                        if (!e.alreadyStarted()) { // started meanwhile by another caller: as if it ran already
                            throw e;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            for (int i = startedNow.size() - 1; i >= 0; i--) {
                stop(node, startedNow.get(i));
            }
            throw e;
        }
        return List.copyOf(startedNow);
    }

    /** Puts {@code app}'s dependencies, then {@code app}, into {@code order}, once each; refuses a cycle. */
    private static void plan(Application app, List<String> path, Map<String, Application> seen,
                             List<Application> order) {
        String name = nameOf(app); // the same refusal as start's, before anything starts
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new IllegalArgumentException("the dependencies of application " + path.getFirst()
                    + " form a cycle: " + String.join(" -> ", cycle));
        }
        Application known = seen.get(name);
        if (known != null) {
            if (known != app && !known.getClass().equals(app.getClass())) {
                throw new IllegalArgumentException("two different applications are named " + name + ": "
                        + known.getClass().getName() + " and " + app.getClass().getName());
            }
            return;
        }
        path.add(name);
        for (Application dep : Objects.requireNonNull(app.dependencies(), name + ".dependencies()")) {
            plan(Objects.requireNonNull(dep, () -> "a dependency of application " + name + " is null ("
                    + app.getClass().getName() + ".dependencies())"), path, seen, order);
        }
        path.removeLast();
        seen.put(name, app);
        order.add(app);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Loading: application:load/unload, loaded_applications and get_key

    /**
     * Loads an application without starting it: {@code application:load/1}. Its environment is read (its
     * {@link Config}: defaults, file, system properties, with what {@link #setEnv} set), so {@link #getEnv} and
     * {@link #getKey} answer for it before it starts. A start loads the application too, if it is not loaded.
     *
     * @return true if it is loaded now; false if an application of that name was loaded already (OTP's
     *     {@code {error, {already_loaded, App}}}), which is left as it is
     * @throws ConfigException if its configuration cannot be read
     * @throws IllegalStateException if the node is closed (nothing of it could start)
     */
    public static boolean load(Node node, Application app) {
        Objects.requireNonNull(app, "app");
        String name = nameOf(app);
        if (Objects.requireNonNull(node, "node").isClosed()) {
            throw new IllegalStateException("node " + node.name() + " is closed: application " + name
                    + " cannot be loaded on it");
        }
        Controller c = controller(node);
        synchronized (c) {
            if (c.loaded.containsKey(name)) {
                return false;
            }
        }
        Config read = Config.load(name, app.defaults()); // reads a file: not under the lock
        synchronized (c) {
            if (c.loaded.containsKey(name)) {
                return false; // loaded meanwhile, by another load or a start
            }
            c.loaded.put(name, app);
            c.read.put(name, read.withChanges(c.changed.getOrDefault(name, Map.of())));
            return true;
        }
    }

    /**
     * Unloads a loaded application that does not run: {@code application:unload/1}. Its environment goes with it,
     * including what {@link #setEnv} set (OTP keeps only values set with {@code {persistent, true}}, which this has
     * not).
     *
     * @return true if it was unloaded; false if no application of that name was loaded (OTP's
     *     {@code {error, {not_loaded, App}}})
     * @throws IllegalStateException if it runs or is starting (OTP's {@code {error, {running, App}}})
     */
    public static boolean unload(Node node, String application) {
        Objects.requireNonNull(application, "application");
        Controller c = controller(node);
        synchronized (c) {
            if (c.running.stream().anyMatch(r -> r.name().equals(application))
                    || c.starting.containsKey(application)) {
                throw new IllegalStateException("{running, " + application + "}: application " + application
                        + " runs on node " + c.node.name() + "; stop it first (Applications.stop)");
            }
            if (c.loaded.remove(application) == null) {
                return false;
            }
            c.read.remove(application);
            c.changed.remove(application);
            return true;
        }
    }

    /**
     * The names of the applications loaded on a node, running or not, in load order: the names of
     * {@code application:loaded_applications/0}; {@link #loadedApplicationInfo} gives its whole tuples.
     */
    public static List<String> loadedApplications(Node node) {
        Controller c = controller(node);
        synchronized (c) {
            return List.copyOf(c.loaded.keySet());
        }
    }

    /**
     * The applications loaded on a node, running or not, in load order, each with its description and version:
     * {@code application:loaded_applications/0}, whose {@code [{Name, Description, Vsn}]} this is.
     */
    public static List<ApplicationInfo> loadedApplicationInfo(Node node) {
        Controller c = controller(node);
        Map<String, Application> loaded;
        synchronized (c) {
            loaded = new java.util.LinkedHashMap<>(c.loaded);
        }
        // the application's own description() and version(): user code, so not under the controller's lock
        return loaded.entrySet().stream().map(e -> ApplicationInfo.of(e.getKey(), e.getValue())).toList();
    }

    /**
     * A key of a loaded application's specification: {@code application:get_key(App, Key)}. The keys are OTP's:
     * {@code description} and {@code vsn} (strings, from {@link Application#description()} and
     * {@link Application#version()}), {@code applications} (the names of its {@link Application#dependencies()}, a
     * list), {@code env} (its environment now, a map, as {@link #getAllEnv(Node, String)}), {@code mod} (the
     * application's class name) and {@code start_phases} (its {@link Application#startPhases()}, a list; empty if it
     * has none, as OTP answers {@code undefined}). Empty if the application is not loaded on this node, or for any
     * other key, as OTP answers {@code undefined}.
     */
    public static Optional<Object> getKey(Node node, String application, String key) {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(key, "key");
        Application app;
        Controller c = controller(node);
        synchronized (c) {
            app = c.loaded.get(application);
        }
        if (app == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (key) {
            case "description" -> app.description();
            case "vsn" -> app.version();
            case "applications" -> app.dependencies().stream().map(Applications::nameOf).toList();
            case "env" -> getAllEnv(node, application);
            case "mod" -> app.getClass().getName();
            case "start_phases" -> app.startPhases().isEmpty() ? null : List.copyOf(app.startPhases());
            default -> null;
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The application environment: application:get_env/set_env/unset_env and get_application

    /**
     * A value of an application's environment: {@code application:get_env(App, Key)}. What its start read (its
     * {@link Config}: defaults, file, system properties), with what {@link #setEnv} and {@link #unsetEnv} changed
     * since. Read by any process at any time, as OTP's; empty if the key has no value, or the application has been
     * neither loaded ({@link #load}) nor started on this node.
     */
    public static Optional<String> getEnv(Node node, String application, String key) {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(key, "key");
        Controller c = controller(node);
        synchronized (c) {
            Map<String, String> changes = c.changed.getOrDefault(application, Map.of());
            if (changes.containsKey(key)) {
                return Optional.ofNullable(changes.get(key));
            }
            Config config = c.read.get(application);
            return Optional.ofNullable(config == null ? null : config.get(key, null));
        }
    }

    /**
     * An application's whole environment: {@code application:get_all_env(App)}. What its start read, with what
     * {@link #setEnv} and {@link #unsetEnv} changed since; empty if it has not been started on this node. A copy,
     * sorted by key.
     */
    public static Map<String, String> getAllEnv(Node node, String application) {
        Objects.requireNonNull(application, "application");
        Controller c = controller(node);
        synchronized (c) {
            Map<String, String> all = new java.util.TreeMap<>();
            Config config = c.read.get(application);
            if (config != null) {
                all.putAll(config.asMap());
            }
            c.changed.getOrDefault(application, Map.of()).forEach((k, v) -> {
                if (v == null) {
                    all.remove(k);
                } else {
                    all.put(k, v);
                }
            });
            return java.util.Collections.unmodifiableMap(all);
        }
    }

    /** The calling process's node, or a precise refusal naming the form that a plain thread can call. */
    private static Node callersNode(String called, String fromAThread) {
        if (ProcessImpl.current() == null) {
            throw new IllegalStateException("Applications." + called + " reads the calling process's application, "
                    + "and " + Thread.currentThread() + " is no process: call it from a process of the application, "
                    + "or name the application with Applications." + fromAThread);
        }
        return Process.node();
    }

    /** {@code application:get_all_env()}: the calling process's application's environment; empty in none. */
    public static Map<String, String> getAllEnv() {
        Node node = callersNode("getAllEnv()", "getAllEnv(node, application)");
        Optional<String> app = applicationOf(node, Process.self());
        return app.isEmpty() ? Map.of() : getAllEnv(node, app.get());
    }

    /**
     * {@code application:get_env(Key)}: a value of the environment of the calling process's application (see
     * {@link #applicationOf}); empty if the key has no value, or the process belongs to no application, as OTP's
     * answers {@code undefined} there (so a server started outside its application falls back on its default).
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public static Optional<String> getEnv(String key) {
        Objects.requireNonNull(key, "key");
        Node node = callersNode("getEnv(key)", "getEnv(node, application, key)");
        Optional<String> app = applicationOf(node, Process.self());
        return app.isEmpty() ? Optional.empty() : getEnv(node, app.get(), key);
    }

    /**
     * Sets a value of an application's environment: {@code application:set_env(App, Key, Val)}. Seen by
     * {@link #getEnv} at once, and kept across a stop and a start of the application, as OTP keeps a loaded
     * application's environment: the {@link Config} of its next start has it, over its defaults, file and system
     * properties. The {@link Config} a running start was given does not change. Not as OTP: a value set before the
     * application is loaded is kept too (until {@link #unload}), as OTP's {@code {persistent, true}} keeps one.
     */
    public static void setEnv(Node node, String application, String key, String value) {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value: use unsetEnv to remove one");
        Controller c = controller(node);
        synchronized (c) {
            c.changed.computeIfAbsent(application, a -> new HashMap<>()).put(key, value);
        }
    }

    /** Removes a value of an application's environment: {@code application:unset_env(App, Key)}. */
    public static void unsetEnv(Node node, String application, String key) {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(key, "key");
        Controller c = controller(node);
        synchronized (c) {
            c.changed.computeIfAbsent(application, a -> new HashMap<>()).put(key, null);
        }
    }

    /**
     * The application a process belongs to: {@code application:get_application(Pid)}. OTP finds it through the
     * process's group leader, the application master of the application whose start (or one of whose processes)
     * spawned it; here, the nearest application master among its ancestors. Empty for a process of no application.
     */
    public static Optional<String> applicationOf(Node node, Pid pid) {
        Objects.requireNonNull(pid, "pid");
        if (!Node.isLocal(pid)) {
            throw new IllegalArgumentException(pid + " is a process of another node: ask that node");
        }
        ProcessImpl p = ProcessImpl.of(pid);
        ProcessImpl master = isMaster(p) ? p : nearestMaster(p);
        if (master == null) {
            return Optional.empty();
        }
        String label = (String) master.initialCall();
        return Optional.of(label.substring(MASTER.length(), label.length() - 1));
    }

    /** The initial call an application master is given: {@code application_master(<name>)}. */
    private static final String MASTER = "application_master(";

    /**
     * The names of the applications running on a node, newest first: {@code application:which_applications/0}'s
     * order (the book's {@code [{stdlib, ...}, {kernel, ...}]}, kernel having started first).
     * {@link #whichApplicationInfo} gives its whole tuples.
     */
    public static List<String> whichApplications(Node node) {
        return running(node).reversed();
    }

    /**
     * The applications running on a node, newest first, each with its description and version:
     * {@code application:which_applications/0}, whose {@code [{Name, Description, Vsn}]} this is.
     */
    public static List<ApplicationInfo> whichApplicationInfo(Node node) {
        Controller c = controller(node);
        Map<String, Application> running = new java.util.LinkedHashMap<>();
        synchronized (c) {
            for (Running r : c.running.reversed()) {
                running.put(r.name(), c.loaded.get(r.name())); // a start loads it; unload refuses a running one
            }
        }
        // the application's own description() and version(): user code, so not under the controller's lock
        return running.entrySet().stream().map(e -> ApplicationInfo.of(e.getKey(), e.getValue())).toList();
    }

    /** The applications running on a node, in start order (the reverse of {@link #whichApplications}). */
    public static List<String> running(Node node) {
        Controller c = controller(node);
        synchronized (c) {
            return c.running.stream().map(Running::name).toList();
        }
    }

    /**
     * The top supervisor of a running application (OTP's {@code application_master:get_child/1}, which OTP's observer
     * uses to draw each application's tree), or null if no application of that name runs on the node.
     */
    public static Pid topSupervisor(Node node, String application) {
        Objects.requireNonNull(application, "application");
        Controller c = controller(node);
        synchronized (c) {
            return c.running.stream().filter(r -> r.name().equals(application)).map(Running::top).findFirst()
                    .orElse(null);
        }
    }

    /**
     * Stops one application: its tree, then its {@code stop}. Returns once it has stopped; false if none ran, or if it
     * ended by itself before this could stop it (OTP's {@code {error, {not_started, App}}}).
     */
    public static boolean stop(Node node, String application) {
        return stop(node, application, true);
    }

    /**
     * {@code onRequest}: an operator's or a program's stop, after which a distributed application stays stopped on
     * every node; false for the node's own shutdown, after which the other nodes take it over, as for a lost node.
     */
    private static boolean stop(Node node, String application, boolean onRequest) {
        Objects.requireNonNull(application, "application");
        Controller c = controller(node);
        Running r;
        synchronized (c) {
            r = c.running.stream().filter(x -> x.name().equals(application)).findFirst().orElse(null);
        }
        if (r == null) {
            return false;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (onRequest) {
            ApplicationStops.requested(node, application); // a distributed one stays stopped on every node
        }
        Process.send(r.master(), new StopRequest(done));
        // the application may end by itself before its master reads the request: then the master's end answers
        CompletableFuture.anyOf(done, r.ended()).join();
        return done.isDone();
    }

    /**
     * Stops every application, in reverse start order, then closes the node. Called from one of the node's own
     * processes, it does so on a thread of its own and returns at once (the caller is stopped with the rest).
     */
    public static void stopNode(Node node) {
        if (Process.isProcess() && Process.node() == node) {
            Thread.ofVirtual().name("stop-" + node.name()).start(() -> shutdown(controller(node), null));
            return;
        }
        shutdown(controller(node), null);
    }

    /** Waits until the node has stopped; returns the report of the application that stopped it, or null. */
    public static ApplicationReport awaitStop(Node node) throws InterruptedException {
        try {
            return controller(node).stopped.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** As {@link #awaitStop(Node)}, up to a timeout. */
    public static ApplicationReport awaitStop(Node node, Duration timeout) throws InterruptedException,
            TimeoutException {
        try {
            return timeout.compareTo(Timeouts.INFINITY) >= 0 ? controller(node).stopped.get()
                    : controller(node).stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** For {@code Node.close}: whoever waits for the node to stop is released. */
    public static void closed(Node node) {
        Controller c;
        synchronized (CONTROLLERS) {
            c = CONTROLLERS.get(node);
        }
        if (c != null) {
            c.stopped.complete(c.cause);
        }
    }

    private static void shutdown(Controller c, ApplicationReport cause) {
        io.loomotp.runtime.internal.ClusterViews.nodeStopping(c.node); // to its cluster the node is lost first
        List<Running> all;
        synchronized (c) {
            all = new ArrayList<>(c.running);
        }
        for (Running r : all.reversed()) {
            stop(c.node, r.name(), false);
        }
        if (cause != null) {
            c.cause = cause;
        }
        c.node.close(); // completes stopped, with the cause, once every process is gone
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The application master

    private static void master(Controller c, Application app, Restart type, StartType startType,
                               CompletableFuture<Pid> started) {
        Process.trapExits(true);
        // as OTP's application_master:init/4, and naming its application, which a lambda's class does not
        ProcessImpl.current().initialCall(MASTER + app.name() + ")");
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try {
            run(c, app, type, startType, started, ended);
        } catch (ExitUnwind lost) {
            // the master itself was killed (an operator's kill of its pid): OTP's application_controller sees its
            // master's EXIT and the application ends with that reason. This thread is a zombie now, whose effects
            // are suppressed, so a new process does what the master would have done.
            started.completeExceptionally(new IllegalStateException("its application master exited: "
                    + lost.reason));
            Running r = listed(c, app.name());
            if (r != null && !c.node.isClosed()) { // a closing node kills every master: nothing to act on then
                Thread.ofVirtual().name("app-master-lost").start(() -> {
                    try {
                        c.node.spawn(() -> exited(c, app, type, r.top(), lost.reason, null, null, null));
                    } catch (IllegalStateException closedMeanwhile) {
                        // the node closed after the check: its applications end with it
                    }
                });
            }
            throw lost;
        } finally {
            ended.complete(null); // releases a stop that asked after the application had ended by itself
        }
    }

    private static Running listed(Controller c, String name) {
        synchronized (c) {
            return c.running.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
        }
    }

    private static void run(Controller c, Application app, Restart type, StartType startType,
                            CompletableFuture<Pid> started, CompletableFuture<Void> ended) {
        AtomicReference<Pid> topRef = new AtomicReference<>();
        AtomicReference<SupervisorReport> lastChild = new AtomicReference<>();
        AtomicReference<SupervisorReport> gaveUp = new AtomicReference<>();
        Pid top;
        boolean startedLinked = true;
        SupervisorFlags flags = null;
        try (AutoCloseable _ = c.node.onReport(r -> {
            if (r instanceof SupervisorReport s && s.supervisor().equals(topRef.get())) {
                if (s.gaveUp()) {
                    gaveUp.set(s);
                } else if (s.errorContext().equals("child_terminated")) {
                    lastChild.set(s);
                }
            }
        })) {
            try {
                Config loaded = Config.load(app.name(), app.defaults()); // reads a file: not under the lock
                Config config;
                synchronized (c) { // one environment, as OTP's: what was set since the last start is read too
                    config = loaded.withChanges(c.changed.getOrDefault(app.name(), Map.of()));
                    c.read.put(app.name(), config);
                }
                top = app.start(startType, config);
                if (top == null) {
                    throw new IllegalStateException(app.getClass().getName() + ".start returned no pid: return the "
                            + "top supervisor, started with startLink");
                }
                topRef.set(top);
                ProcessInfo before = c.node.info(top);
                startedLinked = before == null || before.links().contains(Process.self());
                // OTP's application_master links the pid start returns (start_the_app), so a top started unlinked
                // is watched too; linking a linked one changes nothing, and a dead one gives an Exit(noproc) here
                Process.link(top);
                // asked of a supervisor only: a plain process would take the sys request for its own message
                ProcessInfo info = c.node.info(top);
                if (info != null && "supervisor".equals(info.behaviour())
                        && SysCalls.getState(top, QUERY) instanceof SupervisorState s) {
                    flags = s.flags();
                }
            } catch (Exception | LinkageError e) {
                startFailed(c, app, type, e);
                started.completeExceptionally(e);
                return;
            }
            ApplicationStartException phaseFailed = runStartPhases(app, startType);
            if (phaseFailed != null) {
                stopTree(top, !startedLinked && flags != null);
                startFailed(c, app, type, phaseFailed);
                started.completeExceptionally(phaseFailed);
                return;
            }
            synchronized (c) { // listed before start returns, so that an exit right after it finds it to forget
                c.running.add(new Running(app.name(), Process.self(), top, ended));
            }
            started.complete(top);
            report(new ProgressReport(Process.self(), null, null, app.name()));
            for (;;) {
                Object m = Process.receive();
                if (m instanceof Exit(Pid from, ExitReason reason) && from.equals(top)) {
                    runPrepStop(app); // OTP's application_master:loop_it: prep_stop, then stop, on the child's EXIT
                    exited(c, app, type, top, reason, flags, gaveUp.get(), lastChild.get());
                    killTheRest(c.node);
                    return;
                }
                if (m instanceof StopRequest(CompletableFuture<Void> done)) {
                    runPrepStop(app);
                    stopTree(top, !startedLinked && flags != null);
                    runStop(app);
                    killTheRest(c.node);
                    forget(c, app.name());
                    report(new ApplicationReport(app.name(), ExitReason.custom("stopped"),
                            type.name().toLowerCase(Locale.ROOT), ""));
                    done.complete(null);
                    return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the application's start phases in order (OTP's {@code application_starter:start/3}), in the master, once
     * the tree is up; stops at the first that throws.
     *
     * @return null if every phase ran, else the start's failure, naming the phase as OTP's
     *     {@code {Reason, {Mod, start_phase, [Phase, Type, Args]}}} does
     */
    private static ApplicationStartException runStartPhases(Application app, StartType startType) {
        List<StartPhase> phases;
        try {
            phases = List.copyOf(app.startPhases());
        } catch (RuntimeException | LinkageError e) {
            return new ApplicationStartException(app.name(), "its startPhases() threw " + e, e, false);
        }
        for (StartPhase phase : phases) {
            try {
                app.startPhase(phase.name(), startType, phase.args());
            } catch (Exception | LinkageError | AssertionError e) {
                return new ApplicationStartException(app.name(), "its start phase " + phase.name() + " failed ("
                        + app.getClass().getName() + ".startPhase(\"" + phase.name() + "\", " + startType + ", "
                        + phase.args() + ")): " + e, e, false);
            }
        }
        return null;
    }

    /**
     * Stops the top supervisor. One started unlinked is its own parent: it takes the master's shutdown exit for a
     * stranger's and runs on (OTP's application_master would wait for it for ever); it is stopped as sys stops it.
     */
    private static void stopTree(Pid top, boolean ownParent) {
        Process.unlink(top);
        MonitorRef ref = Process.monitor(top);
        if (Process.receive(m -> m instanceof Exit e && e.from().equals(top), Duration.ZERO) == null) {
            if (ownParent) {
                try {
                    io.loomotp.runtime.server.GenServer.stop(top, ExitReason.SHUTDOWN, Timeouts.INFINITY);
                } catch (RuntimeException gone) {
                    // it ended meanwhile: its Down is on its way
                }
            } else {
                Process.exit(top, ExitReason.SHUTDOWN);
            }
        }
        Process.receive(m -> m instanceof Down d && d.ref().equals(ref), null);
    }

    /**
     * Kills what the application started outside its tree and left running, as OTP's application master kills, at
     * its end, every process whose group leader it is ({@code kill_all_procs}): here, every process this master is
     * the nearest application master among the ancestors of (another application started from this one's start
     * belongs to its own master). Called in the master, after {@code stop()}.
     */
    private static void killTheRest(Node node) {
        ProcessImpl master = ProcessImpl.current();
        for (ProcessImpl p : Starts.runtime(node).processes()) {
            // another application's master is the controller's, not this one's, whoever spawned it (OTP's
            // controller spawns every master): an application this one's start or a worker started outlives it
            if (p != master && p.isAlive() && !isMaster(p) && nearestMaster(p) == master) {
                Process.exit(p, ExitReason.KILL);
            }
        }
    }

    private static ProcessImpl nearestMaster(ProcessImpl p) {
        for (ProcessImpl a = p.parent(); a != null; a = a.parent()) {
            if (isMaster(a)) {
                return a;
            }
        }
        return null;
    }

    private static boolean isMaster(ProcessImpl p) {
        return p.initialCall() instanceof String label && label.startsWith(MASTER);
    }

    /*
     * A callback that throws does not stop the stop: OTP's application master calls both under catch. What is caught
     * is what user code throws (a checked exception thrown sneakily, an assertion, a class that does not link); not
     * the master's own exit (ExitUnwind), nor the JVM's failures. Left to escape, it would end the master with the
     * application still listed as running, and Applications.stop would answer false.
     */

    private static void runPrepStop(Application app) {
        try {
            app.prepStop();
        } catch (Exception | LinkageError | AssertionError e) {
            // as OTP's application_master:prep_stop: an error report (shutdown_error), and the stop goes on
            report(new ApplicationReport(app.name(), ExitReason.crash(e), "prep_stop", "its prepStop() threw"));
        }
    }

    private static void runStop(Application app) {
        try {
            app.stop();
        } catch (Exception | LinkageError | AssertionError e) {
            // OTP's application_master says nothing (catch Mod:stop(State)); a warning, once, helps more. The
            // application has stopped all the same, and its exit report that follows keeps its own reason
            report(new ApplicationReport(app.name(), ExitReason.crash(e), "stop", "its stop() threw; the "
                    + "application has stopped all the same"));
        }
    }

    private static void exited(Controller c, Application app, Restart type, Pid top, ExitReason reason,
                               SupervisorFlags flags, SupervisorReport gaveUp, SupervisorReport lastChild) {
        runStop(app);
        forget(c, app.name());
        StringBuilder detail = new StringBuilder();
        if (gaveUp != null) {
            detail.append("its top supervisor ").append(top).append(" reached its maximum restart intensity");
            if (flags != null) {
                detail.append(": more than ").append(flags.intensity()).append(flags.intensity() == 1 ? " restart"
                        : " restarts").append(" in ").append(describe(flags.period())).append(" (")
                        .append(flags.strategy().name().toLowerCase(Locale.ROOT)).append(')');
            }
            if (lastChild != null) {
                detail.append("; the last child to fail was ").append(lastChild.offender().label()).append(": ")
                        .append(lastChild.reason());
            }
        }
        // OTP's application_controller: a transient application may end with normal only; shutdown (its top
        // supervisor giving up) stops the node as any other reason does
        boolean stopsNode = type == Restart.PERMANENT
                || (type == Restart.TRANSIENT && !(reason instanceof ExitReason.Normal));
        if (stopsNode) {
            detail.append(detail.isEmpty() ? "" : "; ").append("the node stops");
        }
        ApplicationReport report = new ApplicationReport(app.name(), reason, type.name().toLowerCase(Locale.ROOT),
                detail.toString());
        report(report);
        if (stopsNode) {
            Thread.ofVirtual().name("stop-" + c.node.name()).start(() -> shutdown(c, report));
        }
    }

    /**
     * A start that failed, as OTP's {@code application_controller:handle_application_started}: reported
     * ({@code info_exited}), and for a permanent application, or a transient one, the node stops
     * ({@code {application_start_failure, App, R}}), as it would had the application ended.
     */
    private static void startFailed(Controller c, Application app, Restart type, Throwable e) {
        boolean stopsNode = type != Restart.TEMPORARY && !c.node.isClosed();
        ApplicationReport report = new ApplicationReport(app.name(), ExitReason.crash(e),
                type.name().toLowerCase(Locale.ROOT), "its start failed (OTP's application_start_failure)"
                        + (stopsNode ? "; the node stops" : ""));
        report(report);
        if (stopsNode) {
            Thread.ofVirtual().name("stop-" + c.node.name()).start(() -> shutdown(c, report));
        }
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600 && s % 3600 == 0) {
            return (s / 3600) + " h";
        }
        if (s >= 60 && s % 60 == 0) {
            return (s / 60) + " min";
        }
        return d.toMillis() % 1000 == 0 ? s + " s" : d.toMillis() + " ms";
    }

    private static void forget(Controller c, String name) {
        synchronized (c) {
            c.running.removeIf(r -> r.name().equals(name));
        }
    }

    private static void report(io.loomotp.runtime.report.Report r) {
        ProcessImpl.current().node().reports().report(r);
    }
}
