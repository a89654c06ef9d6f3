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
