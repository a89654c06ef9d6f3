package io.loomotp.runtime;

/**
 * A system message, as a plain process sees it in {@link Process#receive()}: OTP's {@code {system, From, Msg}}. It
 * comes from the sys protocol ({@code SysCalls}, {@code Sys}): a request to trace, log, report status, suspend
 * and so on. A special process does not look inside: it hands the message to
 * {@code io.loomotp.runtime.proc.SysDebug#handleSystemMessage}, which answers it. Behaviours never see this type:
 * their loop answers system messages itself.
 *
 * @param request the request, opaque
 * @param from the sys caller, answered by the runtime; never answer it yourself
 */
public record SystemMessage(Object request, From from) {}
