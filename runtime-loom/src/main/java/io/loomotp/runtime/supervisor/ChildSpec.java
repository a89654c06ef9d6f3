package io.loomotp.runtime.supervisor;

import io.loomotp.AutoShutdown;
import io.loomotp.ChildType;
import io.loomotp.Restart;
import io.loomotp.runtime.Pid;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A child specification: OTP's child spec, with OTP's defaults (permanent; a 5 s shutdown for a worker, infinity for a
 * supervisor).
 *
 * <pre>{@code
 * ChildSpec.worker("frequency", () -> FrequencyRef.startLink(Frequency::new).pid())
 *          .withRestart(Restart.TRANSIENT)
 *          .withShutdown(Shutdown.BRUTAL_KILL)
 * }</pre>
 *
 * @param id the child's name within its supervisor
 * @param start starts it, linked to the supervisor; called again for every restart
 * @param restart when it is restarted
 * @param shutdown how it is stopped
 * @param type worker or supervisor
 * @param significant whether its end counts toward its supervisor's automatic shutdown ({@link AutoShutdown}); only
 *     a transient or temporary child may be, and only under a supervisor whose auto shutdown is not {@code NEVER}
 *     (checked when the supervisor starts it, as OTP's {@code bad_combination})
 */
public record ChildSpec(String id, ChildStart start, Restart restart, Shutdown shutdown, ChildType type,
                        boolean significant) {

    public ChildSpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a child's id must not be blank: it names the child in reports and in "
                    + "terminateChild, restartChild and deleteChild");
        }
        Objects.requireNonNull(start, "start: how child '" + id + "' is started");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(type, "type");
    }

    /** A child that is not significant. */
    public ChildSpec(String id, ChildStart start, Restart restart, Shutdown shutdown, ChildType type) {
        this(id, start, restart, shutdown, type, false);
    }

    /** A permanent worker with a 5 s shutdown. */
    public static ChildSpec worker(String id, Callable<Pid> start) {
        Objects.requireNonNull(start, "start: how child '" + id + "' is started");
        return worker(id, args -> start.call());
    }

    /** A permanent worker with a 5 s shutdown, started with arguments (a {@code SIMPLE_ONE_FOR_ONE} template). */
    public static ChildSpec worker(String id, ChildStart start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Shutdown.DEFAULT_WORKER, ChildType.WORKER);
    }

    /** A permanent supervisor with an infinite shutdown. */
    public static ChildSpec supervisor(String id, Callable<Pid> start) {
        Objects.requireNonNull(start, "start: how child '" + id + "' is started");
        return supervisor(id, args -> start.call());
    }

    /** A permanent supervisor with an infinite shutdown, started with arguments. */
    public static ChildSpec supervisor(String id, ChildStart start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Shutdown.INFINITY, ChildType.SUPERVISOR);
    }

    public ChildSpec withRestart(Restart restart) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /** OTP's {@code significant} flag: see {@link AutoShutdown}. */
    public ChildSpec withSignificant(boolean significant) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * Why this spec cannot be a child of a supervisor with {@code autoShutdown}, in OTP's terms and with the fix; null
     * if it can.
     */
    String badCombination(AutoShutdown autoShutdown) {
        if (!significant) {
            return null;
        }
        if (autoShutdown == AutoShutdown.NEVER) {
            return "child '" + id + "' is significant, but its supervisor's auto shutdown is NEVER (OTP's "
                    + "bad_combination [{auto_shutdown, never}, {significant, true}]): give the supervisor "
                    + "SupervisorFlags.withAutoShutdown(ANY_SIGNIFICANT or ALL_SIGNIFICANT), or drop withSignificant";
        }
        if (restart == Restart.PERMANENT) {
            return "child '" + id + "' is significant and permanent (OTP's bad_combination [{restart, permanent}, "
                    + "{significant, true}]): a permanent child is always restarted, so its end never counts; make "
                    + "it TRANSIENT or TEMPORARY";
        }
        return null;
    }

    @Override
    public String toString() {
        return "ChildSpec[id=" + id + ", restart=" + restart.name().toLowerCase(java.util.Locale.ROOT) + ", shutdown="
                + shutdown + ", type=" + type.name().toLowerCase(java.util.Locale.ROOT)
                + (significant ? ", significant" : "") + "]";
    }
}
