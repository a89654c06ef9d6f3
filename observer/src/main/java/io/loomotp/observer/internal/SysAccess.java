package io.loomotp.observer.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.sys.TraceSink;
import io.loomotp.sys.Sys;
import java.time.Duration;
import java.util.List;

/**
 * Every use the observer makes of the sys protocol, in one place: status (with the state as the behaviour's
 * formatter renders it), statistics, suspend, resume, trace and log (the log through tracing-sys's {@link Sys} facade,
 * as the console's {@code log} command goes, so that its mistakes read the same). Each request has the same short
 * timeout, so that a busy process makes the page wait no longer than that.
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

    /** {@code sys:log(Pid, {true, N})}: the process keeps its last {@code size} events; 0 switches it off. */
    static void log(Node node, Pid pid, int size) {
        Sys.on(node).withTimeout(TIMEOUT).log(pid, size);
    }

    /** {@code sys:log(Pid, get)}: the events logged, oldest first. */
    static List<SysEvent> logGet(Node node, Pid pid) {
        return Sys.on(node).withTimeout(TIMEOUT).logGet(pid);
    }

    static void trace(Pid pid, TraceSink sink) {
        SysCalls.trace(pid, sink != null, sink, TIMEOUT);
    }
}
