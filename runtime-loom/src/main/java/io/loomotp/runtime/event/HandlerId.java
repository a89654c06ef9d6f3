package io.loomotp.runtime.event;

import java.util.Objects;

/**
 * Which handler of a manager: its class, and an id to tell apart several handlers of one class (OTP's
 * {@code {Module, Id}}); the id is null for the usual one handler per class. Prints as {@code AlarmHandler} or
 * {@code {Logger, "file"}}.
 */
public record HandlerId(Class<?> type, Object id) {
    public HandlerId {
        Objects.requireNonNull(type, "type");
    }

    /** The one handler of a class. */
    public static HandlerId of(Class<?> type) {
        return new HandlerId(type, null);
    }

    public static HandlerId of(Class<?> type, Object id) {
        return new HandlerId(type, id);
    }

    @Override
    public String toString() {
        return id == null ? name(type) : "{" + name(type) + ", " + id + "}";
    }

    /** The class's simple name; an anonymous class has none, so its binary name without the package. */
    private static String name(Class<?> type) {
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String binary = type.getName();
        return binary.substring(binary.lastIndexOf('.') + 1);
    }
}
