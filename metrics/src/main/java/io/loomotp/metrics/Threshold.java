package io.loomotp.metrics;

import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.sys.ProcessReport;
import io.loomotp.sys.Recon;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One threshold alarm's rule, as elarm keeps thresholds: a measurement taken from each {@link NodeSample}, raised when
 * it stays above {@code raiseAbove} for at least {@code raiseAfter}, and cleared when it stays at or below
 * {@code clearAtOrBelow} for at least {@code clearAfter}. The gap between the two levels is the hysteresis: a value
 * that wanders in between neither raises nor clears, and restarts the wait of whichever is pending. The minimum
 * durations keep a single spike from raising, and a single dip from clearing.
 *
 * @param id the alarm's id, as {@code Alarms} shows it
 * @param what what is measured, for the alarm's description ({@code mailbox of frequency})
 * @param unit the measurement's unit, for the description ({@code messages})
 * @param measure reads the measurement from a sample
 * @param raiseAbove the level above which the alarm raises
 * @param clearAtOrBelow the level at or below which it clears; at most {@code raiseAbove}
 * @param raiseAfter how long the measurement must stay above {@code raiseAbove}
 * @param clearAfter how long it must stay at or below {@code clearAtOrBelow}
 * @param detail what to add to the description when it raises (who holds the longest mailbox, ...), or null
 */
public record Threshold(AlarmId id, String what, String unit, ToDoubleFunction<NodeSample> measure,
                        double raiseAbove, double clearAtOrBelow, Duration raiseAfter, Duration clearAfter,
                        Function<NodeSample, String> detail) {

    /**
     * The id of a threshold alarm: what kind it is and what it is about. Prints as an Erlang alarm id does:
     * {@code {long_mailbox, frequency}}.
     */
    public record AlarmId(String kind, String subject) {
        public AlarmId {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public String toString() {
            return "{" + kind + ", " + subject + "}";
        }
    }

    public Threshold {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(measure, "measure");
        if (Double.isNaN(raiseAbove) || Double.isNaN(clearAtOrBelow) || clearAtOrBelow > raiseAbove) {
            throw new IllegalArgumentException("alarm " + id + ": the clearing level (" + clearAtOrBelow
                    + ") must be at most the raising level (" + raiseAbove + ")");
        }
        if (raiseAfter == null || clearAfter == null) {
            throw new NullPointerException("alarm " + id + ": how long the level must hold is needed (for a mailbox, "
                    + "restart or heap threshold, forAtLeast; Duration.ZERO to raise at the first sample past it): "
                    + "raiseAfter " + raiseAfter + ", clearAfter " + clearAfter);
        }
        if (raiseAfter.isNegative() || clearAfter.isNegative()) {
            throw new IllegalArgumentException("alarm " + id + ": durations must not be negative: " + raiseAfter
                    + ", " + clearAfter);
        }
    }

    /**
     * The mailbox of the process registered as {@code name} has more than {@code raiseAbove} messages for
     * {@code forAtLeast}; clears when it has {@code clearAtOrBelow} or fewer for as long. Id
     * {@code {long_mailbox, name}}. A name nobody holds measures 0.
     */
    public static Threshold mailbox(String name, int raiseAbove, int clearAtOrBelow, Duration forAtLeast) {
        Objects.requireNonNull(name, "name");
        counts("mailbox of " + name, raiseAbove, clearAtOrBelow);
        return new Threshold(new AlarmId("long_mailbox", name), "mailbox of " + name, "messages",
                s -> s.mailboxOf(name), raiseAbove, clearAtOrBelow, forAtLeast, forAtLeast, null);
    }

    /**
     * The longest mailbox of any process, as {@link #mailbox} for one. Id {@code {long_mailbox, any}}; the
     * description names the process that holds it, and where it is in its code (recon's {@code info}).
     */
    public static Threshold longestMailbox(int raiseAbove, int clearAtOrBelow, Duration forAtLeast) {
        counts("longest mailbox", raiseAbove, clearAtOrBelow);
        return new Threshold(new AlarmId("long_mailbox", "any"), "longest mailbox", "messages",
                NodeSample::longestMailbox, raiseAbove, clearAtOrBelow, forAtLeast, forAtLeast,
                Threshold::holder);
    }

    /** A count is never negative: a negative level would raise the alarm at once, with nothing seen. */
    private static void counts(String what, int raiseAbove, int clearAtOrBelow) {
        if (raiseAbove < 0 || clearAtOrBelow < 0) {
            throw new IllegalArgumentException(what + ": levels are counts, 0 or more, not " + raiseAbove + " and "
                    + clearAtOrBelow);
        }
    }

    /** Who holds the sample's longest mailbox: its pid, name and current function, as recon's {@code info}. */
    private static String holder(NodeSample s) {
        Pid pid = s.longestMailboxPid();
        if (pid == null) {
            return null;
        }
        try {
            ProcessReport r = Recon.info(Node.of(pid), pid);
            return "held by " + pid + (r.meta().registeredName() == null ? "" : " (" + r.meta().registeredName()
                    + ")") + (r.location().currentFunction() == null ? "" : " at " + r.location().currentFunction());
        } catch (NoProcessException gone) {
            return "held by " + pid + ", since gone";
        }
    }

    /**
     * More than {@code raiseAbove} restarts in the last minute, across the node's supervisors; clears at
     * {@code clearAtOrBelow} or fewer. The minute is itself the duration, so it raises and clears at the first sample
     * that shows it. Id {@code {restarts_per_minute, node}}.
     */
    public static Threshold restartsPerMinute(int raiseAbove, int clearAtOrBelow) {
        counts("restarts per minute", raiseAbove, clearAtOrBelow);
        return new Threshold(new AlarmId("restarts_per_minute", "node"), "restarts in the last minute", "restarts",
                NodeSample::restartsLastMinute, raiseAbove, clearAtOrBelow, Duration.ZERO, Duration.ZERO, null);
    }

    /**
     * The heap in use is above {@code raiseAbove} of its maximum (a fraction: 0.9 is 90%) for {@code forAtLeast};
     * clears at or below {@code clearAtOrBelow}. Id {@code {high_heap, jvm}}.
     */
    public static Threshold heap(double raiseAbove, double clearAtOrBelow, Duration forAtLeast) {
        if (raiseAbove <= 0 || raiseAbove >= 1) {
            throw new IllegalArgumentException("a heap threshold is a fraction between 0 and 1, not " + raiseAbove);
        }
        if (clearAtOrBelow < 0) {
            throw new IllegalArgumentException("a heap threshold's clearing level is a fraction from 0, not "
                    + clearAtOrBelow + ": the heap in use is never below it, so the alarm would never clear");
        }
        return new Threshold(new AlarmId("high_heap", "jvm"), "heap in use", "of its maximum",
                NodeSample::heapFraction, raiseAbove, clearAtOrBelow, forAtLeast, forAtLeast, null);
    }

    /** The description an alarm raised by this rule carries. */
    String describe(NodeSample sample, double value, Duration held) {
        String more = detail == null ? null : detail.apply(sample);
        return what + " is " + format(value) + " " + unit + (more == null ? "" : ", " + more) + " (above "
                + format(raiseAbove) + " for " + held.toMillis() + " ms; clears at " + format(clearAtOrBelow)
                + " or below)";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
