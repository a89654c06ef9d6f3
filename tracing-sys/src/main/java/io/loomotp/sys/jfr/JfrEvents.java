package io.loomotp.sys.jfr;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.ProgressReport;
import io.loomotp.runtime.report.SupervisorReport;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a node's reports into JFR events: crash reports into {@link CrashEvent}, and a child's start that follows
 * its {@code child_terminated} report into a {@link RestartEvent}. Long handlers come from the watchdog; messages
 * handled from trace sessions.
 */
public final class JfrEvents {
    private JfrEvents() {}

    /**
     * Starts listening to a node's reports; returns what stops it. Initializes the event classes first: the first
     * event class to initialize sets up JFR's event machinery, which took 537 ms on a loaded machine, and that must not
     * fall in a supervisor's handler (where the first restart's report is turned into an event), holding up the
     * restart and tripping the long-handler watchdog.
     */
    public static AutoCloseable install(Node node) {
        for (Class<?> event : List.of(CrashEvent.class, RestartEvent.class, LongHandlerEvent.class,
                MessageHandledEvent.class)) {
            try {
                MethodHandles.lookup().ensureInitialized(event);
            } catch (IllegalAccessException cannotHappen) {
                throw new IllegalStateException(cannotHappen); // the events are this class's package's
            }
        }
        Map<String, String> ended = new ConcurrentHashMap<>();
        return node.onReport(r -> {
            switch (r) {
                case CrashReport c -> CrashEvent.emit(String.valueOf(c.pid()), c.name(), c.module(),
                        c.lastMessage(), String.valueOf(c.reason()));
                case SupervisorReport s when s.errorContext().equals("child_terminated") ->
                        ended.put(s.supervisor() + " " + s.offender().label(), String.valueOf(s.reason()));
                case ProgressReport p when p.started() != null -> {
                    String reason = ended.remove(p.supervisor() + " " + p.started().label());
                    if (reason != null) {
                        RestartEvent.emit(String.valueOf(p.supervisor()), p.started().label(),
                                String.valueOf(p.started().pid()), reason);
                    }
                }
                default -> { }
            }
        });
    }
}
