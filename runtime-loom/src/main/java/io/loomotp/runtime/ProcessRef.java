package io.loomotp.runtime;

/**
 * A client of a process: every generated {@code …Ref} is one. Tools that take a process ({@code Sys}, the tracers)
 * take a {@code ProcessRef} as readily as a {@link Pid} or a registered name.
 */
public interface ProcessRef {
    /** The process this client talks to. */
    Pid pid();
}
