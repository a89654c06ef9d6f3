package io.loomotp.runtime.application;

import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.Map;

/**
 * An application: OTP's application callback module. It names itself, gives its configuration's defaults, and starts
 * its top supervisor, linked to the application master that {@code Node.start} runs it in. An application that needs
 * its start type (a distributed application told it is a failover or a takeover) implements
 * {@link #start(StartType, Config)} instead of {@link #start(Config)}.
 *
 * <pre>{@code
 * final class Bsc implements Application {
 *     public String name() { return "bsc"; }
 *     public Map<String, String> defaults() { return Map.of("frequencies", "10,11,12,13,14,15"); }
 *     public Pid start(Config config) { return BscRef.startLink(component.bscSupervisor()).pid(); }
 * }
 * }</pre>
 */
public interface Application {

    /** The application's name: its reports, its configuration file and its system properties use it. */
    String name();

    /**
     * The applications that must run before this one starts: OTP's {@code applications} key of the {@code .app} file.
     * {@code Node.start} refuses to start this one while one of them does not run;
     * {@code Applications.ensureAllStarted} starts them first. None by default.
     */
    default List<Application> dependencies() {
        return List.of();
    }

    /** What the application is, in a line: OTP's {@code description} key ({@code Applications.getKey}). */
    default String description() {
        return "";
    }

    /** The application's version: OTP's {@code vsn} key ({@code Applications.getKey}). */
    default String version() {
        return "";
    }

    /** The configuration's defaults, overridden by the file and then by system properties; see {@link Config}. */
    default Map<String, String> defaults() {
        return Map.of();
    }

    /**
     * Starts the top supervisor, linked to the calling process (the application master): OTP's {@code start/2} for an
     * application that ignores its start type. Returns once the whole tree is up. Implement this, or
     * {@link #start(StartType, Config)} where the start type matters.
     *
     * @throws UnsupportedOperationException if neither this nor {@link #start(StartType, Config)} is implemented
     */
    default Pid start(Config config) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " implements neither start(Config) nor "
                + "start(StartType, Config): implement one of them to start the application's top supervisor");
    }

    /**
     * Starts the top supervisor, told why: OTP's {@code start(StartType, StartArgs)}. The start type is
     * {@link StartType#NORMAL} unless the application is distributed and started here by a failover or a takeover.
     * By default it calls {@link #start(Config)}.
     */
    default Pid start(StartType type, Config config) throws Exception {
        return start(config);
    }

    /**
     * The application's start phases: OTP's {@code start_phases} key of the {@code .app} file, for an application
     * whose start goes on in steps after its tree is up (the book's {@code init}, {@code admin}, {@code oper}). None by
     * default. {@link #startPhase} runs once for each, in this order, after {@link #start(StartType, Config)} has
     * returned and before the start that asked for it does; {@code Applications.getKey(node, app, "start_phases")}
     * answers this list.
     */
    default List<StartPhase> startPhases() {
        return List.of();
    }

    /**
     * Runs one start phase, in the application master, after the top supervisor has started: OTP's
     * {@code Module:start_phase(Phase, StartType, PhaseArgs)}. It may call the tree's servers. If it throws, the start
     * fails: the tree is stopped, the phases after it do not run, and the start throws
     * {@link ApplicationStartException} naming the phase (OTP's
     * {@code {error, {Reason, {Mod, start_phase, [Phase, StartType, PhaseArgs]}}}}). Does nothing by default.
     *
     * @param phase the phase's name, from {@link #startPhases()}
     * @param type why the application starts, as {@link #start(StartType, Config)} is told
     * @param args the phase's arguments, from {@link #startPhases()}; null if it has none
     */
    default void startPhase(String phase, StartType type, Object args) throws Exception {}

    /**
     * Runs before the tree is stopped on request (by {@code Applications.stop}, the node's stop, or a distributed
     * application's takeover), while it still runs: OTP's {@code prep_stop/1}. When the tree ends on its own (its top
     * supervisor gave up, or was killed) it runs too, then {@link #stop()}, as OTP's application master does; the
     * tree is gone by then.
     */
    default void prepStop() {}

    /** Runs after the tree has stopped, whether asked to or not: OTP's {@code stop/1}. */
    default void stop() {}
}
