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

    /** Sets an alarm: SASL's {@code alarm_handler:set_alarm}. Does nothing if the node has no alarm manager. */
    public static void set(Node node, Object id, Object description) {
        EventManager.notify(node, NAME, new Alarm.Set(new Alarm(id, description)));
    }

    /** Clears the most recent alarm with this id. */
    public static void clear(Node node, Object id) {
        EventManager.notify(node, NAME, new Alarm.Clear(id));
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
