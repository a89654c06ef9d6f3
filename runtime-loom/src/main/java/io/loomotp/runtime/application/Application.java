package io.loomotp.runtime.application;

import io.loomotp.runtime.Pid;
import java.util.Map;

/**
 * An application: OTP's application callback module. It names itself, gives its configuration's defaults, and starts
 * its top supervisor, linked to the application master that {@code Node.start} runs it in.
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

    /** The configuration's defaults, overridden by the file and then by system properties; see {@link Config}. */
    default Map<String, String> defaults() {
        return Map.of();
    }

    /**
     * Starts the top supervisor, linked to the calling process (the application master): OTP's {@code start/2}.
     * Returns once the whole tree is up.
     */
    Pid start(Config config) throws Exception;

    /** Runs after the tree has stopped, whether asked to or not: OTP's {@code stop/1}. */
    default void stop() {}
}
