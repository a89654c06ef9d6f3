package io.loomotp.runtime.remote;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.internal.Calls;
import io.loomotp.runtime.internal.Envelope;
import io.loomotp.runtime.internal.SysRequest;
import io.loomotp.runtime.sys.DebugFunction;
import io.loomotp.runtime.sys.TraceSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The sys protocol's requests as they cross to another node: what a system message is made of (a tag, a number, a
 * text and one value), so that the cluster layer can write and read it without seeing the runtime's request types.
 *
 * <p>What cannot cross as it is: a trace or log-print sink is a place on the asking node, so the cluster writes a
 * number for it and builds, on the traced node, a sink that sends the lines back ({@link #carriesSink}); a function
 * ({@code replaceState}, {@code inspectState}, {@code install}) crosses as any message does, so it must be of a class
 * allowed on both nodes (a record), as Erlang ships a fun whose module both nodes load; a log file is a path on the
 * traced node, so it crosses as text.
 *
 * <p>Stateless; any thread.
 */
public final class SysWire {
    /** The envelope kind of a system message ({@code gen:call(Pid, system, Request)}). */
    public static final byte SYSTEM = Envelope.SYSTEM;

    public static final byte GET_STATE = 1;
    public static final byte REPLACE_STATE = 2;
    public static final byte INSPECT_STATE = 3;
    public static final byte GET_STATUS = 4;
    public static final byte SUSPEND = 5;
    public static final byte RESUME = 6;
    /** number 1 (on, value: the sink) or 0 (off). */
    public static final byte TRACE = 7;
    /** number: the ring size, 0 for off. */
    public static final byte LOG = 8;
    public static final byte LOG_GET = 9;
    /** value: the sink. */
    public static final byte LOG_PRINT = 10;
    /** text: the path on the traced node, or null for off. */
    public static final byte LOG_TO_FILE = 11;
    /** number 1 (on) or 0 (off). */
    public static final byte STATISTICS = 12;
    public static final byte STATISTICS_GET = 13;
    /** text: the id; value: the function. */
    public static final byte INSTALL = 14;
    /** text: the id. */
    public static final byte REMOVE = 15;
    public static final byte NO_DEBUG = 16;
    /** value: the reason. */
    public static final byte TERMINATE = 17;

    /**
     * One system message, taken apart.
     *
     * @param tag what it asks
     * @param number a size or an on/off flag (1/0), else 0
     * @param text an id or a path, else null
     * @param value a function, a sink or a reason, else null
     */
    public record Parts(byte tag, long number, String text, Object value) {}

    private SysWire() {}

    /** True if a request of this tag carries a sink ({@link Parts#value}) that must stay on the asking node. */
    public static boolean carriesSink(byte tag, long number) {
        return tag == LOG_PRINT || tag == TRACE && number == 1;
    }

    /**
     * Takes a system message apart for the wire.
     *
     * @throws IllegalArgumentException if it is no system message, or one that only a local process may be sent
     */
    public static Parts parts(Object request) {
        if (!(request instanceof SysRequest r)) {
            throw new IllegalArgumentException("not a system message: " + request);
        }
        return switch (r) {
            case SysRequest.GetState g -> new Parts(GET_STATE, 0, null, null);
            case SysRequest.ReplaceState s -> new Parts(REPLACE_STATE, 0, null, s.function());
            case SysRequest.InspectState s -> new Parts(INSPECT_STATE, 0, null, s.function());
            case SysRequest.GetStatus g -> new Parts(GET_STATUS, 0, null, null);
            case SysRequest.Suspend s -> new Parts(SUSPEND, 0, null, null);
            case SysRequest.Resume s -> new Parts(RESUME, 0, null, null);
            case SysRequest.Trace t -> new Parts(TRACE, t.on() ? 1 : 0, null, t.on() ? t.sink() : null);
            case SysRequest.Log l -> new Parts(LOG, l.size(), null, null);
            case SysRequest.LogGet g -> new Parts(LOG_GET, 0, null, null);
            case SysRequest.LogPrint p -> new Parts(LOG_PRINT, 0, null, p.sink());
            case SysRequest.LogToFile f -> new Parts(LOG_TO_FILE, 0, f.path() == null ? null : f.path().toString(),
                    null);
            case SysRequest.Statistics s -> new Parts(STATISTICS, s.on() ? 1 : 0, null, null);
            case SysRequest.StatisticsGet g -> new Parts(STATISTICS_GET, 0, null, null);
            case SysRequest.Install i -> new Parts(INSTALL, 0, i.id(), i.function());
            case SysRequest.Remove m -> new Parts(REMOVE, 0, m.id(), null);
            case SysRequest.NoDebug n -> new Parts(NO_DEBUG, 0, null, null);
            case SysRequest.Terminate t -> new Parts(TERMINATE, 0, null, t.reason());
            case SysRequest.TraceOff t -> throw new IllegalArgumentException("a conditional trace-off is local only");
        };
    }

    /**
     * Puts a system message back together on the receiving node; {@code value} is the sink the cluster made for a
     * request that {@link #carriesSink carries one}.
     *
     * @throws IllegalArgumentException for an unknown tag, or a value of the wrong type for its tag
     */
    @SuppressWarnings("unchecked")
    public static Object request(Parts p) {
        try {
            return switch (p.tag()) {
                case GET_STATE -> new SysRequest.GetState();
                case REPLACE_STATE -> new SysRequest.ReplaceState((Function<Object, Object>) p.value());
                case INSPECT_STATE -> new SysRequest.InspectState((Function<Object, Object>) p.value());
                case GET_STATUS -> new SysRequest.GetStatus();
                case SUSPEND -> new SysRequest.Suspend();
                case RESUME -> new SysRequest.Resume();
                case TRACE -> new SysRequest.Trace(p.number() == 1, (TraceSink) p.value());
                case LOG -> new SysRequest.Log((int) p.number());
                case LOG_GET -> new SysRequest.LogGet();
                case LOG_PRINT -> new SysRequest.LogPrint((TraceSink) p.value());
                case LOG_TO_FILE -> new SysRequest.LogToFile(p.text() == null ? null : Path.of(p.text()));
                case STATISTICS -> new SysRequest.Statistics(p.number() == 1);
                case STATISTICS_GET -> new SysRequest.StatisticsGet();
                case INSTALL -> new SysRequest.Install(p.text(), (DebugFunction) p.value());
                case REMOVE -> new SysRequest.Remove(p.text());
                case NO_DEBUG -> new SysRequest.NoDebug();
                case TERMINATE -> new SysRequest.Terminate((ExitReason) p.value());
                default -> throw new IllegalArgumentException("unknown system message tag " + p.tag());
            };
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("system message " + p.tag() + " with a value of the wrong type: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Switches off a local process's trace if it still writes to {@code sink}, and waits for the answer: how a remote
     * asker's trace ends when the asker goes away. Returns false if another trace (or none) is on now.
     */
    public static boolean traceOffIf(Pid pid, TraceSink sink, Duration timeout) {
        return (Boolean) Calls.call(pid, Envelope.SYSTEM, new SysRequest.TraceOff(sink), timeout);
    }
}
