package io.loomotp.sys.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * A handler held its carrier thread longer than the watchdog's threshold, as OTP's {@code long_schedule}: how a
 * CPU-bound handler, which a virtual thread cannot be preempted from, becomes visible.
 */
@Name("io.loomotp.LongHandler")
@Label("Long handler")
@Category({"Loom OTP", "Processes"})
@Description("A handler ran on its carrier longer than the threshold")
public final class LongHandlerEvent extends Event {
    @Label("Pid")
    String pid;

    @Label("Name")
    String name;

    @Label("Running for")
    @Timespan(Timespan.NANOSECONDS)
    long runningFor;

    @Label("Where")
    String frame;

    public static void emit(String pid, String name, long runningForNanos, String frame) {
        LongHandlerEvent e = new LongHandlerEvent();
        if (e.isEnabled()) {
            e.pid = pid;
            e.name = name;
            e.runningFor = runningForNanos;
            e.frame = frame;
            e.commit();
        }
    }
}
