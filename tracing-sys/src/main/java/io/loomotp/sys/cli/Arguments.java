package io.loomotp.sys.cli;

import io.loomotp.runtime.supervisor.Durations;
import io.loomotp.sys.Recon;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command language's argument types, each refusing what it cannot read with one line that says what was typed
 * and what is expected (public, so that a console's own commands read their arguments alike). picocli converts every
 * argument before a command runs, so a bad one is caught before anything is done.
 */
public final class Arguments {
    private Arguments() {}

    /**
     * {@code on} or {@code off}, nothing else: a missing or misspelt switch never means either. It converts to the text
     * it checked (a {@code Boolean} parameter would be read by picocli as a flag, which takes {@code maybe} for true).
     */
    public static final class OnOff implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return switch (text) {
                case "on", "off" -> text;
                default -> throw new TypeConversionException("'" + text + "' is neither on nor off");
            };
        }
    }

    /** A JVM's pid, as {@code jps} lists them. */
    static final class JvmPid implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.matches("\\d{1,19}")) {
                throw new TypeConversionException("'" + text + "' is no JVM pid: expected a number, as jps lists them");
            }
            return text;
        }
    }

    /** {@code on}, {@code off} or {@code print}. */
    static final class LogAction implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return switch (text) {
                case "on", "off", "print" -> text;
                default -> throw new TypeConversionException("'" + text + "' is none of on, off or print");
            };
        }
    }

    /** The word {@code off}, and nothing else (stats NAME off). */
    static final class Off implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.equals("off")) {
                throw new TypeConversionException("'" + text + "' is not off: stats NAME reads them (switching them "
                        + "on the first time), stats NAME off switches them off");
            }
            return text;
        }
    }

    /** A duration as the framework writes them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    static final class Span implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                if (text.strip().matches("\\d+(ms|s|m|h|d)")) { // the right form, beyond any clock
                    throw new TypeConversionException("'" + text + "' is too long: expected at most 24h (for longer, "
                            + "leave --for out and switch it off by hand)");
                }
                throw new TypeConversionException("'" + text + "' is no duration: expected a whole number and a unit, "
                        + "such as 500ms, 30s, 5m or 1h");
            }
            if (d.isZero()) {
                throw new TypeConversionException("'" + text + "' is no time at all: expected more than 0, such as "
                        + "30s");
            }
            if (d.compareTo(MAX_SPAN) > 0) {
                throw new TypeConversionException("'" + text + "' is too long: expected at most 24h (for longer, "
                        + "leave --for out and switch it off by hand)");
            }
            return d;
        }
    }

    /**
     * A process as typed: a name passes as it is (the node resolves it); a pid must have a pid's shape, {@code <0.42>}
     * or {@code 0.42}, so that {@code <0.x>} is a mistake in what was typed (status 2), found before the node is asked.
     */
    static final class ProcessName implements ITypeConverter<String> {
        private static final java.util.regex.Pattern PID = java.util.regex.Pattern.compile("<\\d+\\.\\d+>|\\d+\\.\\d+");

        @Override
        public String convert(String text) {
            boolean pidShaped = !text.isEmpty() && (text.charAt(0) == '<' || Character.isDigit(text.charAt(0)));
            if (pidShaped && !PID.matcher(text).matches()) {
                throw new TypeConversionException("'" + text + "' is no pid: expected <node.serial>, such as <0.42>");
            }
            return text;
        }
    }

    /**
     * An exit reason as typed: {@code Normal} or {@code KILL} is a slip in what was typed (status 2), found before the
     * node is asked, not a word of the operator's own that would kill the process (the node refuses it too).
     */
    static final class Reason implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            String slip = io.loomotp.sys.jmx.OperatorExit.slip(text);
            if (slip != null) {
                throw new TypeConversionException("'" + text + "': " + slip);
            }
            return text;
        }
    }

    /** How often watch mode refreshes: a duration of {@link #MIN_INTERVAL} or more, so that watching costs little. */
    static final class Interval implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration d = new Span().convert(text);
            if (d.compareTo(MIN_INTERVAL) < 0) {
                throw new TypeConversionException("'" + text + "' is too often: expected 100ms or more, such as 2s");
            }
            return d;
        }
    }

    /**
     * The longest time limit a command takes: a day. Far below what a clock in nanoseconds holds, so that no limit
     * overflows when it is added to the time now (99999999999h did, after the trace had been switched on).
     */
    static final Duration MAX_SPAN = Duration.ofHours(24);

    /** The shortest watch interval: ten frames a second. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    /** A whole number, 1 or more. */
    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            long n;
            try {
                if (!text.matches("[+-]?[0-9]+")) { // Long.parseLong takes any script's digits: ３ would be 3
                    throw new NumberFormatException(text);
                }
                n = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is no number: expected a whole number, 1 or more");
            }
            if (n < 1) {
                throw new TypeConversionException("'" + text + "' is too small: expected a whole number, 1 or more");
            }
            return n;
        }
    }

    /** What {@code top} ranks by: {@code mailbox}, {@code messages}, {@code handler-time} or {@code memory}. */
    static final class Attribute implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            try {
                Recon.Attribute.parse(text);
                return text;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + text + "' is nothing top ranks by: expected mailbox, "
                        + "messages, handler-time or memory");
            }
        }
    }
}
