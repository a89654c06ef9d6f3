package io.loomotp.processor.base;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every name the processor generates, in one place: the classes it writes, the message records, and the members of
 * a {@code …Ref} that user methods must not clash with.
 */
public final class GeneratedNames {
    private GeneratedNames() {}

    /** The processor's name, for {@code @Generated}. */
    public static final String GENERATOR = "io.loomotp.processor.LoomOtpProcessor";

    /**
     * Members every generated {@code …Ref} declares itself: a handler of the same name would clash with them. Those
     * of {@code Object} are not here: only a handler whose client method would have one's parameter types clashes
     * with it (the handler rules ask {@code Elements2.objectMethod}); an overload is fine.
     */
    public static final Set<String> REF_MEMBERS = Set.of("start", "startLink", "startMonitor", "of", "whereis",
            "whereisGlobal", "whereisVia", "byName", "byGlobalName", "byVia", "pid", "stop", "sendRequest");

    /** The sealed interface every call record of a server implements. */
    public static final String CALL_PROTOCOL = "CallMessage";
    /** The sealed interface every cast record of a server implements. */
    public static final String CAST_PROTOCOL = "CastMessage";
    /** The sealed interface every event record of a state machine implements. */
    public static final String EVENT_PROTOCOL = "EventMessage";

    /** The flat name of a possibly nested class: {@code Outer_Inner} for {@code Outer.Inner}. */
    public static String flatName(ClassName type) {
        return String.join("_", type.simpleNames());
    }

    /** The user-facing client: {@code FrequencyRef} for {@code Frequency}. */
    public static ClassName ref(ClassName type) {
        return ClassName.get(type.packageName(), flatName(type) + "Ref");
    }

    /** A supervisor's callback module: {@code BscSupervisor} for {@code Bsc}. */
    public static ClassName supervisor(ClassName type) {
        return ClassName.get(type.packageName(), flatName(type) + "Supervisor");
    }

    /** The dispatch glue: {@code Frequency_Dispatch}. */
    public static ClassName dispatch(ClassName type) {
        return ClassName.get(type.packageName(), flatName(type) + "_Dispatch");
    }

    /**
     * The record of a handler's message, nested in the dispatch class: {@code Allocate} for {@code allocate}. Names
     * that would clash with the dispatch's own nested types get a {@code Message} suffix.
     */
    public static String messageRecord(String method) {
        String name = Character.toUpperCase(method.charAt(0)) + method.substring(1);
        if (name.equals(CALL_PROTOCOL) || name.equals(CAST_PROTOCOL) || name.equals(EVENT_PROTOCOL)
                || name.equals("INSTANCE")) {
            return name + "Message";
        }
        return name;
    }

    /** The name of the {@code VarHandle} constant that reads a private field: {@code FREE} for {@code free}. */
    public static String fieldHandle(String field) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                b.append('_');
            }
            b.append(Character.toUpperCase(c));
        }
        return b.append("_FIELD").toString().toUpperCase(Locale.ROOT);
    }

    /**
     * The {@code VarHandle} constant of each field, by field name: {@link #fieldHandle}'s name, and where two fields
     * map to one ({@code x} and {@code X}, {@code aB} and {@code a_b}) the later ones numbered, so that every field
     * has its own.
     */
    public static java.util.Map<String, String> fieldHandles(java.util.List<String> fields) {
        java.util.Map<String, String> handles = new java.util.LinkedHashMap<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (String f : fields) {
            String h = fieldHandle(f);
            for (int n = 2; !used.add(h); n++) {
                h = fieldHandle(f) + "_" + n;
            }
            handles.put(f, h);
        }
        return handles;
    }

    /** A parameter name not among {@code taken}: {@code preferred}, else {@code preferred2}, .... */
    public static String freshName(String preferred, List<String> taken) {
        if (!taken.contains(preferred)) {
            return preferred;
        }
        for (int i = 2; ; i++) {
            if (!taken.contains(preferred + i)) {
                return preferred + i;
            }
        }
    }
}
