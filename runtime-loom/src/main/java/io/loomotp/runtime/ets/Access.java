package io.loomotp.runtime.ets;

/** Who may read and write a table: ETS's {@code public}, {@code protected} (the default) and {@code private}. */
public enum Access {
    /** Every process reads and writes. */
    PUBLIC,
    /** Every process reads; only the owner writes. */
    PROTECTED,
    /** Only the owner reads and writes. */
    PRIVATE
}
