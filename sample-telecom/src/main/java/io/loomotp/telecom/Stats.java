package io.loomotp.telecom;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulated phones saw: each call attempt's outcome, counted. */
public final class Stats {
    public final AtomicLong attempts = new AtomicLong();
    public final AtomicLong setUp = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    public final AtomicLong busy = new AtomicLong();
    /** Of {@link #busy}, the attempts that call set-up's regulator turned away ({@link CallAdmission}). */
    public final AtomicLong busyOverload = new AtomicLong();
    /** From dialling to the call being set up ({@code Accepted}), for each call set up. */
    public final Latencies setUpLatency = new Latencies();
    public final AtomicLong invalid = new AtomicLong();
    public final AtomicLong noFrequency = new AtomicLong();
    public final AtomicLong noAnswer = new AtomicLong();
    /** Attempts that ended because the other side hung up or was lost before the call was set up. */
    public final AtomicLong hungUp = new AtomicLong();
    /** Attempts whose own controller died before an outcome came: the outcome is known, it was lost with it. */
    public final AtomicLong dropped = new AtomicLong();
    /** Attempts that got no outcome at all in time: must stay 0. */
    public final AtomicLong lost = new AtomicLong();
    /** Calls set up and then ended by a hang-up, on either side. Counted by the caller, as {@link #setUp} is. */
    public final AtomicLong completed = new AtomicLong();
    /**
     * Calls cut because the caller's own controller died while connected. Counted by the caller, so that once every
     * phone is idle, {@code completed + cut == setUp}.
     */
    public final AtomicLong cut = new AtomicLong();
    /** Phone controllers the phones had to find again after theirs died. */
    public final AtomicLong reconnects = new AtomicLong();

    /** Attempts with an outcome; equals {@link #attempts} when no attempt is pending. */
    public long outcomes() {
        return setUp.get() + rejected.get() + busy.get() + invalid.get() + noFrequency.get() + noAnswer.get()
                + hungUp.get() + dropped.get() + lost.get();
    }
}
