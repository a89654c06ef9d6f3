package io.loomotp.telecom;

import io.loomotp.runtime.event.Alarm;
import io.loomotp.runtime.event.EventHandler;

/** The book's {@code counters} handler: counts alarms set and cleared, and frequencies denied. */
public final class Counters implements EventHandler {
    /** The request that reads the counts. */
    public static final Object GET = "get";

    /** The counts so far. */
    public record Counts(long alarmsRaised, long alarmsCleared, long denied) {}

    private long raised;
    private long cleared;
    private long denied;

    @Override
    public void handleEvent(Object event) {
        switch (event) {
            case Alarm.Set s -> raised++;
            case Alarm.Clear c -> cleared++;
            case FreqOverload.FrequencyDenied d -> denied++;
            default -> { }
        }
    }

    @Override
    public Object handleCall(Object request) {
        return new Counts(raised, cleared, denied);
    }

    @Override
    public String toString() {
        return "Counters[raised=" + raised + ", cleared=" + cleared + ", denied=" + denied + "]";
    }
}
