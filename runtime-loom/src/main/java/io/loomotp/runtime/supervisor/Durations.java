package io.loomotp.runtime.supervisor;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as annotations write them: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, {@code 1d}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the forms accepted, or saying that the time is longer than the runtime's
     *     clocks hold (about 292 years)
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write a whole number and a unit, "
                    + "as 500ms, 5s, 1m, 1h or 1d");
        }
        try {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            d.toNanos(); // the runtime's clocks count nanoseconds in a long
            return d;
        } catch (NumberFormatException | ArithmeticException tooLong) {
            throw new IllegalArgumentException("'" + text + "' is too long: at most about 292 years (nanoseconds in a "
                    + "long)");
        }
    }
}
