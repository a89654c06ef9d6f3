package io.loomotp.sys.jmx;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.ProcessInfo;
import java.util.List;
import java.util.Locale;

/**
 * An exit signal as an operator types it, read the same way by every tool (the console and CLI through the node's
 * bean, the observer page): {@code normal}, {@code shutdown}, {@code kill}, or a word of the operator's own, which is
 * a custom reason. {@code Normal} or {@code KILL} is a slip in what was typed, refused before anything is sent: taken
 * for a word of one's own, it would kill a process that {@code normal} leaves alone.
 */
public final class OperatorExit {
    private OperatorExit() {}

    /** Why a reason as typed is a slip ({@code Normal}: "reasons are lower case: normal ..."), or null if it is none. */
    public static String slip(String typed) {
        String t = typed.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        return List.of("normal", "shutdown", "kill").contains(lower) && !lower.equals(t)
                ? "reasons are lower case: " + lower + " (nothing was sent)" : null;
    }

    /** The longest reason an operator may type: a word, not a document echoed back in every answer. */
    static final int MAX_REASON = 200;

    /**
     * The reason a typed word sends.
     *
     * @throws IllegalArgumentException for nothing typed, or a slip ({@link #slip})
     */
    public static ExitReason parse(String typed) {
        String t = typed == null ? "" : typed.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("which reason? normal, shutdown, kill, or a word of your own");
        }
        if (t.length() > MAX_REASON) {
            throw new IllegalArgumentException("a reason is at most " + MAX_REASON + " characters, not " + t.length()
                    + " (nothing was sent)");
        }
        String slip = slip(t);
        if (slip != null) {
            throw new IllegalArgumentException(t + ": " + slip);
        }
        return switch (t) {
            case "kill" -> ExitReason.KILL;
            case "normal" -> ExitReason.NORMAL;
            case "shutdown" -> ExitReason.SHUTDOWN;
            default -> ExitReason.custom(t);
        };
    }

    /**
     * What to tell the operator once the signal is sent to {@code target}: a {@code normal} to a process that did not
     * trap exits ({@code before}, read just before sending) is ignored, as in Erlang, and the answer says so.
     */
    public static String sent(String target, String typed, ExitReason reason, ProcessInfo before) {
        String sent = "exit signal " + typed.strip() + " sent to " + target;
        if (reason == ExitReason.NORMAL && before != null && !before.trapExits()) {
            return sent + "; it does not trap exits, so it ignores normal, as in Erlang (kill ends it)";
        }
        if (reason != ExitReason.KILL && before != null && before.trapExits()) {
            return sent + "; it traps exits, so it gets it as a message, which its code decides on, as in Erlang "
                    + "(kill ends it)";
        }
        return sent;
    }
}
