package io.loomotp.observer.internal;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.sys.TraceSink;
import java.time.Duration;

/**
 * Every use the observer makes of the sys protocol, in one place: status (with the state as the behaviour's
 * formatter renders it), statistics, suspend, resume and trace. Each request has the same short timeout, so that a
 * busy process makes the page wait no longer than that.
 */
final class SysAccess {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private SysAccess() {}

    static SysStatus status(Pid pid) {
        return SysCalls.getStatus(pid, TIMEOUT);
    }

    static Statistics statistics(Pid pid) {
        return SysCalls.statisticsGet(pid, TIMEOUT);
    }

    static void statistics(Pid pid, boolean on) {
        SysCalls.statistics(pid, on, TIMEOUT);
    }

    static void suspend(Pid pid) {
        SysCalls.suspend(pid, TIMEOUT);
    }

    static void resume(Pid pid) {
        SysCalls.resume(pid, TIMEOUT);
    }

    static void trace(Pid pid, TraceSink sink) {
        SysCalls.trace(pid, sink != null, sink, TIMEOUT);
    }
}
