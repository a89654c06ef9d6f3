package io.loomotp.runtime.sys;

import java.lang.reflect.Array;

/**
 * Renders values the way trace lines and reports show them, close to how Erlang prints terms: strings quoted,
 * arrays as lists, everything else by its {@code toString()}. Generated message records use it for their own
 * {@code toString()}: {@code rendezvous("alice")}, {@code deallocate(10)}.
 */
public final class Terms {
    private Terms() {}

    /** One value, rendered. */
    public static String show(Object value) {
        if (value instanceof CharSequence s) {
            return '"' + s.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof Character c) {
            return "'" + c + "'";
        }
        if (value != null && value.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(show(Array.get(value, i)));
            }
            return b.append(']').toString();
        }
        return String.valueOf(value);
    }
}
