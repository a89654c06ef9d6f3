package io.loomotp.runtime.internal;

/**
 * What introspection needs from the behaviour loop a process runs: its kind and the user's module. The loop itself
 * answers system messages on the process's own thread; this view is only for reading from other threads.
 */
public interface BehaviourLoop {
    /** OTP's name for the behaviour: {@code gen_server}, {@code gen_statem}, {@code supervisor}, {@code gen_event}. */
    String behaviourName();

    /** The user's class (or the callbacks' class for a hand-written behaviour). */
    Class<?> module();
}
