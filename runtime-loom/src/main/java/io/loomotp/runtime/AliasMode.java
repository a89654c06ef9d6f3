package io.loomotp.runtime;

/** How an {@link Alias} is deactivated besides its owner's death: the options of OTP's {@code alias/1}. */
public enum AliasMode {
    /** Only by {@link Process#unalias}: OTP's {@code explicit_unalias}, the default. */
    EXPLICIT_UNALIAS,
    /** Also by the first message sent through it, which is delivered: OTP's {@code reply}. */
    REPLY,
    /**
     * Of a monitor's alias ({@link Process#monitorWithAlias}): also when the monitor ends, by its {@code Down} or by
     * {@code demonitor}: OTP's {@code {alias, demonitor}}.
     */
    DEMONITOR,
    /** As {@link #DEMONITOR}, and also by the first message through it, which also ends the monitor. */
    REPLY_DEMONITOR
}
