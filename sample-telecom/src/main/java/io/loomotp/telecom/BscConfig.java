package io.loomotp.telecom;

import io.loomotp.runtime.application.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The base-station controller's configuration, read from the application's {@link Config}: defaults, then
 * {@code config/bsc.properties}, then {@code -Dbsc.<key>=...}.
 *
 * @param frequencies the frequency pool ({@code frequencies}: {@code 10-29} or {@code 10,11,12})
 * @param phones how many simulated phones ({@code phones})
 * @param callsPerSecond the load: call attempts a second, across all phones ({@code calls_per_second})
 * @param talkTime how long a call lasts, on average ({@code talk_time})
 * @param answerTimeout how long a caller waits for an answer before giving up ({@code answer_timeout})
 * @param overloadLog the file {@code freq_overload}'s logger writes ({@code overload_log})
 * @param setUp how call set-up is regulated ({@code setup_rate}, {@code setup_max_time})
 */
public record BscConfig(List<Integer> frequencies, int phones, int callsPerSecond, Duration talkTime,
                        Duration answerTimeout, Path overloadLog, SetUpLimits setUp) {

    /**
     * How call set-up is regulated: at most {@code rate} set-ups admitted a second (0: not regulated), each waiting at
     * most {@code maxTime} for its turn before its phone is told busy.
     */
    public record SetUpLimits(double rate, Duration maxTime) {
        /** Set-up not regulated. */
        public static final SetUpLimits NONE = new SetUpLimits(0, Duration.ZERO);

        public SetUpLimits {
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("setup_rate is a number of call set-ups a second, 0 for no "
                        + "regulation, not " + rate);
            }
            if (maxTime.isNegative()) {
                throw new IllegalArgumentException("setup_max_time must not be negative: " + maxTime);
            }
        }

        public boolean regulated() {
            return rate > 0;
        }
    }

    /** Without set-up regulation. */
    public BscConfig(List<Integer> frequencies, int phones, int callsPerSecond, Duration talkTime,
                     Duration answerTimeout, Path overloadLog) {
        this(frequencies, phones, callsPerSecond, talkTime, answerTimeout, overloadLog, SetUpLimits.NONE);
    }

    /** The defaults: something interesting within a minute on a laptop. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "frequencies", "10-29",
            "phones", "200",
            "calls_per_second", "150",
            "talk_time", "500ms",
            "answer_timeout", "3s",
            "overload_log", System.getProperty("java.io.tmpdir") + "/bsc/freq_overload.log",
            "setup_rate", "1000",
            "setup_max_time", "100ms");

    public static BscConfig from(Config c) {
        return new BscConfig(parseFrequencies(c.get("frequencies")), c.getInt("phones"),
                c.getInt("calls_per_second"), c.getDuration("talk_time"), c.getDuration("answer_timeout"),
                Path.of(c.get("overload_log")),
                new SetUpLimits(Double.parseDouble(c.get("setup_rate")), c.getDuration("setup_max_time")));
    }

    /** {@code 10-29}, or {@code 10,11,12}. */
    static List<Integer> parseFrequencies(String text) {
        List<Integer> all = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            if (dash > 0) {
                int from = Integer.parseInt(p.substring(0, dash).strip());
                int to = Integer.parseInt(p.substring(dash + 1).strip());
                for (int f = from; f <= to; f++) {
                    all.add(f);
                }
            } else if (!p.isEmpty()) {
                all.add(Integer.parseInt(p));
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no frequencies in '" + text + "'");
        }
        return List.copyOf(all);
    }
}
