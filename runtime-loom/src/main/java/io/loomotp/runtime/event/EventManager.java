package io.loomotp.runtime.event;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.internal.BehaviourCheck;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.StartOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * OTP's {@code gen_event}: an event manager, a process that holds event handlers and runs each event through them.
 * Handlers are added, deleted and swapped at run time; a handler that throws is removed and reported, and the manager
 * and its other handlers live on.
 *
 * <pre>{@code
 * Pid alarms = EventManager.start(node, StartOptions.defaults().withName("alarms"));
 * EventManager.addHandler(alarms, new LogHandler());
 * EventManager.notify(alarms, new Overload(12));
 * }</pre>
 *
 * <p>A manager runs on the same server loop as every behaviour, with the sys protocol; it traps exits.
 */
public final class EventManager {
    private EventManager() {}

    /** Starts an unlinked event manager with no handlers. */
    public static Pid start(Node node, StartOptions options) {
        return GenServer.start(node, new EventManagerBehaviour(), EventManagerBehaviour.Manager::new, options);
    }

    public static Pid start(Node node) {
        return start(node, StartOptions.defaults());
    }

    /** Starts an event manager linked to the calling process, as a supervisor does. */
    public static Pid startLink(StartOptions options) {
        return GenServer.startLink(new EventManagerBehaviour(), EventManagerBehaviour.Manager::new, options);
    }

    public static Pid startLink() {
        return startLink(StartOptions.defaults());
    }

    /**
     * Starts an unlinked event manager on the caller's node that the caller monitors from the start:
     * {@code gen_event:start_monitor/0,1,2} (OTP 23). See {@code GenServer.startMonitor}.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public static io.loomotp.runtime.Process.Spawned startMonitor(StartOptions options) {
        if (!io.loomotp.runtime.Process.isProcess()) {
            throw new IllegalStateException("EventManager.startMonitor must be called from a process: the caller "
                    + "monitors the new manager, and gets its Down");
        }
        return GenServer.startMonitor(new EventManagerBehaviour(), EventManagerBehaviour.Manager::new, options);
    }

    public static io.loomotp.runtime.Process.Spawned startMonitor() {
        return startMonitor(StartOptions.defaults());
    }

    /** Stops the manager: every handler's {@code terminate} runs with {@code Stopped}. */
    public static void stop(Pid manager) {
        GenServer.stop(manager);
    }

    /**
     * Stops a manager with a reason, waiting up to {@code timeout}: {@code gen_event:stop/3}. Its handlers get
     * {@code Stopped}, as for {@link #stop(Pid)}.
     *
     * @throws io.loomotp.runtime.NoProcessException if it is dead
     * @throws io.loomotp.runtime.CallTimeoutException if it did not stop in time
     * @throws io.loomotp.runtime.ProcessExitException if it exited with another reason
     */
    public static void stop(Pid manager, ExitReason reason, Duration timeout) {
        GenServer.stop(manager, reason, timeout);
    }

    // --- handlers ------------------------------------------------------------------------------------------------

    /**
     * Adds a handler, identified by its class; its {@code init} runs in the manager.
     *
     * @throws HandlerFailedException if its init threw, or the manager has a handler of that id already
     */
    public static void addHandler(Pid manager, EventHandler handler) {
        addHandler(manager, HandlerId.of(Objects.requireNonNull(handler, "handler").getClass()), handler);
    }

    /** Adds a handler under an id of its own, for several handlers of one class. */
    public static void addHandler(Pid manager, HandlerId id, EventHandler handler) {
        answer(manager, managerCall(manager, new EventManagerBehaviour.Add(id, checked(id, handler), null),
                Timeouts.INFINITY));
    }

