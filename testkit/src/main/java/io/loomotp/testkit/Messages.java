package io.loomotp.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** How failure messages show what arrived: the type and the value, so that "1" and 1 do not look alike. */
final class Messages {
    private Messages() {}

    static String show(Object m) {
        if (m == null) {
            return "null";
        }
        if (m instanceof Collection<?> all) {
            List<String> shown = new ArrayList<>();
            for (Object o : all) {
                shown.add(show(o));
            }
            return shown.toString();
        }
        String text = m instanceof String s ? "\"" + s + "\"" : String.valueOf(m);
        String type = m.getClass().getSimpleName();
        return type.isEmpty() || text.startsWith(type) ? text : type + " " + text;
    }

    /** ", then X, Y" for the messages still queued after the one shown; empty if none. */
    static String rest(Collection<Object> queued) {
        if (queued.isEmpty()) {
            return "";
        }
        return " (then " + show(List.copyOf(queued)) + ")";
    }
}
