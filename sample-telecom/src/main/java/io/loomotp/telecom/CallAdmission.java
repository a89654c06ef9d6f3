package io.loomotp.telecom;

import io.loomotp.metrics.NodeSampler;
import io.loomotp.metrics.regulation.Feedback;
import io.loomotp.metrics.regulation.QueueSpec;
import io.loomotp.metrics.regulation.QueueStats;
import io.loomotp.metrics.regulation.RejectedException;
import io.loomotp.metrics.regulation.Regulator;
import io.loomotp.metrics.regulation.Ticket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Call set-up's admission control at the base-station controller's edge (Designing for Scalability, chapter 15): a
 * phone controller asks the regulated queue {@value #QUEUE} before it sets up an outbound call, as an Erlang
 * controller would call {@code jobs:ask/1}; it waits for its turn (the controller is blocked, as the asking process
 * is in {@code jobs}), and when the queue rejects it (its maximum time ran out, or the system is so loaded that the
 * feedback stopped admission) the phone is told busy. The feedback is {@value #STRESS}: the messages waiting in all
 * the node's mailboxes, sampled by a {@link NodeSampler}, each level of which lowers the admitted rate by
 * {@value #PERCENT_PER_LEVEL}%.
 *
 * <p>It owns the regulator (and its ticking thread), not the sampler; it is closed with the application, or with
 * the sampler when the node is closed without stopping the application. Thread-safe: every controller calls
 * {@link #admit()} on its own thread.
 */
public final class CallAdmission implements AutoCloseable {
    /** The regulated queue's name: {@code loomotp.regulator.*{queue="call_setup"}}. */
    public static final String QUEUE = "call_setup";
    /** The feedback's name. */
    public static final String STRESS = "waiting_messages";
    static final int PERCENT_PER_LEVEL = 20;
    /**
     * How long a phone turned away must wait before it tries again: the back-pressure half of regulation, as a GSM
     * BSC's wait indication (T3122). Without it a rejected phone dials again at once, and rejections alone keep the
     * node as busy as the calls they turned away.
     */
    public static final java.time.Duration WAIT_INDICATION = java.time.Duration.ofSeconds(1);

    /** No regulation: every set-up goes ahead. */
    public static final CallAdmission NONE = new CallAdmission(null);

    private final Regulator regulator;
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLong longestWait = new AtomicLong();

    private CallAdmission(Regulator regulator) {
        this.regulator = regulator;
    }

    /**
     * A regulator for call set-up under these limits, fed by {@code sampler}: its levels are the waiting messages per
     * phone (1, 2, 4, 8 and 16 of them a phone), so that dampening starts where the phones' own traffic no longer
     * explains the queues. {@link #NONE} if the limits do not regulate.
     */
    public static CallAdmission start(BscConfig.SetUpLimits limits, int phones, NodeSampler sampler) {
        if (!limits.regulated()) {
            return NONE;
        }
        // more waiting than the rate serves within the maximum time would be rejected at that time: reject at once
        int maxSize = (int) Math.max(1, Math.ceil(limits.rate() * limits.maxTime().toNanos() / 1e9));
        Regulator r = Regulator.create().addQueue(QueueSpec.named(QUEUE).rate(limits.rate())
                .maxTime(limits.maxTime()).maxSize(maxSize).modifier(STRESS, PERCENT_PER_LEVEL).build());
        double p = Math.max(1, phones);
        r.attach(sampler, new Feedback(STRESS, s -> s.waitingMessages(), p, 2 * p, 4 * p, 8 * p, 16 * p));
        CallAdmission admission = new CallAdmission(r.start());
        sampler.onClose(admission::close); // a node closed without stopping bsc leaves no ticking thread behind
        return admission;
    }

    /**
     * Waits for this set-up's turn: true to go ahead, false if it was rejected (counted: answer the phone busy).
     * Called by a phone controller, on its own thread; blocks it up to the queue's maximum time.
     */
    public boolean admit() {
        if (regulator == null) {
            return true;
        }
        Ticket t = regulator.ask(QUEUE);
        try {
            t.await();
            longestWait.accumulateAndGet(t.queueTime().toNanos(), Math::max);
            return true;
        } catch (RejectedException e) {
            busy.incrementAndGet();
            return false;
        } catch (InterruptedException killed) {
            Thread.currentThread().interrupt(); // the controller is being killed: nothing it sends gets out
            return false;
        } finally {
            t.done();
        }
    }

    /** Whether set-up is regulated. */
    public boolean regulated() {
        return regulator != null;
    }

    /** Set-ups rejected, each answered busy. */
    public long rejected() {
        return busy.get();
    }

    /** The longest an admitted set-up waited for its turn: never more than the queue's maximum time. */
    public java.time.Duration longestWait() {
        return java.time.Duration.ofNanos(longestWait.get());
    }

    /** The queue's figures; null when not regulated. */
    public QueueStats stats() {
        return regulator == null ? null : regulator.stats(QUEUE);
    }

    /** The regulator, to bind its meters; null when not regulated. */
    public Regulator regulator() {
        return regulator;
    }

    /** Stops the regulator: a set-up still waiting is rejected. */
    @Override
    public void close() {
        if (regulator != null) {
            regulator.close();
        }
    }
}
