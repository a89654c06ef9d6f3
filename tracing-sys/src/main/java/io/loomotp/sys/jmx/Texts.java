package io.loomotp.sys.jmx;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.sys.ProcessReport;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the node's bean writes figures for people: durations as {@code 3.1 ms}, statistics and recon's info as small
 * tables, absent values as {@code -}. One place, so that the console and the attach CLI, which print the bean's
 * answers as they are, read alike.
 */
final class Texts {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(
            ZoneId.systemDefault());

    private Texts() {}

    /** {@code 850 µs}, {@code 3.1 ms}, {@code 12.4 s}, {@code 5 min 3 s}: three figures at most, the unit fitted. */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000_000) {
            return nanos / 1_000 + " µs";
        }
        if (nanos < 1_000_000_000) {
            return oneDecimal(nanos / 1e6) + " ms";
        }
        if (nanos < 60_000_000_000L) {
            return oneDecimal(nanos / 1e9) + " s";
        }
        long seconds = d.toSeconds();
        return seconds < 3600 ? seconds / 60 + " min " + seconds % 60 + " s"
                : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    private static String oneDecimal(double v) {
        return v >= 100 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** A process's statistics as a table, with how long they have been counted. */
    static String statistics(String who, Statistics s) {
        Duration counted = Duration.between(s.startTime(), s.currentTime());
        return who + ": statistics since " + CLOCK.format(s.startTime()) + " (" + duration(counted) + ")\n"
                + row("messages in", String.valueOf(s.messagesIn()))
                + row("messages out", String.valueOf(s.messagesOut()))
                + row("handler time", duration(s.handlerTime()));
    }

    /** recon's info, grouped as recon groups it, with durations and absent values for people. */
    static String info(ProcessReport r) {
        var m = r.meta();
        return "meta\n"
                + row("pid", m.pid()) + row("registered_name", m.registeredName()) + row("initial_call",
                        m.initialCall()) + row("behaviour", m.behaviour())
                + row("status", m.status().name().toLowerCase(Locale.ROOT)) + row("parent", m.parent())
                + "signals\n"
                + row("links", r.signals().links()) + row("monitors", r.signals().monitors())
                + row("monitored_by", r.signals().monitoredBy()) + row("trap_exit", r.signals().trapExits())
                + "location\n"
                + row("current_function", r.location().currentFunction())
                + "memory\n"
                + row("message_queue_len", r.memory().mailboxLength())
                + row("estimated_bytes", r.memory().estimatedBytes())
                + "work\n"
                + row("messages_in", r.work().messagesIn()) + row("messages_out", r.work().messagesOut())
                + row("handler_time", duration(r.work().handlerTime())) + row("dropped", r.work().droppedMessages());
    }

    /** How an operator names a process: its name and pid, or its pid. */
    static String who(String name, Pid pid) {
        return name == null ? String.valueOf(pid) : name + " (" + pid + ")";
    }

    private static String row(String label, Object value) {
        return String.format("  %-18s %s%n", label, value == null ? "-" : value);
    }
}
