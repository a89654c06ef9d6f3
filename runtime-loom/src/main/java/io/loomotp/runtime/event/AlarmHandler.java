package io.loomotp.runtime.event;

import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.AlarmReport;
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

    /**
     * The answer to any other request: SASL's {@code {error, bad_query}}. The handler stays, with its alarms (a
     * request it does not know is the caller's mistake, not a reason to drop every alarm the node holds).
     */
    public record BadQuery(Object query) {}

    private final List<Alarm> alarms = new ArrayList<>();

    @Override
    public void handleEvent(Object event) {
        switch (event) {
            case Alarm.Set(Alarm alarm) -> {
                alarms.addFirst(alarm);
                report(new AlarmReport(Process.self(), true, alarm.id(), alarm.description()));
            }
            case Alarm.Clear(Object id) -> {
                report(new AlarmReport(Process.self(), false, id, null));
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

    /** SASL's alarm handler writes an info report for every set and clear ({@code alarm_handler.erl}). */
    private static void report(AlarmReport r) {
        io.loomotp.runtime.internal.ProcessImpl.current().node().reports().report(r);
    }

    @Override
    public Object handleCall(Object request) {
        if (request instanceof GetAlarms) {
            return List.copyOf(alarms);
        }
        return new BadQuery(request); // alarm_handler.erl: handle_call(_Query, Alarms) -> {ok, {error, bad_query}, ..}
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
