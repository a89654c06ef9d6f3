package io.loomotp.sys;

import io.loomotp.sys.jmx.PatternTargets;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a rate-limited trace ({@link Tracer}) looks for, in the spirit of {@code recon_trace}'s {@code {Mod, Fun, Args}}
 * patterns: the processes (a behaviour class, or every behaviour), the messages (a type, a handler, or any), an
 * optional test on the message, and whether replies are traced too (recon's return trace).
 *
 * <pre>{@code
 * TracePattern.of(Frequency.class).handler("allocate").withReplies()
 * TracePattern.all().messages(Down.class)
 * TracePattern.of(Phone.class).where(m -> m.toString().contains("124"))
 * }</pre>
 *
 * @param behaviour the behaviour class whose processes are traced, or null for every behaviour process
 * @param messageType the type of the messages traced, or null for any
 * @param handler the handler traced: the messages a generated client sends for it ({@code allocate(...)}), or null
 * @param filter a test on the message, or null
 * @param replies whether the replies to traced calls are traced too
 */
public record TracePattern(Class<?> behaviour, Class<?> messageType, String handler, Predicate<Object> filter,
                           boolean replies) {

    /** Every behaviour process, every message. Only with a limit: see {@link Tracer}. */
    public static TracePattern all() {
        return new TracePattern(null, null, null, null, false);
    }

    /** The processes of one behaviour class. */
    public static TracePattern of(Class<?> behaviour) {
        return new TracePattern(Objects.requireNonNull(behaviour, "behaviour"), null, null, null, false);
    }

    public TracePattern messages(Class<?> type) {
        return new TracePattern(behaviour, Objects.requireNonNull(type, "type"), handler, filter, replies);
    }

    /**
     * The messages of one handler, as its generated client sends them.
     *
     * @throws IllegalArgumentException if the behaviour's generated dispatch has no handler of that name (the trace
     *     could never print a line); the error lists those it has
     */
    public TracePattern handler(String name) {
        Objects.requireNonNull(name, "name");
        if (behaviour != null) {
            PatternTargets.checkHandler(behaviour, name);
        }
        return new TracePattern(behaviour, messageType, name, filter, replies);
    }

    public TracePattern where(Predicate<Object> test) {
        return new TracePattern(behaviour, messageType, handler, Objects.requireNonNull(test, "test"), replies);
    }

    public TracePattern withReplies() {
        return new TracePattern(behaviour, messageType, handler, filter, true);
    }

    /** True if the pattern picks out neither processes nor messages: it would trace everything. */
    public boolean isEverything() {
        return behaviour == null && messageType == null && handler == null && filter == null;
    }

    /** Whether a process running this behaviour class ({@code ProcessInfo.initialCall}) is traced. */
    boolean tracesProcess(String initialCall) {
        return behaviour == null || behaviour.getName().equals(initialCall);
    }

    /** Whether a message (and its text, as the trace shows it) is traced. */
    boolean tracesMessage(Object message, String text) {
        if (messageType != null && !messageType.isInstance(message)) {
            return false;
        }
        if (handler != null && !isHandlers(message)) {
            return false;
        }
        return filter == null || filter.test(message);
    }

    /**
     * Whether a message is one the handler takes: a record of the processor's dispatch named after it
     * ({@code Frequency_Dispatch.Allocate} for {@code allocate}), or, from a hand-written behaviour, a message that
     * prints as a call of it ({@code allocate(...)}). Never a message whose text merely mentions it.
     */
    private boolean isHandlers(Object message) {
        Class<?> type = message.getClass();
        Class<?> outer = type.getEnclosingClass();
        if (type.isRecord() && outer != null && outer.getSimpleName().endsWith("_Dispatch")) {
            String n = type.getSimpleName();
            return (Character.toLowerCase(n.charAt(0)) + n.substring(1)).equals(handler);
        }
        return String.valueOf(message).startsWith(handler + "(");
    }

    @Override
    public String toString() {
        return (behaviour == null ? "any behaviour" : behaviour.getSimpleName())
                + (messageType == null ? "" : ", messages of " + messageType.getSimpleName())
                + (handler == null ? "" : ", handler " + handler)
                + (filter == null ? "" : ", filtered")
                + (replies ? ", with replies" : "");
    }
}
