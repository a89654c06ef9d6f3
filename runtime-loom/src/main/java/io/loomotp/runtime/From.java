package io.loomotp.runtime;

/**
 * The caller of one pending call, untyped: OTP's {@code From}. A {@code @Call} handler that declares a {@code From}
 * parameter learns who called ({@link #pid()}) and may answer later through {@link #reply(Object)}; see
 * {@link ReplyTo} for the rules.
 */
public interface From extends ReplyTo<Object> {

    /** The same slot, typed. The runtime does not check {@code T}: the caller's cast does. */
    @SuppressWarnings("unchecked")
    default <T> ReplyTo<T> typed() {
        return (ReplyTo<T>) (ReplyTo<?>) this;
    }
}
