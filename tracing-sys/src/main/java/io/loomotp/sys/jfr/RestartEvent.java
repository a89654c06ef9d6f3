package io.loomotp.sys.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A supervisor restarted a child. */
@Name("io.loomotp.Restart")
@Label("Restart")
@Category({"Loom OTP", "Supervision"})
@Description("A supervisor started a child again after it ended")
public final class RestartEvent extends Event {
    @Label("Supervisor")
    String supervisor;

    @Label("Child")
    String child;

    @Label("New pid")
    String pid;

    @Label("Reason of the end")
    String reason;

    public static void emit(String supervisor, String child, String pid, String reason) {
        RestartEvent e = new RestartEvent();
        if (e.isEnabled()) {
            e.supervisor = supervisor;
            e.child = child;
            e.pid = pid;
            e.reason = reason;
            e.commit();
        }
    }
}
