package io.loomotp.telecom;

import io.loomotp.sys.cli.Shell;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The console's {@code chaos} command: starts the sample's chaos monkey at a rate ({@code chaos 2/s}), changes it,
 * stops it ({@code chaos off}), or (alone) says what it did. A rate it cannot read is refused by picocli before the
 * command runs, with one line, so nothing is half-done.
 */
@Command(name = "chaos", customSynopsis = "chaos [RATE|off]",
        description = "kill random phone controllers, frequency and freq_overload at a rate (such as 2/s, 30/m), "
                + "within the supervisors' restart intensities; off stops it; alone, what it did")
final class ChaosCommand implements Runnable {
    private final Chaos chaos;
    private final Shell shell;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RATE|off", converter = RateOrOff.class,
            description = "kills a second, minute or hour (2/s, 30/m, 1/h), or off")
    Chaos.Rate rate;

    /** Set by picocli when {@code off} was typed. */
    private static final Chaos.Rate OFF = new Chaos.Rate(0, "off");

    ChaosCommand(Chaos chaos, Shell shell) {
        this.chaos = chaos;
        this.shell = shell;
    }

    /** A rate as {@link Chaos.Rate#parse} reads it, or {@code off}. */
    static final class RateOrOff implements ITypeConverter<Chaos.Rate> {
        @Override
        public Chaos.Rate convert(String text) {
            if (text.equals("off")) {
                return OFF;
            }
            try {
                return Chaos.Rate.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public void run() {
        Chaos.Rate now = rate;
        rate = null; // picocli reuses this object for the next line: a bare "chaos" must not repeat this one
        if (now == null) {
            Chaos.Rate running = chaos.rate();
            shell.answer("chaos " + (running == null ? "off" : "at " + running) + ": " + chaos.counts());
        } else if (now == OFF) {
            chaos.rate(null);
            shell.answer("chaos off: " + chaos.counts());
        } else {
            chaos.rate(now);
            shell.answer("chaos at " + now + ": killing a random phone controller, frequency or freq_overload, "
                    + "within the supervisors' restart intensities (chaos off stops it)");
        }
    }
}
