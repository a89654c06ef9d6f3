package io.loomotp.runtime.server;

import io.loomotp.runtime.AlreadyRegisteredException;
import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.MailboxFullException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.RequestIds;
import io.loomotp.runtime.Response;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.ViaName;
import io.loomotp.runtime.internal.CallEnvelope;
import io.loomotp.runtime.internal.Calls;
import io.loomotp.runtime.internal.Envelope;
import io.loomotp.runtime.internal.GlobalLookups;
import io.loomotp.runtime.internal.LoopControl;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.Requests;
import io.loomotp.runtime.internal.ServerLoop;
import io.loomotp.runtime.internal.Signals;
import io.loomotp.runtime.internal.Starts;
import io.loomotp.runtime.internal.SysRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The generic server: OTP's {@code gen_server} client API. Starts servers over a {@link ServerCallbacks}, and calls,
 * casts and stops them.
 *
 * <p>Generated {@code …Ref} clients are built on these methods; they are also the low-level API for hand-written
 * callbacks. Every method may be called from any thread unless it says otherwise.
 */
public final class GenServer {
    private GenServer() {}

    /**
     * Starts an unlinked server and waits until its {@code init} has run in the new process.
     *
     * @param factory builds the state inside the new process; called once per start
     * @return the server's pid, or null if init returned {@link InitResult#ignore()}
     * @throws StartFailedException if the factory or init threw, init returned {@link InitResult#stop}, the start timed
     *     out, or the process was killed while starting; the process is gone and {@code terminate} was not called
     * @throws AlreadyStartedException if {@code options.name()} is held by a live process; it names that process
     */
    public static <S> Pid start(Node node, ServerCallbacks<S> callbacks, Supplier<? extends S> factory,
                                StartOptions options) {
        return start(Starts.runtime(node), callbacks, factory, options, ProcessImpl.current(), false, null);
    }

    /** Starts an unlinked server with default options; see {@link #start(Node, ServerCallbacks, Supplier, StartOptions)}. */
    public static <S> Pid start(Node node, ServerCallbacks<S> callbacks, Supplier<? extends S> factory) {
        return start(node, callbacks, factory, StartOptions.defaults());
    }

    /**
     * Starts a server linked to the calling process, on its node, as a supervisor does. A failed start never takes
     * the caller down: the link is removed before the new process exits.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public static <S> Pid startLink(ServerCallbacks<S> callbacks, Supplier<? extends S> factory,
                                    StartOptions options) {
        ProcessImpl caller = ProcessImpl.currentOrThrow("GenServer.startLink");
        return start(caller.node(), callbacks, factory, options, caller, true, null);
    }

    /**
     * Starts an unlinked server on the caller's node that the caller monitors from before its init runs:
     * {@code gen_server:start_monitor/3,4} (OTP 23). A supervisor-less owner uses it to learn of the server's end by a
     * {@code Down} message, with no link to take it down.
     *
     * <p>As OTP's {@code gen:monitor_return/1} does, a start that fails or is ignored leaves nothing behind: the
     * monitor is removed and its {@code Down} message, if it came, is flushed from the caller's mailbox.
     *
     * @return the server's pid and the monitor on it, or null if init returned {@link InitResult#ignore()}
     * @throws StartFailedException as {@link #start(Node, ServerCallbacks, Supplier, StartOptions)}
     * @throws AlreadyStartedException if {@code options.name()} is held by a live process
     * @throws IllegalStateException if the caller is not a process (a monitor's {@code Down} needs a mailbox)
     */
    public static <S> io.loomotp.runtime.Process.Spawned startMonitor(ServerCallbacks<S> callbacks,
                                                                       Supplier<? extends S> factory,
                                                                       StartOptions options) {
        ProcessImpl caller = ProcessImpl.currentOrThrow("GenServer.startMonitor");
        return Starts.monitored(caller, monitor -> start(caller.node(), callbacks, factory, options, caller, false,
                monitor));
    }

