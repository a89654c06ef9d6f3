package io.loomotp.telecom;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.AlarmHandler;
import io.loomotp.runtime.event.EventManager;
import io.loomotp.runtime.event.HandlerId;
import io.loomotp.runtime.server.StartOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The book's {@code freq_overload} (chapter 7): an event manager, registered as {@value #NAME}, that the frequency
 * server tells of its alarms and denials. Its handlers count them ({@link Counters}), write them to a file
 * ({@link FileLogger}), and keep the alarms that are set ({@link AlarmHandler}, SASL's). Started by the
 * {@code bsc} supervisor; a restart adds the handlers again, as the book's {@code start_link} does.
 */
public final class FreqOverload {
    public static final String NAME = "freq_overload";

    private FreqOverload() {}

    /** A frequency was asked for when none was free: the book's {@code {event, {frequency_denied, Pid}}}. */
    public record FrequencyDenied(Pid server) {}

    /** Starts the manager linked to the caller (the supervisor) with its three handlers. */
    public static Pid startLink(Path logFile) {
        Pid manager = EventManager.startLink(StartOptions.defaults().withName(NAME));
        EventManager.addHandler(manager, new Counters());
        EventManager.addHandler(manager, new FileLogger(logFile));
        EventManager.addHandler(manager, new AlarmHandler());
        return manager;
    }

    /** The book's {@code no_frequency/0}: sets the {@code no_frequency} alarm. */
    static void noFrequency(Node node, Pid server) {
        EventManager.notify(node, NAME, new Alarm.Set(new Alarm("no_frequency", server)));
    }

    /** The book's {@code frequency_available/0}: clears it. */
    static void frequencyAvailable(Node node) {
        EventManager.notify(node, NAME, new Alarm.Clear("no_frequency"));
    }

    /** The book's {@code frequency_denied/0}. */
    static void frequencyDenied(Node node, Pid server) {
        EventManager.notify(node, NAME, new FrequencyDenied(server));
    }

    /** Whether an alarm of this id is set now (false if the manager is not running). */
    @SuppressWarnings("unchecked")
    static boolean alarmSet(Node node, Object id) {
        Pid manager = node.whereis(NAME);
        if (manager == null) {
            return false;
        }
        try {
            List<Alarm> alarms = (List<Alarm>) EventManager.call(manager, HandlerId.of(AlarmHandler.class),
                    new AlarmHandler.GetAlarms());
            return alarms.stream().anyMatch(a -> a.id().equals(id));
        } catch (RuntimeException restarting) {
            return false;
        }
    }

    /** The counters handler's figures, or empty counts if the manager is not running now. */
    public static Counters.Counts counts(Node node) {
        Pid manager = node.whereis(NAME);
        if (manager == null) {
            return new Counters.Counts(0, 0, 0);
        }
        try {
            return (Counters.Counts) EventManager.call(manager, HandlerId.of(Counters.class), Counters.GET);
        } catch (RuntimeException restarting) {
            return new Counters.Counts(0, 0, 0);
        }
    }
}
