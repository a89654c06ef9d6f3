package io.loomotp.runtime.internal;

/**
 * Hot-path knobs of a node, fixed when it is made. The defaults are the ones the benchmarks chose; see
 * {@code docs/adr/} for the figures behind them.
 *
 * @param handlerTimeSampleMask handler time (Erlang's reductions, for introspection and statistics) is measured on one
 *     message in {@code mask + 1}, and scaled up; {@code mask + 1} is a power of two, 0 times every message, and -1
 *     times none. Two clock reads cost about as much as the rest of a cast's handling, so by default one message in
 *     eight is timed.
 */
public record Tuning(int handlerTimeSampleMask) {
    public static final Tuning DEFAULT = new Tuning(Integer.getInteger("loomotp.handlerTimeSampleMask", 7));

    public Tuning {
        if (handlerTimeSampleMask < -1 || (handlerTimeSampleMask >= 0
                && Integer.bitCount(handlerTimeSampleMask + 1) != 1)) {
            throw new IllegalArgumentException("handlerTimeSampleMask must be -1, or one less than a power of two: "
                    + handlerTimeSampleMask);
        }
    }
}
