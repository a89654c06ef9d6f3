package io.loomotp.runtime.sys;

import org.slf4j.LoggerFactory;

/**
 * Where trace lines go. A trace switched on from a console writes to that console's sink, so that it shows up where
 * it was asked for and not on the node's standard output.
 *
 * <p>A sink is called on the traced process's own thread, once per event: it must be quick, and thread-safe if it is
 * shared between processes. A sink that throws is switched off for that process, and the failure is logged.
 */
@FunctionalInterface
public interface TraceSink {

    /** Receives one trace line, such as {@code *DBG* frequency got cast deallocate(10)}. */
    void line(String line);

    /**
     * Told once a process stops sending this sink its lines because its trace was switched off ({@code sys:trace(P,
     * false)}, {@code sys:no_debug}) or replaced by another trace (the process has one trace flag, as in OTP), so that
     * a tool that shows its traces (the observer page) does not show one that no longer runs. Called on the traced
     * process's thread (or, for a remote trace, the thread that learns of its end): it must be quick and must not make
     * a sys call to that process. A process's death is not told here. Nothing by default.
     *
     * @param why what ended it, such as "switched off" or "replaced by another trace"
     */
    default void detached(String why) {}

    /** The default sink: slf4j, logger {@code io.loomotp.sys.trace}, at INFO. */
    static TraceSink slf4j() {
        return Slf4jSink.INSTANCE;
    }

    /** The sink behind {@link #slf4j()}. */
    enum Slf4jSink implements TraceSink {
        INSTANCE;

        @Override
        public void line(String line) {
            LoggerFactory.getLogger("io.loomotp.sys.trace").info(line);
        }
    }
}
