package io.loomotp.runtime.supervisor;

import io.loomotp.AutoShutdown;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.internal.BehaviourCheck;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.StartOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * OTP's {@code supervisor} API: starts supervisors over a {@link SupervisorModule}, and asks them to start, stop,
 * restart and delete children, and to list and count them. A supervisor runs on the same server loop as every
 * behaviour, with the sys protocol; it traps exits, and turns a child's exit into a restart by its strategy.
 *
 * <pre>{@code
 * Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.of(Strategy.ONE_FOR_ONE),
 *         ChildSpec.worker("frequency", () -> FrequencyRef.startLink(Frequency::new).pid())));
 * }</pre>
 *
 * <p>Requests wait for the supervisor as long as it takes, as OTP's do (a supervisor may be stopping a child that
 * takes its whole shutdown time). A refused request throws {@link SupervisorException} with OTP's error; a child
 * whose start fails throws {@link StartFailedException} with its reason.
 */
public final class Supervisor {
    private Supervisor() {}

    /**
     * Starts an unlinked supervisor, and returns once all its children have started, in order.
     *
     * @return its pid, or null if its init returned {@link SupervisorSpec#IGNORE}
     * @throws StartFailedException if a child failed to start: those already started have been stopped; the reason
     *     is {@code {shutdown, {failed_to_start_child, Id, Reason}}}: a {@code Shutdown} whose detail is a
     *     {@link FailedToStartChild}
     */
    public static Pid start(Node node, SupervisorModule module, StartOptions options) {
        return GenServer.start(node, loop(module), states(module, NodeRuntime::callerNanoTime), options);
    }

    /** Starts an unlinked supervisor with default options; see {@link #start(Node, SupervisorModule, StartOptions)}. */
    public static Pid start(Node node, SupervisorModule module) {
        return start(node, module, StartOptions.defaults());
    }

    /** Starts a supervisor linked to the calling process, as its own supervisor does. */
    public static Pid startLink(SupervisorModule module, StartOptions options) {
        return startLink(module, options, NodeRuntime::callerNanoTime);
    }

    /** Starts a linked supervisor with default options. */
    public static Pid startLink(SupervisorModule module) {
        return startLink(module, StartOptions.defaults());
    }

    /** For tests of restart intensity: a supervisor whose restarts are timed by {@code clock} (nanoseconds). */
    static Pid startLink(SupervisorModule module, StartOptions options, LongSupplier clock) {
        return GenServer.startLink(loop(module), states(module, clock), options);
    }

    private static SupervisorBehaviour loop(SupervisorModule module) {
        Objects.requireNonNull(module, "module");
        Class<?> type = module.getClass();
        // a lambda's class is hidden: its reports and errors name the class the lambda was written in, its nest host
        return new SupervisorBehaviour(type.isHidden() || type.isSynthetic() ? type.getNestHost() : type);
    }

    private static java.util.function.Supplier<SupervisorBehaviour.State> states(SupervisorModule module,
                                                                            LongSupplier clock) {
        return () -> new SupervisorBehaviour.State(module, clock);
    }

    // --- the dynamic API ----------------------------------------------------------------------------------------

    /**
     * Adds a child and starts it.
     *
     * @return its pid, or null if it chose not to start (its spec is kept, unless it is temporary)
     * @throws SupervisorException {@code ALREADY_STARTED} or {@code ALREADY_PRESENT} if the id is taken;
     *     {@code SIMPLE_ONE_FOR_ONE} for a dynamic supervisor (use {@link #startChild(Pid, List)})
     * @throws StartFailedException if its start failed; the spec is not added
     * @throws IllegalArgumentException if the spec is significant and permanent, or significant under a supervisor
     *     whose auto shutdown is {@code NEVER} (OTP's {@code bad_combination}); nothing is started
     */
    public static Pid startChild(Pid supervisor, ChildSpec spec) {
        return pid(startChildWithInfo(supervisor, spec));
    }

