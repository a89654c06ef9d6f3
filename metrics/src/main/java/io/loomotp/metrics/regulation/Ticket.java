package io.loomotp.metrics.regulation;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One request's place in a regulated queue: {@code jobs:ask/1}'s answer, which comes at once ({@link State#GRANTED} or
 * {@link State#REJECTED}) or later, when the queue's regulators let it through or its maximum time is up. A granted
 * ticket is given back with {@link #done()} ({@code jobs:done/1}), which frees its place under a counter regulator.
 *
 * <p>Thread-safe. The regulator moves a ticket from {@code WAITING} to {@code GRANTED} or {@code REJECTED}, under its
 * queue's lock; the asker waits with {@link #await}, and calls {@link #done()} once, from any thread.
 */
public final class Ticket {
    /** Where a request is. */
    public enum State { WAITING, GRANTED, REJECTED, DONE }

    private final JobQueue queue;
    final long enqueuedAt;
    /** The process that asked, and its node, or null for a plain thread: its death gives the place back. */
    final io.loomotp.runtime.Pid holder;
    final io.loomotp.runtime.Node holderNode;
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile State state = State.WAITING;
    private volatile RejectedException.Reason rejection;
    private volatile long decidedAt;

    Ticket(JobQueue queue, long enqueuedAt) {
        this.queue = queue;
        this.enqueuedAt = enqueuedAt;
        boolean inProcess = io.loomotp.runtime.Process.isProcess();
        this.holder = inProcess ? io.loomotp.runtime.Process.self() : null;
        this.holderNode = inProcess ? io.loomotp.runtime.Process.node() : null;
    }

    /** True if a process asked for it and has ended: jobs' {@code 'DOWN'} of the holder. */
    boolean holderDied() {
        return holder != null && !holderNode.isAlive(holder);
    }

    /** The queue's name. */
    public String queue() {
        return queue.name();
    }

    public State state() {
        return state;
    }

    /** Why it was rejected, or null. */
    public RejectedException.Reason rejection() {
        return rejection;
    }

    /** How long it waited in the queue, once granted or rejected; until then, zero. */
    public Duration queueTime() {
        return state == State.WAITING ? Duration.ZERO : Duration.ofNanos(decidedAt - enqueuedAt);
    }

    /**
     * Waits until the queue grants or rejects the request.
     *
     * @throws RejectedException if it was rejected
     * @throws InterruptedException if the thread was interrupted while waiting; the request leaves the queue
     */
    public void await() throws InterruptedException {
        try {
            decided.await();
        } catch (InterruptedException e) {
            queue.withdraw(this);
            throw e;
        }
        throwIfRejected();
    }

    /**
     * Waits up to {@code timeout} for the queue's decision.
     *
     * @return true if granted, false if still waiting (it stays in the queue)
     * @throws RejectedException if it was rejected
     */
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            if (!decided.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            queue.withdraw(this);
            throw e;
        }
        throwIfRejected();
        return true;
    }

    private void throwIfRejected() {
        if (state == State.REJECTED) {
            throw new RejectedException(queue.name(), rejection);
        }
    }

    /**
     * Gives the ticket back, whatever its state: a granted one frees its place (the job is done); one still waiting
     * leaves the queue, as an asker that gave up after {@link #await(Duration)} returned false must. Does nothing for
     * a rejected ticket, or twice. A ticket asked for by a process that ends without giving it back is given back for
     * it when the queue's counter is full and the queue next looks (an ask, a done, or a tick), as jobs does on the
     * holder's {@code 'DOWN'}; a plain thread must give it back itself.
     */
    public void done() {
        queue.withdraw(this);
    }

    // --- under the queue's lock -----------------------------------------------------------------------------------

    void grant(long now) {
        decidedAt = now;
        state = State.GRANTED;
        decided.countDown();
    }

    void reject(long now, RejectedException.Reason reason) {
        decidedAt = now;
        rejection = reason;
        state = State.REJECTED;
        decided.countDown();
    }

    boolean finish() {
        if (state != State.GRANTED) {
            return false;
        }
        state = State.DONE;
        return true;
    }

    @Override
    public String toString() {
        return "Ticket[" + queue.name() + ", " + state + (rejection == null ? "" : " " + rejection.tag()) + "]";
    }
}
