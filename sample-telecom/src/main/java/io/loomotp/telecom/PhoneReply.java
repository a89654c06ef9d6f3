package io.loomotp.telecom;

/**
 * What a phone controller tells its phone: the book's {@code phone:reply/2} events. Every call attempt of a phone
 * gets exactly one of {@link Accepted}, {@link Rejected}, {@link Busy}, {@link Invalid}, {@link NoFrequency},
 * {@link NoAnswer} or {@link Hangup}.
 */
public sealed interface PhoneReply {
    /** Someone is calling. */
    record Inbound(String from) implements PhoneReply {}

    /** The call we made was accepted; we talk on this frequency. */
    record Accepted(String to, int frequency) implements PhoneReply {}

    /** We accepted a call, and it is connected on this frequency. */
    record Connected(String with, int frequency) implements PhoneReply {}

    record Rejected(String to) implements PhoneReply {}

    /**
     * The other phone is busy; or the controller's call set-up queue turned the call away, and the phone must not try
     * again for {@code waitMillis} (GSM's wait indication, T3122, which a BSC sends with an immediate assignment
     * reject under congestion: 3GPP TS 44.018 §3.3.1.1.3.2). A phone shows both as busy.
     */
    record Busy(String to, long waitMillis) implements PhoneReply {
        public Busy(String to) {
            this(to, 0);
        }

        /** Whether set-up's regulation turned the call away. */
        public boolean overload() {
            return waitMillis > 0;
        }
    }

    /** No phone has that number. */
    record Invalid(String to) implements PhoneReply {}

    /** No frequency was free to connect the call. */
    record NoFrequency(String peer) implements PhoneReply {}

    /** Nobody answered in time. */
    record NoAnswer(String to) implements PhoneReply {}

    /** The other side hung up, or was lost. */
    record Hangup(String peer) implements PhoneReply {}
}
