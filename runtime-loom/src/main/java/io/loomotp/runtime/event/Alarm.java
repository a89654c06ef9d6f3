package io.loomotp.runtime.event;

/**
 * An alarm, as SASL's alarm handler keeps it: an id, such as {@code no_frequency}, and a description.
 *
 * @param id what the alarm is about; clearing an id clears the alarm
 * @param description anything that helps an operator
 */
public record Alarm(Object id, Object description) {
    /** The event {@link Alarms#set} sends to the alarm manager's handlers. */
    public record Set(Alarm alarm) {}

    /** The event {@link Alarms#clear} sends. */
    public record Clear(Object id) {}
}