    /** Starts a monitored server with default options; see {@link #startMonitor(ServerCallbacks, Supplier, StartOptions)}. */
    public static <S> io.loomotp.runtime.Process.Spawned startMonitor(ServerCallbacks<S> callbacks,
                                                                       Supplier<? extends S> factory) {
        return startMonitor(callbacks, factory, StartOptions.defaults());
    }

    /**
     * Makes the calling process a server with {@code state}, without init: {@code gen_server:enter_loop/3,4}. For a
     * process that does its own start, usually one started by {@code ProcLib} that has called
     * {@code ProcLib.initAck()}: it then runs the server's loop on its own thread, answers calls, casts, other
     * messages and system messages as any server does, and ends when the server stops. Never returns: the loop ends
     * by ending the process, with {@code terminate} run as for any server.
     *
     * <p>The parent (whose exit signal stops the server when it traps exits) is the {@code ProcLib} parent. As in OTP,
     * a process not started by {@code ProcLib} is refused ({@code process_was_not_started_by_proc_lib}). The process
     * keeps its thread while it waits, as a plain process does.
     *
     * @param options a name the process must already be registered under (OTP's {@code process_not_registered}
     *     otherwise), debug options and an idle timeout; the mailbox is the process's own, and there is no start to
     *     time out
     * @throws IllegalStateException if the caller is not a process, was not started by {@code ProcLib}, runs a
     *     behaviour already, has not acknowledged its start, or is not registered under {@code options.name()}
     * @throws IllegalArgumentException if the options ask for a mailbox other than the default
     */
    public static <S> void enterLoop(ServerCallbacks<S> callbacks, S state, StartOptions options) {
        Objects.requireNonNull(state, "state");
        ServerLoop.enterCurrent(callbacks, () -> state, options, false, null, "GenServer.enterLoop");
    }

    /**
     * Enters the loop with a timeout on its first wait only: {@code gen_server:enter_loop/4} with a {@code Timeout},
     * as init's {@code InitResult.ok(timeout)}. If no message comes within {@code timeout}, {@code handleInfo} gets
     * {@link IdleTimeout}; {@link Timeouts#INFINITY} is none. See {@link #enterLoop(ServerCallbacks, Object,
     * StartOptions)}.
     *
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static <S> void enterLoop(ServerCallbacks<S> callbacks, S state, StartOptions options, Duration timeout) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timeout, "timeout: use Timeouts.INFINITY for none");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        ServerLoop.enterCurrent(callbacks, () -> state, options, false,
                timeout.compareTo(Timeouts.INFINITY) >= 0 ? null : loop -> loop.requestIdleTimeout(timeout),
                "GenServer.enterLoop");
    }

    /**
     * Enters the loop and hibernates before its first wait: {@code gen_server:enter_loop/4,5} with {@code hibernate}.
     * The process lets go of its mailbox's buffers until the first message, as after a handler that called
     * {@link Handler#hibernate()}. See {@link #enterLoop(ServerCallbacks, Object, StartOptions)}.
     */
    public static <S> void enterLoopHibernating(ServerCallbacks<S> callbacks, S state, StartOptions options) {
        Objects.requireNonNull(state, "state");
        ServerLoop.enterCurrent(callbacks, () -> state, options, false, LoopControl::requestHibernate,
                "GenServer.enterLoopHibernating");
    }