    /**
     * The handler, if the id names its class (or a superclass): an id is how the handler is found again, and one of
     * another class would have its calls, deletes and reports go to a handler it does not name.
     *
     * @throws IllegalArgumentException if it names another class
     */
    static EventHandler checked(HandlerId id, EventHandler handler) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handler, "handler");
        if (!id.type().isInstance(handler)) {
            throw new IllegalArgumentException("handler id " + id + " names class " + id.type().getName()
                    + ", but the handler is a " + handler.getClass().getName() + ": use HandlerId.of("
                    + handler.getClass().getSimpleName() + ".class" + (id.id() == null ? "" : ", " + id.id()) + ")");
        }
        return handler;
    }

    /**
     * Adds a handler tied to the calling process, both ways: if the caller dies, the handler is removed; if the
     * handler is removed for any other reason, the caller gets a {@link HandlerExit}. The two are linked.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public static void addSupervisedHandler(Pid manager, EventHandler handler) {
        addSupervisedHandler(manager, HandlerId.of(handler.getClass()), handler);
    }

    public static void addSupervisedHandler(Pid manager, HandlerId id, EventHandler handler) {
        Pid self = ProcessImpl.currentOrThrow("EventManager.addSupervisedHandler");
        answer(manager, managerCall(manager, new EventManagerBehaviour.Add(id, checked(id, handler), self),
                Timeouts.INFINITY));
    }

    /**
     * Removes a handler; its {@code terminate} runs with {@code Deleted(args)}.
     *
     * @return what its terminate returned, or, if it threw, {@code ExitReason.crash(exception)} (OTP's
     *     {@code {'EXIT', Reason}}; nothing is reported)
     * @throws HandlerNotFoundException if the manager has no such handler
     */
    public static Object deleteHandler(Pid manager, HandlerId id, Object args) {
        return answer(manager, managerCall(manager, new EventManagerBehaviour.Delete(id, args), Timeouts.INFINITY));
    }

    /**
     * What the factory of a swap gets when the old handler is not installed: OTP's {@code error}, which
     * {@code gen_event:swap_handler/3} gives the new handler's {@code init/1} in place of the old one's result. The
     * factory may still make a handler (it is then added), or throw to refuse the swap.
     */
    public static final Object NOT_INSTALLED = new Object() {
        @Override
        public String toString() {
            return "error";
        }
    };

    /**
     * Replaces a handler, OTP's {@code swap_handler/3}: the old one is removed and its {@code terminate} runs with
     * {@code Swapped(args)}; what it returns is given to {@code next}, which makes the new handler (then initialised
     * as by {@link #addHandler}). Both happen inside the manager, with no event between them. If the old handler is
     * not there, {@code next} gets {@link #NOT_INSTALLED}.
     *
     * @param args what the old handler's {@code terminate} gets in {@code Swapped} (OTP's {@code Args1}); the new
     *     handler's own arguments ({@code Args2}) are whatever {@code next} captures
     * @throws HandlerFailedException if {@code next} threw, or the new handler's init threw, or the manager has a
     *     handler of {@code nextId} already; the old handler is removed all the same, as in OTP
     */
    public static void swapHandler(Pid manager, HandlerId old, Object args, HandlerId nextId,
                                   Function<Object, ? extends EventHandler> next) {
        answer(manager, managerCall(manager, new EventManagerBehaviour.Swap(old, args, nextId,
                Objects.requireNonNull(next, "next"), null), Timeouts.INFINITY));
    }

    /** As {@link #swapHandler(Pid, HandlerId, Object, HandlerId, Function)}, with no argument for the old handler. */
    public static void swapHandler(Pid manager, HandlerId old, HandlerId nextId,
                                   Function<Object, ? extends EventHandler> next) {
        swapHandler(manager, old, null, nextId, next);
    }

    /** As {@link #swapHandler(Pid, HandlerId, Object, HandlerId, Function)}, the new handler supervised by the caller. */
    public static void swapSupervisedHandler(Pid manager, HandlerId old, Object args, HandlerId nextId,
                                             Function<Object, ? extends EventHandler> next) {
        Pid self = ProcessImpl.currentOrThrow("EventManager.swapSupervisedHandler");
        answer(manager, managerCall(manager, new EventManagerBehaviour.Swap(old, args, nextId,
                Objects.requireNonNull(next, "next"), self), Timeouts.INFINITY));
    }

    /** As {@link #swapSupervisedHandler(Pid, HandlerId, Object, HandlerId, Function)}, with no argument. */
    public static void swapSupervisedHandler(Pid manager, HandlerId old, HandlerId nextId,
                                             Function<Object, ? extends EventHandler> next) {
        swapSupervisedHandler(manager, old, null, nextId, next);
    }

    /** The handlers, most recently added first (the order events go through them). */
    @SuppressWarnings("unchecked")
    public static List<HandlerId> whichHandlers(Pid manager) {
        return whichHandlers(manager, Timeouts.INFINITY);
    }

    /**
     * {@link #whichHandlers(Pid)}, waiting at most {@code timeout}: for tools that must not hang on a busy or suspended
     * manager.
     *
     * @throws io.loomotp.runtime.CallTimeoutException if it did not answer in time
     */
    @SuppressWarnings("unchecked")
    public static List<HandlerId> whichHandlers(Pid manager, Duration timeout) {
        return (List<HandlerId>) managerCall(manager, new EventManagerBehaviour.Which(), timeout);
    }

    /**
     * A request to the manager, refused at once if {@code manager} is a local process that is no event manager: the
     * request would wait for ever (most of them wait without a timeout, as gen_event's).
     */
    private static Object managerCall(Pid manager, Object request, Duration timeout) {
        Objects.requireNonNull(manager, "manager");
        BehaviourCheck.require(manager, "gen_event", request, EventManager::requestName);
        return GenServer.call(manager, request, timeout);
    }

    /** A request in the API's words, for a refusal: {@code EventManager.addHandler}. */
    private static String requestName(Object request) {
        return "EventManager." + switch (request) {
            case EventManagerBehaviour.Add a -> a.supervisor() == null ? "addHandler" : "addSupervisedHandler";
            case EventManagerBehaviour.Delete d -> "deleteHandler";
            case EventManagerBehaviour.Swap w -> "swapHandler";
            case EventManagerBehaviour.Which w -> "whichHandlers";
            case EventManagerBehaviour.SyncNotify n -> "syncNotify";
            case EventManagerBehaviour.Call c -> "call";
            default -> request.getClass().getSimpleName();
        };
    }

    // --- events --------------------------------------------------------------------------------------------------

    /** Sends an event to every handler, without waiting. */
    public static void notify(Pid manager, Object event) {
        GenServer.cast(manager, new EventManagerBehaviour.Notify(event));
    }

    /**
     * Sends an event to the manager registered under {@code name}, without waiting; nothing happens if there is none.
     * That differs from OTP on purpose: {@code gen_event:notify/2} sends with {@code Name ! Event}, which fails with
     * {@code badarg} for a name nobody holds, so a server that notifies a manager its supervisor is restarting would
     * crash in that window. Use {@link Node#whereis} first where the manager's absence is an error.
     */
    public static void notify(Node node, String name, Object event) {
        GenServer.cast(node, name, new EventManagerBehaviour.Notify(event));
    }

    // --- by registered name, as gen_event's functions take a name --------------------------------------------------

    /**
     * The manager registered as {@code name} on {@code node}: what the by-name forms below act on.
     *
     * @throws NoProcessException if no live process holds the name (OTP's {@code noproc})
     */
    public static Pid whereis(Node node, String name) {
        Pid p = node.whereis(Objects.requireNonNull(name, "name"));
        if (p == null) {
            throw new NoProcessException(name, "event manager");
        }
        return p;
    }

    /** {@link #addHandler(Pid, EventHandler)} to the manager registered as {@code name}. */
    public static void addHandler(Node node, String name, EventHandler handler) {
        addHandler(whereis(node, name), handler);
    }

    /** {@link #addHandler(Pid, HandlerId, EventHandler)} to the manager registered as {@code name}. */
    public static void addHandler(Node node, String name, HandlerId id, EventHandler handler) {
        addHandler(whereis(node, name), id, handler);
    }

    /** {@link #addSupervisedHandler(Pid, EventHandler)} to the manager registered as {@code name}. */
    public static void addSupervisedHandler(Node node, String name, EventHandler handler) {
        addSupervisedHandler(whereis(node, name), handler);
    }

    /** {@link #addSupervisedHandler(Pid, HandlerId, EventHandler)} to the manager registered as {@code name}. */
    public static void addSupervisedHandler(Node node, String name, HandlerId id, EventHandler handler) {
        addSupervisedHandler(whereis(node, name), id, handler);
    }

    /** {@link #swapHandler(Pid, HandlerId, Object, HandlerId, Function)} of the manager registered as {@code name}. */
    public static void swapHandler(Node node, String name, HandlerId old, Object args, HandlerId nextId,
                                   Function<Object, ? extends EventHandler> next) {
        swapHandler(whereis(node, name), old, args, nextId, next);
    }

    /**
     * {@link #swapSupervisedHandler(Pid, HandlerId, Object, HandlerId, Function)} of the manager registered as
     * {@code name}.
     */
    public static void swapSupervisedHandler(Node node, String name, HandlerId old, Object args, HandlerId nextId,
                                             Function<Object, ? extends EventHandler> next) {
        swapSupervisedHandler(whereis(node, name), old, args, nextId, next);
    }

    /** {@link #stop(Pid)} of the manager registered as {@code name}: {@code gen_event:stop(Name)}. */
    public static void stop(Node node, String name) {
        stop(whereis(node, name));
    }

    /** {@link #deleteHandler(Pid, HandlerId, Object)} of the manager registered as {@code name}. */
    public static Object deleteHandler(Node node, String name, HandlerId id, Object args) {
        return deleteHandler(whereis(node, name), id, args);
    }

    /** {@link #whichHandlers(Pid)} of the manager registered as {@code name}. */
    public static List<HandlerId> whichHandlers(Node node, String name) {
        return whichHandlers(whereis(node, name));
    }

    /** {@link #syncNotify(Pid, Object)} to the manager registered as {@code name}. */
    public static void syncNotify(Node node, String name, Object event) {
        syncNotify(whereis(node, name), event);
    }

    /** {@link #call(Pid, HandlerId, Object)} of a handler of the manager registered as {@code name}. */
    public static Object call(Node node, String name, HandlerId handler, Object request) {
        return call(whereis(node, name), handler, request);
    }

    /** Sends an event to every handler, and returns once all of them have handled it. */
    public static void syncNotify(Pid manager, Object event) {
        managerCall(manager, new EventManagerBehaviour.SyncNotify(event), Timeouts.INFINITY);
    }

    /** Sends a request to one handler and returns its answer, waiting up to 5 seconds. */
    public static Object call(Pid manager, HandlerId handler, Object request) {
        return call(manager, handler, request, Timeouts.DEFAULT_CALL);
    }

    /**
     * Sends a request to one handler and returns its answer.
     *
     * @throws HandlerNotFoundException if the manager has no such handler
     * @throws HandlerFailedException if the handler threw (it has been removed)
     */
    public static Object call(Pid manager, HandlerId handler, Object request, Duration timeout) {
        return answer(manager, managerCall(manager, new EventManagerBehaviour.Call(handler, request), timeout));
    }

    /**
     * Sends a request to one handler without waiting for its answer: {@code gen_event:send_request/3} (OTP 23). The
     * answer comes to this process's mailbox as a {@link io.loomotp.runtime.Response}; take it with
     * {@link #receiveResponse}, {@link #waitResponse} or {@link #checkResponse}, which give the handler's reply or throw
     * what {@link #call(Pid, HandlerId, Object, Duration)} throws.
     *
     * @throws IllegalStateException if the caller is not a process: the answer comes to a mailbox
     * @throws IllegalArgumentException if {@code manager} is a local process that is no event manager
     */
    public static io.loomotp.runtime.RequestId sendRequest(Pid manager, HandlerId handler, Object request) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(handler, "handler");
        EventManagerBehaviour.Call call = new EventManagerBehaviour.Call(handler, request);
        BehaviourCheck.require(manager, "gen_event", call, EventManager::requestName);
        return GenServer.sendRequest(manager, call);
    }

    /**
     * Waits up to {@code timeout} for the answer to {@link #sendRequest}: {@code gen_event:receive_response/2}. On a
     * timeout the request is given up (a later answer is dropped).
     *
     * @throws HandlerNotFoundException if the manager has no such handler
     * @throws HandlerFailedException if the handler threw (it has been removed)
     * @throws io.loomotp.runtime.CallTimeoutException if no answer came in time
     */
    public static Object receiveResponse(io.loomotp.runtime.RequestId id, Duration timeout) {
        return answer(id.server(), GenServer.receiveResponse(id, timeout));
    }

    /**
     * As {@link #receiveResponse}, but a timeout leaves the request pending, to be waited for again:
     * {@code gen_event:wait_response/2}.
     */
    public static Object waitResponse(io.loomotp.runtime.RequestId id, Duration timeout) {
        return answer(id.server(), GenServer.waitResponse(id, timeout));
    }

    /**
     * Whether a message this process received is the answer to {@code id}: {@code gen_event:check_response/2}.
     * Returns it (its {@code get()} gives the handler's reply, or throws as {@link #receiveResponse}), or null if the
     * message is something else (OTP's {@code no_reply}).
     */
    public static io.loomotp.runtime.Response checkResponse(Object message, io.loomotp.runtime.RequestId id) {
        io.loomotp.runtime.Response r = GenServer.checkResponse(message, id);
        if (!(r instanceof io.loomotp.runtime.Response.Reply(var rid, Object value))) {
            return r;
        }
        try {
            return new io.loomotp.runtime.Response.Reply(rid, answer(rid.server(), value));
        } catch (RuntimeException e) {
            return new io.loomotp.runtime.Response.Failed(rid, e);
        }
    }

    /**
     * Called by a handler, inside its manager: removes it once the current event, call or message is handled, with
     * {@code RemovedItself} (OTP's {@code remove_handler}).
     *
     * @throws IllegalStateException if no handler is running on this thread
     */
    public static void removeThisHandler() {
        EventManagerBehaviour.Installed h = EventManagerBehaviour.RUNNING.get();
        if (h == null || !Process.isProcess()) {
            throw new IllegalStateException("removeThisHandler is for an event handler to call while it handles "
                    + "something, inside its manager");
        }
        h.removeRequested = true;
    }

    /**
     * Called by a handler while it handles an event, a call or a message: once it returns, it is swapped for a new
     * one, as OTP's handler returning {@code {swap_handler, Args1, State1, Handler2, Args2}}. Its {@code terminate}
     * runs with {@code Swapped(args)}, and what that returns is given to {@code factory}, whose handler is added
     * under {@code newId} (its {@code init} runs) and keeps this one's supervisor. For a call, the caller gets the
     * reply the handler returned. If the new handler cannot be made, it is reported and the old one is gone.
     *
     * @throws IllegalStateException if the caller is not a handler running inside its manager
     */
    public static void swapThisHandler(Object args, HandlerId newId, Function<Object, ? extends EventHandler> factory) {
        Objects.requireNonNull(newId, "newId");
        Objects.requireNonNull(factory, "factory");
        EventManagerBehaviour.Installed h = EventManagerBehaviour.RUNNING.get();
        if (h == null || !Process.isProcess()) {
            throw new IllegalStateException("swapThisHandler is for an event handler to call while it handles "
                    + "something, inside its manager; from outside, use swapHandler");
        }
        h.swapRequested = new EventManagerBehaviour.Swap(h.id, args, newId, factory, null);
    }

    private static Object answer(Pid manager, Object answer) {
        if (answer instanceof EventManagerBehaviour.NotFound(HandlerId id)) {
            throw new HandlerNotFoundException(manager, id);
        }
        if (answer instanceof EventManagerBehaviour.Failed(String message, Throwable cause)) {
            throw new HandlerFailedException(message, cause);
        }
        return answer == EventManagerBehaviour.NOTHING ? null : answer;
    }
}
