package io.loomotp.runtime.sys;

import java.nio.file.Path;

/**
 * Debug options a behaviour starts with: OTP's {@code {debug, [trace, log, statistics, {log_to_file, F}]}} start
 * option. Immutable; each method returns a copy.
 *
 * @param trace print each event to the trace sink
 * @param traceSink where trace lines go; slf4j by default
 * @param logSize keep the last N events for {@code sys:log(Pid, get|print)}; 0 for no log
 * @param logFile write each event to this file; null for none
 * @param statistics count messages and handler time from the start
 */
public record DebugOptions(boolean trace, TraceSink traceSink, int logSize, Path logFile, boolean statistics) {
    private static final DebugOptions NONE = new DebugOptions(false, TraceSink.slf4j(), 0, null, false);

    /** The default log size, as OTP's: the last 10 events. */
    public static final int DEFAULT_LOG_SIZE = 10;

    public DebugOptions {
        if (traceSink == null) {
            throw new IllegalArgumentException("traceSink must not be null: use TraceSink.slf4j()");
        }
        if (logSize < 0) {
            throw new IllegalArgumentException("log size must not be negative: " + logSize);
        }
    }

    /** No debugging: the default, which costs one null check per message. */
    public static DebugOptions none() {
        return NONE;
    }

    /** A copy with tracing on, to the given sink. */
    public DebugOptions withTrace(TraceSink sink) {
        return new DebugOptions(true, sink, logSize, logFile, statistics);
    }

    /** A copy with tracing on, to slf4j. */
    public DebugOptions withTrace() {
        return withTrace(traceSink);
    }

    /** A copy that logs the last {@code n} events. */
    public DebugOptions withLog(int n) {
        return new DebugOptions(trace, traceSink, n, logFile, statistics);
    }

    /** A copy that writes every event to a file. */
    public DebugOptions withLogFile(Path file) {
        return new DebugOptions(trace, traceSink, logSize, file, statistics);
    }

    /** A copy with statistics on. */
    public DebugOptions withStatistics() {
        return new DebugOptions(trace, traceSink, logSize, logFile, true);
    }

    /** True if nothing is switched on. */
    public boolean isNone() {
        return !trace && logSize == 0 && logFile == null && !statistics;
    }
}
