package io.loomotp.runtime.supervisor;

/**
 * A supervisor's callback module: OTP's {@code init/1} of a supervisor. It runs inside the new supervisor process,
 * once per start (a supervisor restarted by its own supervisor runs it again), and answers the flags and the child
 * specs, or {@link SupervisorSpec#IGNORE}. Generated supervisors implement it; a lambda does too.
 */
@FunctionalInterface
public interface SupervisorModule {
    SupervisorSpec init() throws Exception;
}
