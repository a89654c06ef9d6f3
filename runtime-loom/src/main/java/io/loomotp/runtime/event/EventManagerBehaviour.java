package io.loomotp.runtime.event;

import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.ServerLoop;
import io.loomotp.runtime.report.HandlerCrashReport;
import io.loomotp.runtime.report.UnexpectedMessageReport;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.sys.SysEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The event manager: a callback of the one server loop, as {@code gen_event} is a special process of OTP's. It holds
 * handlers, most recently added first as OTP does, and runs each event through them one after another; a handler that
 * throws is removed and reported, and the manager lives on. Supervised handlers are tied to the process that added
 * them: the manager traps exits, so that one's death removes its handlers, and it sends that process a
 * {@link HandlerExit} when one of its handlers is removed for any other reason.
 *
 * <p>Owner only: every method runs on the manager's own process.
 */
final class EventManagerBehaviour implements ServerCallbacks<EventManagerBehaviour.Manager> {

    /** One installed handler. */
    static final class Installed {
        final HandlerId id;
        /** The handler; replaced only by {@code sys:replace_state}. */
        EventHandler handler;
        final Pid supervisor;
        boolean removeRequested;
        /** Set by {@link EventManager#swapThisHandler} while it handles something: swapped once it returns. */
        Swap swapRequested;
        /** The message types dropped and reported for want of a {@code handleInfo} (the manager's thread only). */
        Set<Class<?>> warned;

        Installed(HandlerId id, EventHandler handler, Pid supervisor) {
            this.id = id;
            this.handler = handler;
            this.supervisor = supervisor;
        }
    }

    /** The manager's state: its handlers, most recent first. */
    static final class Manager {
        final List<Installed> handlers = new ArrayList<>();
    }

    // --- requests: each prints as the gen_event function that sent it, for trace lines and errors' messages ------

    record Add(HandlerId id, EventHandler handler, Pid supervisor) {
        @Override
        public String toString() {
            return (supervisor == null ? "gen_event:add_handler(" : "gen_event:add_sup_handler(") + id + ")";
        }
    }

    record Delete(HandlerId id, Object args) {
        @Override
        public String toString() {
            return "gen_event:delete_handler(" + id + ", " + args + ")";
        }
    }

    record Swap(HandlerId old, Object args, HandlerId next, Function<Object, ? extends EventHandler> factory,
                Pid supervisor) {
        @Override
        public String toString() {
            return (supervisor == null ? "gen_event:swap_handler(" : "gen_event:swap_sup_handler(") + old + ", "
                    + next + ")";
        }
    }

    record Call(HandlerId id, Object request) {
        @Override
        public String toString() {
            return "gen_event:call(" + id + ", " + request + ")";
        }
    }

    record SyncNotify(Object event) {
        @Override
        public String toString() {
            return "gen_event:sync_notify(" + event + ")";
        }
    }

    record Notify(Object event) {
        @Override
        public String toString() {
            return "gen_event:notify(" + event + ")";
        }
    }

    record Which() {
        @Override
        public String toString() {
            return "gen_event:which_handlers";
        }
    }

    /** Answers that the facade turns into exceptions in the caller. */
    record NotFound(HandlerId id) {}

    record Failed(String message, Throwable cause) {}

