package io.loomotp.runtime.ets;

import io.loomotp.runtime.OtpException;

/**
 * A table operation that ETS refuses with {@code badarg}: the table was deleted, the caller may not read or write it,
 * a name is taken, a counter is not a number, a key cannot be ordered. The message says which.
 */
public final class EtsException extends OtpException {
    private static final long serialVersionUID = 1L;

    public EtsException(String message) {
        super(message);
    }
}
