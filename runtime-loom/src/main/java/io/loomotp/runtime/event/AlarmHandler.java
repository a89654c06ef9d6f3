package io.loomotp.runtime.event;

import java.util.ArrayList;
import java.util.List;

/**
 * SASL's default alarm handler: keeps the alarms that are set and not yet cleared, most recent first. Other handlers
 * added to the same manager see the same {@link Alarm.Set} and {@link Alarm.Clear} events, and may act on them.
 *
 * <p>Swapped for a handler of one's own ({@code EventManager.swapHandler}), it hands over the alarms it holds: the
 * new handler's factory gets them as a {@code List<Alarm>}, most recent first, as SASL's {@code terminate(swap,
 * Alarms)} answers {@code {alarm_handler, Alarms}} for the new handler's init.
 */
public final class AlarmHandler implements EventHandler {
    /** The request {@link Alarms#get} sends. */
    public record GetAlarms() {}

    private final List<Alarm> alarms = new ArrayList<>();

    @Override
    public void handleEvent(Object event) {
        switch (event) {
            case Alarm.Set(Alarm alarm) -> alarms.addFirst(alarm);
            case Alarm.Clear(Object id) -> {
                for (int i = 0; i < alarms.size(); i++) {
                    if (alarms.get(i).id().equals(id)) {
                        alarms.remove(i); // the most recent one with that id, as SASL's lists:keydelete
                        break;
                    }
                }
            }
            default -> { }
        }
    }

    @Override
    public Object handleCall(Object request) {
        if (request instanceof GetAlarms) {
            return List.copyOf(alarms);
        }
        throw new IllegalArgumentException("the alarm handler answers GetAlarms only, not " + request);
    }

    @Override
    public Object terminate(Removal reason) {
        return reason instanceof Removal.Swapped ? List.copyOf(alarms) : null;
    }

    @Override
    public String toString() {
        return "AlarmHandler" + alarms;
    }
}
