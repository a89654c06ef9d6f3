package io.loomotp.runtime.internal;

import io.loomotp.runtime.sys.SysCalls;

import io.loomotp.runtime.sys.DebugFunction;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.TraceSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The debug options of one behaviour process: OTP's {@code Debug} value, threaded through the loop. The loop keeps
 * a reference to it only while something is switched on, so that with debug off a message costs one null check.
 *
 * <p>Owner only: every method runs on the process's own thread, between messages.
 */
public final class Debug {
    private TraceSink trace;
    private ArrayDeque<SysEvent> log;
    private int logSize;
    private Path logPath;
    private BufferedWriter logFile;
    private LinkedHashMap<String, DebugFunction> functions;

    /** True if any option that consumes events is on. */
    boolean active() {
        return trace != null || log != null || logFile != null || (functions != null && !functions.isEmpty());
    }

    void trace(TraceSink sink) {
        TraceSink old = trace;
        trace = sink;
        if (old != null && old != sink) {
            detached(old, sink == null ? "switched off" : "replaced by another trace");
        }
    }

    private static void detached(TraceSink sink, String why) {
        try {
            sink.detached(why);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger("io.loomotp.sys").warn("a trace sink failed when told it was {}: {}", why,
                    e.toString());
        }
    }

    /** The sink of the trace switched on, or null. */
    TraceSink traceSink() {
        return trace;
    }

    void log(int size) {
        if (size <= 0) {
            log = null;
            logSize = 0;
            return;
        }
        logSize = size;
        if (log == null) {
            log = new ArrayDeque<>(Math.min(size, 64));
        }
        while (log.size() > logSize) {
            log.pollFirst();
        }
    }

    List<SysEvent> logged() {
        return log == null ? List.of() : List.copyOf(log);
    }

    void logToFile(Path path) throws IOException {
        closeFile();
        if (path != null) {
            logFile = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            logPath = path;
        }
    }

    void install(String id, DebugFunction function) {
        if (functions == null) {
            functions = new LinkedHashMap<>();
        }
        functions.put(id, function);
    }

    boolean remove(String id) {
        return functions != null && functions.remove(id) != null;
    }

    /** Gives an event to every consumer switched on. A consumer that fails is switched off, and the failure logged. */
    public void handle(SysEvent event) {
        if (trace != null) {
            try {
                trace.line(event.line());
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Debug.class).warn("trace sink of {} failed; trace switched off",
                        event.process(), e);
                trace = null;
            }
        }
        if (log != null) {
            if (log.size() == logSize) {
                log.pollFirst();
            }
            log.addLast(event);
        }
        if (logFile != null) {
            try {
                logFile.write(event.line());
                logFile.newLine();
                logFile.flush();
            } catch (IOException e) {
                LoggerFactory.getLogger(Debug.class).warn("log file {} of {} failed; log_to_file switched off",
                        logPath, event.process(), e);
                closeFile();
            }
        }
        if (functions != null) {
            for (Iterator<Map.Entry<String, DebugFunction>> it = functions.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, DebugFunction> f = it.next();
                boolean keep;
                try {
                    keep = f.getValue().onEvent(event);
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(Debug.class).warn("debug function {} of {} failed; removed", f.getKey(),
                            event.process(), e);
                    keep = false;
                }
                if (!keep) {
                    it.remove();
                }
            }
        }
    }

    /** The options switched on, as {@code sys:get_status} lists them. */
    List<String> describe() {
        List<String> d = new ArrayList<>();
        if (trace != null) {
            d.add("trace");
        }
        if (log != null) {
            d.add("log(" + logSize + ")");
        }
        if (logFile != null) {
            d.add("log_to_file(" + logPath + ")");
        }
        if (functions != null) {
            for (String id : functions.keySet()) {
                d.add("install(" + id + ")");
            }
        }
        return d;
    }

    /** {@code sys:no_debug}: everything off, but the functions of the node's tools ({@code TOOL_ID_PREFIX}). */
    void clear() {
        if (trace != null) {
            detached(trace, "switched off");
        }
        trace = null;
        log = null;
        logSize = 0;
        if (functions != null) {
            functions.keySet().removeIf(id -> !id.startsWith(SysCalls.TOOL_ID_PREFIX));
            if (functions.isEmpty()) {
                functions = null;
            }
        }
        closeFile();
    }

    private void closeFile() {
        if (logFile != null) {
            try {
                logFile.close();
            } catch (IOException ignored) {
                // nothing more to write to it
            }
            logFile = null;
            logPath = null;
        }
    }
}
