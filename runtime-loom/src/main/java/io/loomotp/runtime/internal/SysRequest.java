package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.sys.DebugFunction;
import io.loomotp.runtime.sys.TraceSink;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The system messages of the sys protocol: what {@code SysCalls} sends and every behaviour loop answers on its own
 * thread, between user messages. Each travels in a {@link CallEnvelope} of kind {@link Envelope#SYSTEM}.
 */
public sealed interface SysRequest {
    record GetState() implements SysRequest {}

    record ReplaceState(Function<Object, Object> function) implements SysRequest {}

    record InspectState(Function<Object, Object> function) implements SysRequest {}

    record GetStatus() implements SysRequest {}

    record Suspend() implements SysRequest {}

    record Resume() implements SysRequest {}

    record Trace(boolean on, TraceSink sink) implements SysRequest {}

    /**
     * Switches the trace off only if it still writes to {@code sink}: how a trace asked for from another node ends when
     * its asker goes away, without touching a trace someone else has switched on since.
     */
    record TraceOff(TraceSink sink) implements SysRequest {}

    /** Log on with a ring of {@code size} events, or off with size 0. */
    record Log(int size) implements SysRequest {}

    record LogGet() implements SysRequest {}

    record LogPrint(TraceSink sink) implements SysRequest {}

    /** Log to a file, or stop with a null path. */
    record LogToFile(Path path) implements SysRequest {}

    record Statistics(boolean on) implements SysRequest {}

    record StatisticsGet() implements SysRequest {}

    record Install(String id, DebugFunction function) implements SysRequest {}

    record Remove(String id) implements SysRequest {}

    record NoDebug() implements SysRequest {}

    record Terminate(ExitReason reason) implements SysRequest {}
}