    /**
     * Enters the loop and runs {@code handleContinue(state, continuation)} before it takes any message, system
     * messages included: {@code gen_server:enter_loop/4,5} with {@code {continue, Continue}}, as init's
     * {@link Handler#continueWith}. See {@link #enterLoop(ServerCallbacks, Object, StartOptions)}.
     *
     * @throws NullPointerException if the continuation is null
     */
    public static <S> void enterLoopContinuing(ServerCallbacks<S> callbacks, S state, StartOptions options,
                                               Object continuation) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(continuation, "continuation");
        ServerLoop.enterCurrent(callbacks, () -> state, options, false, loop -> loop.requestContinue(continuation),
                "GenServer.enterLoopContinuing");
    }

    /** Enters the loop with default options; see {@link #enterLoop(ServerCallbacks, Object, StartOptions)}. */
    public static <S> void enterLoop(ServerCallbacks<S> callbacks, S state) {
        enterLoop(callbacks, state, StartOptions.defaults());
    }

    private static <S> Pid start(NodeRuntime node, ServerCallbacks<S> callbacks, Supplier<? extends S> factory,
                                 StartOptions options, ProcessImpl caller, boolean link, Object[] monitor) {
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        String what = callbacks.module().getSimpleName();
        ProcessImpl p;
        try {
            p = node.create(new SpawnOptions(options.name(), options.mailbox(), false), caller, link, monitor);
        } catch (AlreadyRegisteredException taken) {
            throw new AlreadyStartedException(taken.name(), taken.holder());
        }
        if (options.globalName() != null) {
            claimGlobalName(node, options.globalName(), p, link ? caller : null);
        }
        ViaName via = options.via();
        if (via != null) {
            claimViaName(via, p, link ? caller : null);
        }
        ProcessImpl parent = link ? caller : null;
        Pid started;
        try {
            if (options.startTimeout().compareTo(Timeouts.INFINITY) >= 0) {
                // No timeout: init runs inline, as the new process, and it gets a thread at its first message.
                ServerLoop<S> loop = new ServerLoop<>(callbacks, factory, options, parent, null);
                node.bind(p, loop);
                started = loop.startInline(p) == Starts.IGNORED ? null : p;
            } else {
                CallEnvelope ack = Starts.ack(caller != null ? caller : node.system(), p);
                node.start(p, new ServerLoop<>(callbacks, factory, options, parent, ack));
                started = Starts.await(ack, p, options.startTimeout(), what, parent);
            }
        } catch (RuntimeException | Error failed) {
            if (via != null) {
                releaseViaName(via, p);
            }
            throw failed;
        }
        if (started == null && via != null) {
            releaseViaName(via, p); // ignored: as gen_server:init_it's {ok, ignore}, gen:unregister_name
        }
        return node.started(started);
    }

    /**
     * Registers the new process, which has not run yet, in the user's registry, as {@code gen:init_it} does before
     * init for {@code {via, Module, Name}}. A name the registry refuses ends the process, which never runs, with
     * {@code normal}, and the start throws {@code AlreadyStartedException} naming the holder the registry gives.
     */
    private static void claimViaName(ViaName via, ProcessImpl p, ProcessImpl linkedStarter) {
        boolean claimed;
        try {
            claimed = via.registry().registerName(via.name(), p);
        } catch (RuntimeException e) {
            discard(p, linkedStarter);
            throw e;
        }
        if (!claimed) {
            discard(p, linkedStarter);
            Pid holder;
            try {
                holder = via.whereis();
            } catch (RuntimeException e) {
                holder = null;
            }
            throw new AlreadyStartedException(via.toString(), holder);
        }
    }

    /** A failed or ignored start gives its via name back, if the registry still has it for this process. */
    private static void releaseViaName(ViaName via, Pid p) {
        try {
            if (p.equals(via.whereis())) {
                via.registry().unregisterName(via.name());
            }
        } catch (RuntimeException e) {
            // the registry's own failure: the start's is the one to report
        }
    }

    /**
     * Registers the new process, which has not run yet, under its global name, as {@code gen:init_it} does before
     * init. A name held elsewhere ends the process, which never runs, with {@code normal}, and the start throws
     * {@code AlreadyStartedException} naming the holder; a linked starter is unlinked first, as for a failed init.
     */
    private static void claimGlobalName(NodeRuntime runtime, String name, ProcessImpl p, ProcessImpl linkedStarter) {
        Node node = (Node) runtime.facade();
        boolean claimed;
        try {
            claimed = GlobalLookups.register(node, name, p);
        } catch (RuntimeException e) {
            discard(p, linkedStarter);
            throw e;
        }
        if (!claimed) {
            discard(p, linkedStarter);
            throw new AlreadyStartedException(name, GlobalLookups.of(node).apply(name));
        }
    }

    private static void discard(ProcessImpl p, ProcessImpl linkedStarter) {
        if (linkedStarter != null) {
            Signals.unlink(p, linkedStarter);
        }
        Signals.exit(p, ExitReason.NORMAL);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Calls and casts

    /**
     * Calls a server and waits up to 5 s for the reply: {@code gen_server:call/2}.
     *
     * @throws NoProcessException if the server is dead
     * @throws CallTimeoutException if no reply came in time; a reply that comes later is discarded
     * @throws ProcessExitException if the server ended before it replied
     * @throws MailboxFullException if the server's bounded mailbox refused or dropped the request
     * @throws IllegalStateException if a process calls itself
     */
    public static Object call(Pid server, Object request) {
        return Calls.call(server, Envelope.CALL, request, Timeouts.DEFAULT_CALL);
    }

    /**
     * Calls a server and waits up to {@code timeout} for the reply; {@link Timeouts#INFINITY} waits forever. See
     * {@link #call(Pid, Object)} for the exceptions.
     *
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static Object call(Pid server, Object request, Duration timeout) {
        return Calls.call(server, Envelope.CALL, request, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Calls the server registered under {@code name}.
     *
     * @throws NoProcessException if no live process has that name
     */
    public static Object call(Node node, String name, Object request, Duration timeout) {
        Pid pid = node.whereis(Objects.requireNonNull(name, "name"));
        if (pid == null) {
            throw new NoProcessException(name, "call " + request);
        }
        return call(pid, request, timeout);
    }

    /**
     * Sends an asynchronous request and returns at once: {@code gen_server:cast/2}. A cast to a dead server is dropped
     * silently, as in OTP.
     *
     * @throws MailboxFullException if the server's bounded mailbox refused it (policy REJECT)
     */
    public static void cast(Pid server, Object message) {
        Calls.cast(server, message);
    }

    /** Casts to the server registered under {@code name}; nothing happens if nobody holds the name, as in OTP. */
    public static void cast(Node node, String name, Object message) {
        Pid pid = node.whereis(Objects.requireNonNull(name, "name"));
        if (pid != null) {
            cast(pid, message);
        }
    }

    /** Answers a deferred call: {@code gen_server:reply/2}. Returns false if the caller stopped waiting. */
    public static boolean reply(From from, Object reply) {
        return Objects.requireNonNull(from, "from: the caller to reply to (the From a @Call handler took)")
                .reply(reply);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Asynchronous requests

    /**
     * Sends a call request and returns at once: {@code gen_server:send_request/2}. The server sees an ordinary call;
     * its outcome comes to this process's mailbox as a {@link Response}, taken with {@link #receiveResponse} or
     * {@link #waitResponse}, or received as any other message (a behaviour's info handler) and recognized with
     * {@link #checkResponse}. Many requests may be in flight at once, to one server or many.
     *
     * <p>A dead server is not an error here: the response comes at once and says so ({@link NoProcessException}), as
     * OTP's does. A request to a process on another node goes over the connection, as a call does.
     *
     * @throws IllegalStateException if the caller is not a process: the response comes to a mailbox
     */
    public static RequestId sendRequest(Pid server, Object request) {
        return Requests.send(server, Envelope.CALL, request, "GenServer.sendRequest");
    }

    /**
     * Sends a call request to the server registered under {@code name}; see {@link #sendRequest(Pid, Object)}.
     *
     * @throws NoProcessException if no live process has that name, as {@link #call(Node, String, Object, Duration)}
     */
    public static RequestId sendRequest(Node node, String name, Object request) {
        Pid pid = node.whereis(Objects.requireNonNull(name, "name"));
        if (pid == null) {
            throw new NoProcessException(name, "request " + request);
        }
        return sendRequest(pid, request);
    }

    /**
     * Waits up to {@code timeout} for the response to a request and returns the reply:
     * {@code gen_server:receive_response/2}. The other messages stay in the mailbox, in order. On a timeout the
     * request is given up: a reply that comes later is dropped, never queued.
     *
     * @throws CallTimeoutException if no response came in time; the request is given up
     * @throws ProcessExitException if the server ended before it replied
     * @throws NoProcessException if the server was dead when the request was sent
     * @throws MailboxFullException if the server's bounded mailbox refused or dropped the request
     * @throws IllegalStateException if this process did not send the request, or its response was already taken
     */
    public static Object receiveResponse(RequestId id, Duration timeout) {
        return Requests.receive(id, timeout, true, "GenServer.receiveResponse");
    }

    /**
     * As {@link #receiveResponse}, but a timeout leaves the request pending, to be waited for again:
     * {@code gen_server:wait_response/2}.
     *
     * @throws CallTimeoutException if no response came in time; the request stays pending
     */
    public static Object waitResponse(RequestId id, Duration timeout) {
        return Requests.receive(id, timeout, false, "GenServer.waitResponse");
    }

    /**
     * Whether a message this process received is the response to {@code id}: {@code gen_server:check_response/2}.
     * Returns the response ({@link Response#get()} gives the reply or throws the failure), or null if the message is
     * something else (OTP's {@code no_reply}).
     */
    public static Response checkResponse(Object message, RequestId id) {
        return Requests.check(message, id);
    }

    /**
     * Sends a call request and adds it to {@code ids} with {@code label}: OTP 25's {@code send_request/4}.
     *
     * @return {@code ids}
     */
    public static <L> RequestIds<L> sendRequest(Pid server, Object request, L label, RequestIds<L> ids) {
        Objects.requireNonNull(ids, "ids");
        return ids.add(sendRequest(server, request), label);
    }

    /**
     * Waits up to {@code timeout} for the response to any request of {@code ids}, and returns it with its request's
     * label: OTP 25's {@code receive_response/3}. The response is a value here, not thrown: {@link Response#get()}
     * gives the reply or throws the failure. With {@code delete}, its request leaves the collection.
     *
     * @return the response and its label, or null if {@code ids} is empty ({@code no_request})
     * @throws CallTimeoutException if none came in time; then every request of {@code ids} is given up
     * @throws IllegalStateException if this process did not send them all
     */
    public static <L> RequestIds.Labelled<L> receiveResponse(RequestIds<L> ids, Duration timeout, boolean delete) {
        return Requests.receive(ids, timeout, delete, true, "GenServer.receiveResponse");
    }

    /**
     * As {@link #receiveResponse(RequestIds, Duration, boolean)}, but a timeout leaves the requests pending: OTP 25's
     * {@code wait_response/3}.
     */
    public static <L> RequestIds.Labelled<L> waitResponse(RequestIds<L> ids, Duration timeout, boolean delete) {
        return Requests.receive(ids, timeout, delete, false, "GenServer.waitResponse");
    }

    /**
     * Whether a message this process received answers a request of {@code ids}: OTP 25's {@code check_response/3}.
     *
     * @return the response and its label, or null if the message answers none of them (OTP's {@code no_reply}, or
     *     {@code no_request} when {@code ids} is empty)
     */
    public static <L> RequestIds.Labelled<L> checkResponse(Object message, RequestIds<L> ids, boolean delete) {
        return Requests.check(message, ids, delete);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stopping

    /** Stops a server with reason {@code normal}, waiting as long as its {@code terminate} takes. */
    public static void stop(Pid server) {
        stop(server, ExitReason.NORMAL, Timeouts.INFINITY);
    }

    /**
     * Stops a server: {@code gen_server:stop/3}. The server runs {@code terminate(reason)} and exits; this returns
     * once it has. Works on a suspended server too.
     *
     * @throws NoProcessException if the server is dead
     * @throws CallTimeoutException if it did not stop in time (it may still be stopping)
     * @throws ProcessExitException if it exited with another reason (its {@code terminate} threw, or it was killed)
     */
    public static void stop(Pid server, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        try {
            Calls.call(server, Envelope.SYSTEM, new SysRequest.Terminate(reason), timeout);
        } catch (NoProcessException dead) {
            throw new NoProcessException(server, "stop(" + reason + ")");
        } catch (ProcessExitException exited) {
            if (exited.reason().equals(reason)) {
                return;
            }
            throw exited;
        }
        throw new IllegalStateException(server + " answered a terminate request instead of stopping");
    }

    /** For a supervisor: kills a server without running its terminate; see {@link io.loomotp.runtime.Process#exit}. */
    static void kill(Pid server) {
        Signals.exit(ProcessImpl.of(server), ExitReason.KILLED);
    }
}
