package io.loomotp.runtime;

/**
 * The code a raw process runs, from {@link Node#spawn(ProcessBody)} and its siblings.
 *
 * <p>Returning ends the process with reason {@link ExitReason#NORMAL}; an exception that escapes ends it with
 * {@link ExitReason.Crash}; {@link Process#exit(ExitReason)} ends it with the reason given. The body runs on the
 * process's own virtual thread, where {@link Process#self()} answers its pid.
 */
@FunctionalInterface
public interface ProcessBody {
    /** Runs the process. */
    void run() throws Exception;
}
