package io.loomotp.runtime.sys;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code getState} answers for a generated server: its class and a copy of its fields, taken inside the process.
 *
 * <p>Collections, maps and arrays are copied into unmodifiable copies (one level deep), so that the caller never shares
 * a mutable structure with the process; other values are shared as they are, so a field holding a mutable object of
 * your own is still that object. Prints as {@code Frequency[free=[11, 12], allocated={10=<0.40>}]}.
 *
 * @param type the simple name of the server's class
 * @param fields the fields, in declaration order
 */
public record StateSnapshot(String type, Map<String, Object> fields) {

    public StateSnapshot {
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A snapshot of fields given as parallel arrays of names and values; copies collections, maps and arrays. */
    public static StateSnapshot of(String type, String[] names, Object[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " names for " + values.length + " values");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            fields.put(names[i], copy(values[i]));
        }
        return new StateSnapshot(type, fields);
    }

    /** The value of one field. */
    public Object get(String field) {
        if (!fields.containsKey(field)) {
            throw new IllegalArgumentException(type + " has no field '" + field + "'; it has " + fields.keySet());
        }
        return fields.get(field);
    }

    private static Object copy(Object v) {
        if (v instanceof Collection<?> c) {
            return Collections.unmodifiableList(new ArrayList<>(c));
        }
        if (v instanceof Map<?, ?> m) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(m));
        }
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> copy = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                copy.add(Array.get(v, i));
            }
            return Collections.unmodifiableList(copy);
        }
        return v;
    }

    /** Renders a state the way trace lines and crash reports show it, without copying. */
    public static String format(String type, String[] names, Object[] values) {
        StringBuilder b = new StringBuilder(type).append('[');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(names[i]).append('=').append(render(values[i]));
        }
        return b.append(']').toString();
    }

    private static String render(Object v) {
        return v != null && v.getClass().isArray() ? Terms.show(v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(type).append('[');
        boolean first = true;
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(f.getKey()).append('=').append(f.getValue());
        }
        return b.append(']').toString();
    }
}
