package io.loomotp.runtime.internal;

/** 64 bytes between the owner's part of {@link MpscMailbox} and the senders' part. */
@SuppressWarnings("unused") // padding: never read
abstract sealed class MpscMailboxPad extends MpscMailboxHead permits MpscMailbox {
    private long p1, p2, p3, p4, p5, p6, p7, p8;
}