    /** A null answer, which the loop would otherwise take for a missing reply; a trace line prints it as {@code ok}. */
    static final Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "ok";
        }
    };

    /** The handler running now, so that it can remove itself. */
    static final ThreadLocal<Installed> RUNNING = new ThreadLocal<>();

    @Override
    public InitResult init(Manager m) {
        Process.trapExits(true);
        return InitResult.ok();
    }

    @Override
    public Object handleCall(Manager m, Object request, From from) {
        return switch (request) {
            case Add(HandlerId id, EventHandler handler, Pid supervisor) -> add(m, id, handler, supervisor);
            case Delete(HandlerId id, Object args) -> {
                Installed h = find(m, id);
                if (h == null) {
                    yield new NotFound(id);
                }
                m.handlers.remove(h);
                // gen_event:do_terminate's (catch Mod:terminate(..)): a throw is the answer, {'EXIT', R}, not a report
                Object result = terminate(m, h, new EventHandler.Removal.Deleted(args), ExitReason.NORMAL);
                yield result == null ? NOTHING : result;
            }
            case Swap s -> swap(m, s);
            case Call(HandlerId id, Object req) -> call(m, id, req);
            case SyncNotify(Object event) -> {
                dispatch(m, event);
                yield NOTHING;
            }
            case Which w -> m.handlers.stream().map(h -> h.id).toList();
            default -> throw new IllegalArgumentException("an event manager has no call " + request);
        };
    }

    @Override
    public void handleCast(Manager m, Object message) {
        if (message instanceof Notify(Object event)) {
            dispatch(m, event);
        } else {
            throw new IllegalArgumentException("an event manager has no cast " + message);
        }
    }

    @Override
    public boolean handleInfo(Manager m, Object message) {
        if (message instanceof Exit(Pid from, ExitReason reason)) {
            for (Installed h : List.copyOf(m.handlers)) {
                if (from.equals(h.supervisor)) {
                    m.handlers.remove(h);
                    terminate(m, h, new EventHandler.Removal.SupervisorDied(reason), null);
                }
            }
            // gen_event:handle_exit: the supervisor's handlers go first, then every handler left sees the 'EXIT' in
            // handle_info, as any other message, whether it came from a supervisor or not
        }
        for (Installed h : List.copyOf(m.handlers)) {
            if (!HAS_HANDLE_INFO.get(h.handler.getClass())) {
                unexpected(h, message);
                continue;
            }
            run(m, h, message, () -> h.handler.handleInfo(message));
        }
        return true;
    }

    /** Whether a handler's class has a {@code handleInfo} of its own, not the interface's default. */
    private static final ClassValue<Boolean> HAS_HANDLE_INFO = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("handleInfo", Object.class).getDeclaringClass() != EventHandler.class;
            } catch (NoSuchMethodException impossible) {
                return true;
            }
        }
    };

    /**
     * A message to a handler without {@code handleInfo}: dropped, and reported once per handler and message type, as
     * gen_event warns ({@code no_handle_info}: "Undefined handle_info in Mod, Unhandled message: Msg") and as a
     * server without a handler for a message does here.
     */
    private static void unexpected(Installed h, Object message) {
        if (h.warned == null) {
            h.warned = new HashSet<>();
        }
        if (h.warned.add(message.getClass())) {
            ProcessImpl self = ProcessImpl.current();
            String manager = self.registeredName() != null ? self.registeredName() : self.toString();
            self.report(new UnexpectedMessageReport(self, manager + "(" + h.id + ")",
                    h.handler.getClass().getName() + ", which has no handleInfo", safeToString(message)));
        }
    }

    @Override
    public void terminate(Manager m, ExitReason reason) {
        List<Installed> all = List.copyOf(m.handlers);
        for (Installed h : all) {
            m.handlers.remove(h);
            terminate(m, h, new EventHandler.Removal.Stopped(), ExitReason.SHUTDOWN);
        }
        // gen_event:terminate_server's do_unlink: a handler's supervisor has had its HandlerExit(shutdown), and must
        // not die of the manager's exit too (it may add its handler again to the manager's next incarnation); the
        // parent keeps its link, which is how a supervisor sees its child go
        ServerLoop<?> loop = ServerLoop.current();
        Pid parent = loop == null ? null : loop.parent();
        for (Installed h : all) {
            if (h.supervisor != null && !h.supervisor.equals(parent)) {
                Process.unlink(h.supervisor);
            }
        }
    }

    // --- handlers ------------------------------------------------------------------------------------------------

    private Object add(Manager m, HandlerId id, EventHandler handler, Pid supervisor) {
        // a second handler of a class without an id is OTP's: add_handler(M, logger, ..) twice installs two, and a
        // delete, call or swap by the class then finds the newer. One of an explicit id that is taken is refused:
        // the id exists to address one handler.
        if (id.id() != null && find(m, id) != null) {
            return new Failed("event manager " + Process.self() + " has a handler " + id + " already; give the "
                    + "second one an id of its own", null);
        }
        for (Installed h : m.handlers) {
            if (h.handler == handler) { // its fields are its state: two entries would handle each event twice in one
                return new Failed("this handler object is installed already, as " + h.id + ", in event manager "
                        + Process.self() + "; add a new instance for a second handler", null);
            }
        }
        try {
            handler.init();
        } catch (Exception e) {
            return new Failed("the init of handler " + id + " failed: " + e, e);
        }
        if (supervisor != null) {
            Process.link(supervisor);
        }
        m.handlers.addFirst(new Installed(id, handler, supervisor));
        return NOTHING;
    }

    /**
     * OTP's {@code server_swap_handler}: the old handler's terminate gets the args, its result makes the new one. A
     * plain swap keeps the old handler's supervisor for the new one, as OTP's {@code split_and_terminate} hands it on;
     * a supervised swap gives the new one the caller.
     */
    private Object swap(Manager m, Swap s) {
        Installed old = find(m, s.old());
        Object carried = EventManager.NOT_INSTALLED;
        Pid supervisor = s.supervisor() != null ? s.supervisor() : old != null ? old.supervisor : null;
        if (old != null) {
            carried = remove(m, old, new EventHandler.Removal.Swapped(s.args()),
                    ExitReason.custom(new HandlerExit.Swapped(s.next(), supervisor)));
        }
        EventHandler next;
        try {
            next = s.factory().apply(carried);
        } catch (RuntimeException e) {
            return new Failed("the factory of handler " + s.next() + " failed: " + e, e);
        }
        if (next == null || !s.next().type().isInstance(next)) {
            return new Failed("the factory of handler " + s.next() + " returned " + (next == null ? "null"
                    : "a " + next.getClass().getName() + ", which the id does not name (" + s.next().type().getName()
                    + ")"), null);
        }
        return add(m, s.next(), next, supervisor);
    }

    private Object call(Manager m, HandlerId id, Object request) {
        Installed h = find(m, id);
        if (h == null) {
            return new NotFound(id);
        }
        RUNNING.set(h);
        try {
            Object reply = h.handler.handleCall(request);
            removeIfAsked(m, h);
            return reply == null ? NOTHING : reply;
        } catch (Exception e) {
            crashed(m, h, request, e);
            return new Failed("handler " + id + " crashed on " + request + ", and was removed: " + e, e);
        } finally {
            RUNNING.remove();
        }
    }

    /** Runs an event through every handler, in order; one that throws is removed and the rest carry on. */
    private void dispatch(Manager m, Object event) {
        for (Installed h : List.copyOf(m.handlers)) {
            run(m, h, event, () -> h.handler.handleEvent(event));
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private void run(Manager m, Installed h, Object what, Work work) {
        if (!m.handlers.contains(h)) {
            return; // removed while this event went round
        }
        RUNNING.set(h);
        try {
            work.run();
            removeIfAsked(m, h);
        } catch (Exception e) {
            crashed(m, h, what, e);
        } finally {
            RUNNING.remove();
        }
    }

    private void removeIfAsked(Manager m, Installed h) {
        if (h.removeRequested) {
            remove(m, h, new EventHandler.Removal.RemovedItself(), ExitReason.NORMAL);
        } else if (h.swapRequested != null) {
            // gen_event's {swap_handler, Args1, State1, Handler2, Args2} returned by a handler: server_update's do_swap
            Swap s = h.swapRequested;
            h.swapRequested = null;
            if (swap(m, s) instanceof Failed f) {
                ProcessImpl self = ProcessImpl.current();
                self.report(new HandlerCrashReport(self, self.registeredName(), s.next().toString(),
                        "swap from " + s.old(), "undefined", ExitReason.crash(f.cause() != null ? f.cause()
                                : new IllegalStateException(f.message()))));
            }
        }
    }

    private void crashed(Manager m, Installed h, Object what, Exception e) {
        m.handlers.remove(h);
        ProcessImpl self = ProcessImpl.current();
        self.report(new HandlerCrashReport(self, self.registeredName(), h.id.toString(),
                String.valueOf(what), safeToString(h.handler), ExitReason.crash(e)));
        terminate(m, h, new EventHandler.Removal.Crashed(e), ExitReason.crash(e));
    }

    /** Removes a handler, runs its terminate, and tells its supervisor; returns what terminate returned. */
    private Object remove(Manager m, Installed h, EventHandler.Removal why, ExitReason exitReason) {
        m.handlers.remove(h);
        return terminate(m, h, why, exitReason);
    }

    /**
     * Runs a handler's terminate and returns what it returned; a throw is not reported but returned as
     * {@code ExitReason.crash(e)}, as gen_event's {@code do_terminate} catches it ({@code {'EXIT', Reason}}): a delete
     * answers it, a swap hands it to the new handler's factory, a stop drops it. OTP's {@code report_terminate} reports
     * only a handler that crashed in a callback ({@link #crashed}, once), never its terminate's throw.
     */
    private Object terminate(Manager m, Installed h, EventHandler.Removal why, ExitReason exitReason) {
        Object result;
        try {
            result = h.handler.terminate(why);
        } catch (Exception e) {
            result = ExitReason.crash(e);
        }
        if (h.supervisor != null && exitReason != null) {
            Process.send(h.supervisor, new HandlerExit(Process.self(), h.id, exitReason));
        }
        return result;
    }

    private static Installed find(Manager m, HandlerId id) {
        for (Installed h : m.handlers) {
            if (h.id.equals(id)) {
                return h;
            }
        }
        return null;
    }

    /**
     * A handler's state as reports and {@code sys} show it: its {@code toString()} if its class declares one, else its
     * fields, as the processor renders a server's ({@code Counters[counts={a=1}]}), not {@code Counters@54226ae0}.
     */
    static String safeToString(Object o) {
        try {
            if (o == null || declaresToString(o.getClass())) {
                return String.valueOf(o);
            }
            return fields(o);
        } catch (RuntimeException e) {
            return o.getClass().getName() + " (toString threw " + e + ")";
        }
    }

    private static boolean declaresToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException impossible) {
            return true;
        }
    }

    /** The instance fields of the handler's class and its superclasses below Object; a field it cannot read: {@code ?}. */
    private static String fields(Object o) {
        List<String> names = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                    continue;
                }
                names.add(f.getName());
                Object v;
                try {
                    v = f.trySetAccessible() ? f.get(o) : "?";
                } catch (IllegalAccessException e) {
                    v = "?";
                }
                values.add(v == o ? "(this handler)" : v);
            }
        }
        String name = o.getClass().getSimpleName().isEmpty() ? HandlerId.of(o.getClass()).toString()
                : o.getClass().getSimpleName();
        return io.loomotp.runtime.sys.StateSnapshot.format(name, names.toArray(String[]::new), values.toArray());
    }

    // --- sys hooks -----------------------------------------------------------------------------------------------

    @Override
    public String behaviourName() {
        return "gen_event";
    }

    @Override
    public IllegalStateException refuseContinue() {
        return new IllegalStateException("Handler.continueWith is gen_server's {continue, C}; a gen_event has no "
                + "handleContinue");
    }

    @Override
    public Class<?> module() {
        return EventManager.class;
    }

    /**
     * The manager's state as {@code sys:get_status} shows it: each installed handler with its state, as gen_event's
     * status lists its "Installed handlers" (a y10 finding: the ids alone hid what {@code Sys.getState} shows).
     */
    @Override
    public String formatState(Manager m) {
        StringBuilder b = new StringBuilder("EventManager[handlers={");
        for (Installed h : m.handlers) {
            if (b.charAt(b.length() - 1) != '{') {
                b.append(", ");
            }
            b.append(h.id).append('=').append(safeToString(h.handler));
        }
        return b.append("}]").toString();
    }

    /**
     * gen_event's own trace wording ({@code gen_event:print_event/3}): {@code got event E} for a notify or
     * sync_notify, {@code Name(Handler) got call Q} for a call to a handler, else gen_server's.
     */
    @Override
    public SysEvent receivedEvent(String process, long timestamp, SysEvent.Kind kind, Object message, String formatted,
                                  Pid from, Manager m) {
        String text = switch (message) {
            case Notify(Object event) -> "got event " + safeToString(event);
            case SyncNotify(Object event) -> "got event " + safeToString(event);
            case Call(HandlerId id, Object request) -> "got call " + safeToString(request);
            default -> null;
        };
        if (text == null) {
            return null; // gen_server's words: "got Msg"
        }
        String who = message instanceof Call c ? process + "(" + c.id() + ")" : process;
        return new SysEvent.Received(who, timestamp, kind, message, from, text, null);
    }

    /** gen_event prints no new state after an event: its state is its handlers' ({@link #formatState}). */
    @Override
    public boolean tracesNewState() {
        return false;
    }

    @Override
    public Object snapshot(Manager m) {
        Map<HandlerId, String> handlers = new LinkedHashMap<>();
        for (Installed h : m.handlers) {
            handlers.put(h.id, safeToString(h.handler));
        }
        return handlers;
    }

    @Override
    public boolean acceptsState(Object candidate) {
        return false;
    }

    /** {@code sys:inspect_state} sees each handler as a {@link HandlerState}, most recent first. */
    @Override
    public Object exposeState(Manager m) {
        return m.handlers.stream().map(h -> new HandlerState(h.id, h.handler)).toList();
    }

    /**
     * {@code gen_event:system_replace_state/2}: the function is applied to each handler; what it returns for one
     * replaces that handler if it is a {@link HandlerState} with the same id, and anything else, or a throw, leaves
     * that handler as it was.
     */
    @Override
    public Manager replaceState(Manager m, java.util.function.Function<Object, Object> function) {
        for (Installed h : m.handlers) {
            try {
                if (function.apply(new HandlerState(h.id, h.handler)) instanceof HandlerState next
                        && next.id().equals(h.id)) {
                    h.handler = next.handler();
                }
            } catch (RuntimeException ignored) {
                // as gen_event's try ... catch _:_ -> {Handler, Cur}: this handler keeps its state
            }
        }
        return m;
    }
}
