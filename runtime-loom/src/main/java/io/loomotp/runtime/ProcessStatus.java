package io.loomotp.runtime;

/** What a process is doing now, as Erlang's {@code process_info(Pid, status)} says. */
public enum ProcessStatus {
    /** Running a handler or user code (or ready to). */
    RUNNING,
    /** Parked in a receive, waiting for a message. */
    WAITING,
    /** Suspended by {@code sys:suspend}: it handles system messages only. */
    SUSPENDED,
    /** Dead, or dying; its thread may still be unwinding. */
    EXITING
}
