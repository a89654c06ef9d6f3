package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.sys.DebugFunction;
import io.loomotp.runtime.sys.TraceSink;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The system messages of the sys protocol: what {@code SysCalls} sends and every behaviour loop answers on its own
 * thread, between user messages. Each travels in a {@link CallEnvelope} of kind {@link Envelope#SYSTEM}, and prints as the sys
 * function that sent it (an error's message names {@code sys:get_state}, not a record of this class).
 */
public sealed interface SysRequest {
    record GetState() implements SysRequest {
        @Override
        public String toString() {
            return "sys:get_state";
        }
    }

    record ReplaceState(Function<Object, Object> function) implements SysRequest {
        @Override
        public String toString() {
            return "sys:replace_state";
        }
    }

    record InspectState(Function<Object, Object> function) implements SysRequest {
        @Override
        public String toString() {
            return "sys:get_state (inspectState)";
        }
    }

    record GetStatus() implements SysRequest {
        @Override
        public String toString() {
            return "sys:get_status";
        }
    }

    record Suspend() implements SysRequest {
        @Override
        public String toString() {
            return "sys:suspend";
        }
    }

    record Resume() implements SysRequest {
        @Override
        public String toString() {
            return "sys:resume";
        }
    }

    record Trace(boolean on, TraceSink sink) implements SysRequest {
        @Override
        public String toString() {
            return "sys:trace" + "(" + on + ")";
        }
    }

    /**
     * Switches the trace off only if it still writes to {@code sink}: how a trace asked for from another node ends when
     * its asker goes away, without touching a trace someone else has switched on since.
     */
    record TraceOff(TraceSink sink) implements SysRequest {
        @Override
        public String toString() {
            return "sys:trace" + "(false)";
        }
    }

    /** Log on with a ring of {@code size} events, or off with size 0. */
    record Log(int size) implements SysRequest {
        @Override
        public String toString() {
            return "sys:log" + "(" + (size == 0 ? "false" : "{true, " + size + "}") + ")";
        }
    }

    record LogGet() implements SysRequest {
        @Override
        public String toString() {
            return "sys:log" + "(get)";
        }
    }

    record LogPrint(TraceSink sink) implements SysRequest {
        @Override
        public String toString() {
            return "sys:log" + "(print)";
        }
    }

    /** Log to a file, or stop with a null path. */
    record LogToFile(Path path) implements SysRequest {
        @Override
        public String toString() {
            return "sys:log_to_file" + "(" + (path == null ? "false" : path) + ")";
        }
    }

    record Statistics(boolean on) implements SysRequest {
        @Override
        public String toString() {
            return "sys:statistics" + "(" + on + ")";
        }
    }

    record StatisticsGet() implements SysRequest {
        @Override
        public String toString() {
            return "sys:statistics" + "(get)";
        }
    }

    record Install(String id, DebugFunction function) implements SysRequest {
        @Override
        public String toString() {
            return "sys:install" + "(" + id + ")";
        }
    }

    record Remove(String id) implements SysRequest {
        @Override
        public String toString() {
            return "sys:remove" + "(" + id + ")";
        }
    }

    record NoDebug() implements SysRequest {
        @Override
        public String toString() {
            return "sys:no_debug";
        }
    }

    record Terminate(ExitReason reason) implements SysRequest {
        @Override
        public String toString() {
            return "sys:terminate" + "(" + reason + ")";
        }
    }
}
