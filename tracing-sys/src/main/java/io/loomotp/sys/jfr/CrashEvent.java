package io.loomotp.sys.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A behaviour crashed: the event of a crash report. */
@Name("io.loomotp.Crash")
@Label("Crash")
@Category({"Loom OTP", "Processes"})
@Description("A behaviour process ended abnormally")
public final class CrashEvent extends Event {
    @Label("Pid")
    String pid;

    @Label("Name")
    String name;

    @Label("Module")
    String module;

    @Label("Last message")
    String lastMessage;

    @Label("Reason")
    String reason;

    public static void emit(String pid, String name, String module, String lastMessage, String reason) {
        CrashEvent e = new CrashEvent();
        if (e.isEnabled()) {
            e.pid = pid;
            e.name = name;
            e.module = module;
            e.lastMessage = lastMessage;
            e.reason = reason;
            e.commit();
        }
    }
}
