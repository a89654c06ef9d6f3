package io.loomotp.sys.jfr;

import io.loomotp.runtime.Pid;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A message a traced process handled; emitted only for processes a {@code Tracer} session traces. */
@Name("io.loomotp.MessageHandled")
@Label("Message handled")
@Category({"Loom OTP", "Processes"})
@Description("A message a traced process took from its mailbox")
public final class MessageHandledEvent extends Event {
    @Label("Pid")
    String pid;

    @Label("Process")
    String process;

    @Label("Kind")
    String kind;

    @Label("Message")
    String message;

    /** Commits an event, if a recording wants it. */
    public static void emit(Pid pid, String process, String kind, String message) {
        MessageHandledEvent e = new MessageHandledEvent();
        if (e.isEnabled()) {
            e.pid = String.valueOf(pid);
            e.process = process;
            e.kind = kind;
            e.message = message;
            e.commit();
        }
    }
}
