package io.loomotp.runtime;

/** How an {@link Alias} is deactivated besides its owner's death: the options of OTP's {@code alias/1}. */
public enum AliasMode {
    /** Only by {@link Process#unalias}: OTP's {@code explicit_unalias}, the default. */
    EXPLICIT_UNALIAS,
    /** Also by the first message sent through it, which is delivered: OTP's {@code reply}. */
    REPLY
}
