package io.loomotp.runtime.internal;

/**
 * What introspection needs to know about what a process runs: its behaviour and the user's module. Set by the one
 * loop ({@link ServerLoop}) and by a special process ({@code io.loomotp.runtime.proc}); {@code Node.info} reads it
 * from other threads. The process itself answers system messages on its own thread; this view is only for reading.
 */
public interface BehaviourInfo {
    /**
     * OTP's name for the behaviour: {@code gen_server}, {@code gen_statem}, {@code supervisor}, {@code gen_event}; for a
     * special process {@code special}, or the name of the behaviour written on it.
     */
    String behaviourName();

    /** The user's class (or the callbacks' class for a hand-written behaviour). */
    Class<?> module();

    /** True for a process {@code ProcLib} started (not one that only used its API): it may enter a loop. */
    default boolean startedByProcLib() {
        return false;
    }

    /** For a special process: the parent it was started with, or null; see {@code ServerLoop.enter}. */
    default ProcessImpl startParent() {
        return null;
    }

    /** For a special process started by {@code ProcLib}: true until it has acknowledged its start. */
    default boolean awaitsStartAck() {
        return false;
    }
}
