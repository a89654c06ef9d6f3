package io.loomotp.runtime.internal;

/**
 * Hot-path knobs of a node, fixed when it is made. The defaults are the ones the benchmarks chose; see
 * {@code docs/adr/} for the figures behind them.
 *
 * @param receiveSpins how many times a process polls its empty mailbox before it parks
 * @param callSpins how many times a caller polls for its reply before it parks
 * @param handlerTiming whether each handler's time is measured for introspection (two clock reads a message)
 */
public record Tuning(int receiveSpins, int callSpins, boolean handlerTiming) {
    public static final Tuning DEFAULT = new Tuning(
            Integer.getInteger("loomotp.receiveSpins", 0),
            Integer.getInteger("loomotp.callSpins", 0),
            !Boolean.getBoolean("loomotp.noHandlerTiming"));
}
