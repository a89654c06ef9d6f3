package io.loomotp.runtime;

/**
 * The answer to an asynchronous request ({@link RequestId}), as it arrives in the mailbox of the process that sent
 * it: OTP's {@code {reply, Reply}} or {@code {error, {Reason, ServerRef}}}. Like a {@link Down}, it is made by the
 * runtime and never refused by a bounded mailbox.
 *
 * <p>A behaviour that sends requests from its handlers receives their responses as info messages:
 * <pre>{@code
 * case Response r when r.id() == pending -> use(r.get());
 * }</pre>
 */
public sealed interface Response {
    /** The request this answers. */
    RequestId id();

    /**
     * The reply (which may be null), or the failure thrown: {@link ProcessExitException} if the server ended before
     * it replied, {@link NoProcessException} if it was dead when the request was sent, {@link MailboxFullException}
     * if its bounded mailbox refused or dropped the request.
     */
    Object get();

    /** The server replied with {@code value}. */
    record Reply(RequestId id, Object value) implements Response {
        @Override
        public Object get() {
            return value;
        }
    }

    /** The request failed: {@code exception} says why. */
    record Failed(RequestId id, RuntimeException exception) implements Response {
        public Failed {
            java.util.Objects.requireNonNull(exception, "exception");
        }

        @Override
        public Object get() {
            throw exception;
        }
    }
}
