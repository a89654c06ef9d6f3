package io.loomotp.runtime;

/**
 * A call, as a plain process sees it in {@link Process#receive()}: the request and the slot to answer it through.
 * Behaviours never see this type: their loop dispatches calls to their handlers.
 *
 * @param request the request, as sent
 * @param from the caller; answer with {@code from.reply(value)}
 */
public record CallRequest(Object request, From from) {}
