package io.loomotp.telecom;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulated phones saw: each call attempt's outcome, counted. */
public final class Stats {
    public final AtomicLong attempts = new AtomicLong();
    public final AtomicLong setUp = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    public final AtomicLong busy = new AtomicLong();
    public final AtomicLong invalid = new AtomicLong();
    public final AtomicLong noFrequency = new AtomicLong();
    public final AtomicLong noAnswer = new AtomicLong();
    /** Attempts that ended because the other side hung up or was lost before the call was set up. */
    public final AtomicLong hungUp = new AtomicLong();
    /** Attempts whose own controller died before an outcome came: the outcome is known, it was lost with it. */
    public final AtomicLong dropped = new AtomicLong();
    /** Attempts that got no outcome at all in time: must stay 0. */
    public final AtomicLong lost = new AtomicLong();
    /** Calls set up and then ended. */
    public final AtomicLong completed = new AtomicLong();
    /** Calls cut by a lost controller while connected. */
    public final AtomicLong cut = new AtomicLong();
    /** Phone controllers the phones had to find again after theirs died. */
    public final AtomicLong reconnects = new AtomicLong();

    /** Attempts with an outcome; equals {@link #attempts} when no attempt is pending. */
    public long outcomes() {
        return setUp.get() + rejected.get() + busy.get() + invalid.get() + noFrequency.get() + noAnswer.get()
                + hungUp.get() + dropped.get() + lost.get();
    }
}
