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

    record Busy(String to) implements PhoneReply {}

    /** No phone has that number. */
    record Invalid(String to) implements PhoneReply {}

    /** No frequency was free to connect the call. */
    record NoFrequency(String peer) implements PhoneReply {}

    /** Nobody answered in time. */
    record NoAnswer(String to) implements PhoneReply {}

    /** The other side hung up, or was lost. */
    record Hangup(String peer) implements PhoneReply {}
}
