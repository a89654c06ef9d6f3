package io.loomotp.runtime.event;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.StartOptions;
import java.util.List;

/**
 * Alarms in the style of SASL's {@code alarm_handler}: an event manager registered as {@value #NAME} with an
 * {@link AlarmHandler}; {@link #set} and {@link #clear} are events (they do not wait), {@link #get} asks the handler.
 */
public final class Alarms {
    /** The name the alarm manager is registered under, as SASL's. */
    public static final String NAME = "alarm_handler";

    private Alarms() {}

    /** Starts the alarm manager, unlinked, with an {@link AlarmHandler}. */
    public static Pid start(Node node) {
        Pid manager = EventManager.start(node, StartOptions.defaults().withName(NAME));
        EventManager.addHandler(manager, new AlarmHandler());
        return manager;
    }

    /** Starts the alarm manager linked to the calling process, as a supervisor does. */
    public static Pid startLink() {
        Pid manager = EventManager.startLink(StartOptions.defaults().withName(NAME));
        EventManager.addHandler(manager, new AlarmHandler());
        return manager;
    }

    /**
     * Sets an alarm: SASL's {@code alarm_handler:set_alarm/1}. An event: it does not wait for the handlers.
     *
     * @throws NoProcessException if the node has no alarm manager, as {@code set_alarm}'s send to the unregistered
     *     {@code alarm_handler} fails ({@code badarg}): an alarm set nowhere would be lost without a word
     */
    public static void set(Node node, Object id, Object description) {
        if (!setIfRunning(node, id, description)) {
            throw new NoProcessException(NAME, "Alarms.set (start the alarm manager with Alarms.start)");
        }
    }

    /**
     * Clears the most recent alarm with this id: SASL's {@code alarm_handler:clear_alarm/1}.
     *
     * @throws NoProcessException if the node has no alarm manager
     */
    public static void clear(Node node, Object id) {
        if (!clearIfRunning(node, id)) {
            throw new NoProcessException(NAME, "Alarms.clear (start the alarm manager with Alarms.start)");
        }
    }

    /**
     * Sets an alarm if the node has an alarm manager; for tools that raise alarms whether or not one runs (threshold
     * alarms keep theirs too).
     *
     * @return false if there is no alarm manager, and nothing was sent
     */
    public static boolean setIfRunning(Node node, Object id, Object description) {
        java.util.Objects.requireNonNull(id, "id");
        Pid manager = node.whereis(NAME);
        if (manager == null) {
            return false;
        }
        EventManager.notify(manager, new Alarm.Set(new Alarm(id, description)));
        return true;
    }

    /** Clears an alarm if the node has an alarm manager; false if it has none. */
    public static boolean clearIfRunning(Node node, Object id) {
        java.util.Objects.requireNonNull(id, "id");
        Pid manager = node.whereis(NAME);
        if (manager == null) {
            return false;
        }
        EventManager.notify(manager, new Alarm.Clear(id));
        return true;
    }

    /**
     * The alarms set and not cleared, most recent first.
     *
     * @throws NoProcessException if the node has no alarm manager
     */
    @SuppressWarnings("unchecked")
    public static List<Alarm> get(Node node) {
        Pid manager = node.whereis(NAME);
        if (manager == null) {
            throw new NoProcessException(NAME, "Alarms.get (start the alarm manager with Alarms.start)");
        }
        return (List<Alarm>) EventManager.call(manager, HandlerId.of(AlarmHandler.class),
                new AlarmHandler.GetAlarms());
    }
}
