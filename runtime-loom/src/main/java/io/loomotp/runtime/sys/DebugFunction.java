package io.loomotp.runtime.sys;

/**
 * A function installed in a process with {@code sys:install}: it sees every debug event of that process, on the
 * process's own thread, and decides after each whether to stay installed.
 *
 * <p>It may keep its own state in its fields: only the process's thread calls it. A function that throws is removed,
 * and the failure logged, as OTP's sys does.
 */
@FunctionalInterface
public interface DebugFunction {

    /**
     * Sees one event.
     *
     * @return true to stay installed; false to remove itself (OTP's {@code done})
     */
    boolean onEvent(SysEvent event);
}