    /**
     * As {@link #startChild(Pid, ChildSpec)}, answering also what the child's start gave besides its pid (OTP's
     * {@code {ok, Pid, Info}}; see {@link ChildStart#withInfo}).
     *
     * @return the child and its information, or null if it chose not to start
     */
    public static Started startChildWithInfo(Pid supervisor, ChildSpec spec) {
        return started(call(supervisor, new SupervisorBehaviour.StartChild(Objects.requireNonNull(spec, "spec"))));
    }

    /**
     * Starts a child of a {@code SIMPLE_ONE_FOR_ONE} supervisor from its template, with these arguments.
     *
     * @return its pid, or null if it chose not to start
     * @throws SupervisorException {@code INVALID_CHILD_SPEC} if the supervisor is not {@code SIMPLE_ONE_FOR_ONE}
     * @throws StartFailedException if its start failed
     */
    public static Pid startChild(Pid supervisor, List<Object> args) {
        return pid(startChildWithInfo(supervisor, args));
    }

    /**
     * As {@link #startChild(Pid, List)}, answering also what the child's start gave besides its pid (OTP's
     * {@code {ok, Pid, Info}}).
     *
     * @return the child and its information, or null if it chose not to start
     */
    public static Started startChildWithInfo(Pid supervisor, List<Object> args) {
        // a copy that keeps nulls: an argument may be null, as an Erlang term may be undefined
        return started(call(supervisor, new SupervisorBehaviour.StartDynamic(
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>(Objects.requireNonNull(args, "args"))))));
    }

    /** Stops a child; its spec is kept (unless it is temporary or dynamic) for {@link #restartChild}. */
    public static void terminateChild(Pid supervisor, String id) {
        call(supervisor, new SupervisorBehaviour.TerminateChild(Objects.requireNonNull(id, "id")));
    }

    /** Stops a child by pid: the way to stop a child of a {@code SIMPLE_ONE_FOR_ONE} supervisor. */
    public static void terminateChild(Pid supervisor, Pid child) {
        call(supervisor, new SupervisorBehaviour.TerminateChild(Objects.requireNonNull(child, "child")));
    }

    /**
     * Starts again a child that was terminated (or that chose not to start).
     *
     * @throws SupervisorException {@code RUNNING}, {@code RESTARTING}, {@code NOT_FOUND}, {@code SIMPLE_ONE_FOR_ONE}
     */
    public static Pid restartChild(Pid supervisor, String id) {
        return pid(restartChildWithInfo(supervisor, id));
    }

    /**
     * As {@link #restartChild}, answering also what the child's start gave besides its pid (OTP's
     * {@code {ok, Pid, Info}}).
     *
     * @return the child and its information, or null if it chose not to start
     */
    public static Started restartChildWithInfo(Pid supervisor, String id) {
        return started(call(supervisor, new SupervisorBehaviour.RestartChild(Objects.requireNonNull(id, "id"))));
    }

    /**
     * Forgets a child that is not running.
     *
     * @throws SupervisorException {@code RUNNING}, {@code RESTARTING}, {@code NOT_FOUND}, {@code SIMPLE_ONE_FOR_ONE}
     */
    public static void deleteChild(Pid supervisor, String id) {
        call(supervisor, new SupervisorBehaviour.DeleteChild(Objects.requireNonNull(id, "id")));
    }

    /** A child's spec; for a {@code SIMPLE_ONE_FOR_ONE} supervisor, its template. */
    public static ChildSpec getChildSpec(Pid supervisor, String id) {
        return (ChildSpec) call(supervisor, new SupervisorBehaviour.GetChildSpec(Objects.requireNonNull(id, "id")));
    }

    /**
     * The spec of the child running as {@code child}: OTP's {@code get_childspec(Sup, Pid)}; under
     * {@code SIMPLE_ONE_FOR_ONE}, the template its start used.
     *
     * @throws SupervisorException {@code NOT_FOUND} if no child of this supervisor runs as that pid
     */
    public static ChildSpec getChildSpec(Pid supervisor, Pid child) {
        return (ChildSpec) call(supervisor, new SupervisorBehaviour.GetChildSpec(Objects.requireNonNull(child,
                "child")));
    }

    /**
     * The children, last started first, as OTP's {@code which_children} lists them (a restarted child keeps its place
     * in the start order).
     */
    @SuppressWarnings("unchecked")
    public static List<ChildInfo> whichChildren(Pid supervisor) {
        return (List<ChildInfo>) call(supervisor, new SupervisorBehaviour.WhichChildren());
    }

    public static ChildCount countChildren(Pid supervisor) {
        return (ChildCount) call(supervisor, new SupervisorBehaviour.CountChildren());
    }

    /** The running child with this id, or null if it does not run now. */
    public static Pid whereis(Pid supervisor, String id) {
        for (ChildInfo c : whichChildren(supervisor)) {
            if (id.equals(c.id())) {
                return c.pid();
            }
        }
        return null;
    }

    /**
     * Checks child specs as a supervisor's start checks them, without starting anything: OTP's
     * {@code supervisor:check_childspecs/1}. Empty if a supervisor could take them; else why not (a null spec, two
     * children with one id, a significant child, which needs {@link #checkChildSpecs(List, AutoShutdown)}).
     */
    public static java.util.Optional<String> checkChildSpecs(List<ChildSpec> specs) {
        return checkChildSpecs(specs, AutoShutdown.NEVER);
    }

    /**
     * Checks child specs for a supervisor whose auto shutdown is {@code autoShutdown}: OTP's
     * {@code supervisor:check_childspecs/2}, which also refuses a significant child that is permanent or under
     * {@code NEVER} ({@code bad_combination}). Empty if a supervisor could take them; else why not.
     */
    public static java.util.Optional<String> checkChildSpecs(List<ChildSpec> specs, AutoShutdown autoShutdown) {
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        try {
            new SupervisorSpec(SupervisorFlags.defaults().withAutoShutdown(autoShutdown), specs);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException | NullPointerException bad) {
            return java.util.Optional.of(bad.getMessage());
        }
    }

    private static Object call(Pid supervisor, Object request) {
        Objects.requireNonNull(supervisor, "supervisor");
        BehaviourCheck.require(supervisor, "supervisor", request, Supervisor::requestName);
        Object answer = GenServer.call(supervisor, request, Timeouts.INFINITY);
        if (answer instanceof SupervisorBehaviour.Refused(SupervisorException.Error error, String child, Pid pid)) {
            throw new SupervisorException(error, child, pid);
        }
        if (answer instanceof SupervisorBehaviour.Invalid(String message)) {
            throw new IllegalArgumentException(message);
        }
        if (answer instanceof SupervisorBehaviour.StartError(String child, io.loomotp.runtime.ExitReason reason)) {
            throw new StartFailedException("child '" + child + "'", reason);
        }
        return answer;
    }

    private static Started started(Object answer) {
        if (answer == SupervisorBehaviour.IGNORED) {
            return null;
        }
        if (!(answer instanceof Started s)) { // a process of another node that is no supervisor answered
            throw new IllegalArgumentException("a start child request was answered by something that is no supervisor: "
                    + answer);
        }
        return s;
    }

    /** The request's name in the API's words, for a refusal: {@code startChild}. */
    private static String requestName(Object request) {
        return "Supervisor." + switch (request) {
            case SupervisorBehaviour.StartChild s -> "startChild";
            case SupervisorBehaviour.StartDynamic s -> "startChild";
            case SupervisorBehaviour.TerminateChild t -> "terminateChild";
            case SupervisorBehaviour.RestartChild r -> "restartChild";
            case SupervisorBehaviour.DeleteChild d -> "deleteChild";
            case SupervisorBehaviour.GetChildSpec g -> "getChildSpec";
            case SupervisorBehaviour.WhichChildren w -> "whichChildren";
            case SupervisorBehaviour.CountChildren c -> "countChildren";
            default -> request.getClass().getSimpleName();
        };
    }

    private static Pid pid(Started started) {
        return started == null ? null : started.pid();
    }

}
