package io.loomotp.metrics.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.metrics.ManualClock;
import io.loomotp.metrics.regulation.RejectedException.Reason;
import io.loomotp.metrics.regulation.Ticket.State;
import io.loomotp.runtime.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The regulator's limits, each under a manual clock: rate, counter, maximum time, maximum size and feedback. */
class RegulatorTest {
    private final ManualClock clock = new ManualClock();
    private final Regulator regulator = Regulator.create(clock);
    // every test here provokes rejections, which the regulator logs (rate-limited) at WARN: keep them for the tests
    private final LogCapture.Capture log = LogCapture.capture("io.loomotp.regulator");

    @AfterEach
    void tearDown() {
        regulator.close();
        log.close();
    }

    private List<Ticket> ask(String queue, int n) {
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tickets.add(regulator.ask(queue));
        }
        return tickets;
    }

    private static long count(List<Ticket> tickets, State state) {
        return tickets.stream().filter(t -> t.state() == state).count();
    }

    private void tickAfter(Duration d) {
        clock.advance(d);
        regulator.tick();
    }

    @Test
    void rate_admitsEvenlySpacedRequestsAndNoBurstAfterIdleness() {
        regulator.addQueue(QueueSpec.named("q").rate(4).build()); // one every 250 ms
        List<Ticket> t = ask("q", 5);
        assertThat(count(t, State.GRANTED)).isEqualTo(1);
        tickAfter(Duration.ofMillis(249));
        assertThat(count(t, State.GRANTED)).isEqualTo(1);
        tickAfter(Duration.ofMillis(1));
        assertThat(count(t, State.GRANTED)).isEqualTo(2);
        // a long pause does not bank slots: one per tick at most, then one per 250 ms
        tickAfter(Duration.ofSeconds(10));
        assertThat(count(t, State.GRANTED)).isEqualTo(3);
        tickAfter(Duration.ofMillis(100));
        assertThat(count(t, State.GRANTED)).isEqualTo(3);
        tickAfter(Duration.ofMillis(150));
        assertThat(count(t, State.GRANTED)).isEqualTo(4);
        assertThat(t.get(1).queueTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(regulator.stats("q").waiting()).isEqualTo(1);
    }

    @Test
    void counter_admitsUpToTheLimitAndTheNextWhenOneIsDone() {
        regulator.addQueue(QueueSpec.named("q").counter(2).build());
        List<Ticket> t = ask("q", 4);
        assertThat(t).extracting(Ticket::state)
                .containsExactly(State.GRANTED, State.GRANTED, State.WAITING, State.WAITING);
        t.get(0).done();
        assertThat(t.get(2).state()).isEqualTo(State.GRANTED);
        assertThat(t.get(3).state()).isEqualTo(State.WAITING);
        t.get(0).done(); // twice: nothing more
        assertThat(t.get(3).state()).isEqualTo(State.WAITING);
        assertThat(regulator.stats("q").running()).isEqualTo(2);
    }

    /** jobs monitors the holder of a counter's place and gives it back on its 'DOWN' (jobs_server's restore_counters). */
    @Test
    void counter_aPlaceHeldByAProcessThatDies_isGivenBackWhenTheQueueNextLooks() {
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        try (io.loomotp.runtime.Node node = io.loomotp.runtime.Node.create("reg")) {
            java.util.concurrent.CompletableFuture<Ticket> held = new java.util.concurrent.CompletableFuture<>();
            io.loomotp.runtime.Pid holder = node.spawn(() -> {
                held.complete(regulator.ask("q"));
                io.loomotp.runtime.Process.receive(); // holds the place until killed, never calls done
            });
            assertThat(held.join().state()).isEqualTo(State.GRANTED);
            Ticket fromThread = regulator.ask("q");
            assertThat(fromThread.state()).isEqualTo(State.WAITING);
            node.exit(holder, io.loomotp.runtime.ExitReason.KILL);
            io.loomotp.runtime.testing.Await.until(() -> !node.isAlive(holder), "the holder is dead");
            Ticket next = regulator.ask("q"); // the queue looks: the dead holder's place is given back
            assertThat(fromThread.state()).isEqualTo(State.GRANTED);
            assertThat(next.state()).isEqualTo(State.WAITING);
            assertThat(regulator.stats("q").running()).isEqualTo(1);
            fromThread.done(); // a thread's ticket is its own to give back
            assertThat(next.state()).isEqualTo(State.GRANTED);
        }
    }

    /** A user study: the dead asker's waiting ticket was granted, counted as admitted, and only then given back. */
    @Test
    void counter_aWaitingTicketOfAProcessThatDied_isWithdrawnNotAdmitted() {
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        try (io.loomotp.runtime.Node node = io.loomotp.runtime.Node.create("reg")) {
            Ticket first = regulator.ask("q");
            java.util.concurrent.CompletableFuture<Ticket> asked = new java.util.concurrent.CompletableFuture<>();
            io.loomotp.runtime.Pid asker = node.spawn(() -> {
                asked.complete(regulator.ask("q"));
                io.loomotp.runtime.Process.receive(); // waits in the queue until killed
            });
            Ticket dead = asked.join();
            assertThat(dead.state()).isEqualTo(State.WAITING);
            Ticket live = regulator.ask("q");
            node.exit(asker, io.loomotp.runtime.ExitReason.KILL);
            io.loomotp.runtime.testing.Await.until(() -> !node.isAlive(asker), "the asker is dead");
            first.done();
            assertThat(dead.rejection()).isEqualTo(Reason.WITHDRAWN);
            assertThat(live.state()).isEqualTo(State.GRANTED);
            assertThat(regulator.stats("q").admitted()).isEqualTo(2); // first and live, not the dead one's
            assertThat(regulator.stats("q").running()).isEqualTo(1);
            live.done();
        }
    }

    @Test
    void maxTime_rejectsWhatWaitedTooLongRatherThanServeItLate() {
        regulator.addQueue(QueueSpec.named("q").rate(1).maxTime(Duration.ofMillis(1500)).build());
        List<Ticket> t = ask("q", 4);
        tickAfter(Duration.ofSeconds(1));
        assertThat(t).extracting(Ticket::state)
                .containsExactly(State.GRANTED, State.GRANTED, State.WAITING, State.WAITING);
        tickAfter(Duration.ofMillis(500)); // waited exactly 1.5 s: still served
        assertThat(t.get(2).state()).isEqualTo(State.WAITING);
        tickAfter(Duration.ofMillis(1)); // waited longer than 1.5 s, before its slot at 2 s: rejected, not late
        assertThat(t.get(2).state()).isEqualTo(State.REJECTED);
        assertThat(t.get(3).state()).isEqualTo(State.REJECTED);
        assertThat(t.get(3).rejection()).isEqualTo(Reason.MAX_TIME);
        assertThat(t.get(3).queueTime()).isEqualTo(Duration.ofMillis(1501));
        QueueStats s = regulator.stats("q");
        assertThat(s.admitted()).isEqualTo(2);
        assertThat(s.rejectedMaxTime()).isEqualTo(2);
        assertThat(s.waiting()).isZero();
    }

    @Test
    void maxSize_rejectsAtOnceWhenTheQueueIsFull() {
        regulator.addQueue(QueueSpec.named("q").counter(1).maxSize(2).build());
        List<Ticket> t = ask("q", 5);
        assertThat(t).extracting(Ticket::state).containsExactly(State.GRANTED, State.WAITING, State.WAITING,
                State.REJECTED, State.REJECTED);
        assertThat(t.get(4).rejection()).isEqualTo(Reason.QUEUE_FULL);
        assertThat(regulator.stats("q").rejectedFull()).isEqualTo(2);
        assertThatThrownBy(() -> regulator.run("q", () -> "never"))
                .isInstanceOf(RejectedException.class).hasMessage("rejected by queue q (queue_full)");
        // rejections are never silent: the operator reads them in the log
        assertThat(log.events()).isNotEmpty()
                .allMatch(e -> e.message().startsWith("queue q rejected ") && e.message().contains(" full, "));
    }

    /** jobs_server's Preset - round(Corr * Preset / 100): a counter of 1 at 25% stays 1 (it was floored to 0). */
    @Test
    void feedback_aPartialDampeningOfASmallCounter_roundsAsJobsDoes() {
        regulator.addQueue(QueueSpec.named("d").counter(1).modifier("load", 25).build());
        regulator.feedback("load", 1);
        assertThat(regulator.stats("d").counterLimit()).isEqualTo(1);
        assertThat(regulator.ask("d").state()).isEqualTo(State.GRANTED);
        regulator.feedback("load", 4);
        assertThat(regulator.stats("d").counterLimit()).isZero();
    }

    /** A closed regulator decides nothing more: a request after close is rejected at once, not left waiting. */
    @Test
    void ask_afterClose_isRejectedAtOnce() {
        regulator.addQueue(QueueSpec.named("s").rate(2).maxTime(Duration.ofMillis(200)).build());
        regulator.close();
        Ticket t = regulator.ask("s");
        assertThat(t.state()).isEqualTo(State.REJECTED);
        assertThatThrownBy(() -> regulator.run("s", () -> "never")).isInstanceOf(RejectedException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void feedback_lowersTheLimitsPerLevelAndRestoresThem() {
        regulator.addQueue(QueueSpec.named("q").rate(10).counter(8).modifier("mailbox", 25).build());
        regulator.feedback("mailbox", 2); // 2 levels of 25%: half
        assertThat(regulator.stats("q").rateLimit()).isEqualTo(5);
        assertThat(regulator.stats("q").counterLimit()).isEqualTo(4);
        regulator.feedback("mailbox", 5); // more than 100%: nothing admitted
        assertThat(regulator.stats("q").rateLimit()).isZero();
        List<Ticket> t = ask("q", 2);
        tickAfter(Duration.ofSeconds(5));
        assertThat(count(t, State.GRANTED)).isZero();
        regulator.feedback("mailbox", 0);
        assertThat(regulator.stats("q").rateLimit()).isEqualTo(10);
        assertThat(count(t, State.GRANTED)).isEqualTo(1); // restored: admitted at once, the next 100 ms later
        tickAfter(Duration.ofMillis(100));
        assertThat(count(t, State.GRANTED)).isEqualTo(2);
        regulator.feedback("unrelated", 3);
        assertThat(regulator.stats("q").rateLimit()).isEqualTo(10);
    }

    @Test
    void bindTo_makesRejectionsVisibleAsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        regulator.addQueue(QueueSpec.named("setup").rate(1).maxSize(1).maxTime(Duration.ofMillis(500)).build());
        regulator.bindTo(registry);
        ask("setup", 3); // one admitted, one waiting, one rejected: full
        tickAfter(Duration.ofMillis(600)); // the waiting one: max time
        assertThat(registry.get("loomotp.regulator.admitted").tag("queue", "setup").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("loomotp.regulator.rejected").tags("queue", "setup", "reason", "queue_full")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("loomotp.regulator.rejected").tags("queue", "setup", "reason", "max_time")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("loomotp.regulator.waiting").tag("queue", "setup").gauge().value()).isZero();
        assertThat(registry.get("loomotp.regulator.rate.limit").tag("queue", "setup").gauge().value()).isEqualTo(1);
        assertThat(registry.get("loomotp.regulator.queue.time").tag("queue", "setup").functionTimer()
                .totalTime(TimeUnit.MILLISECONDS)).isZero();
        // a queue added after binding gets its meters too
        regulator.addQueue(QueueSpec.named("later").counter(1).build());
        assertThat(registry.find("loomotp.regulator.admitted").tag("queue", "later").functionCounter()).isNotNull();
    }

    @Test
    void await_isGrantedWhenAnotherRequestIsDone() throws Exception {
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        Ticket first = regulator.ask("q");
        Ticket second = regulator.ask("q");
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                second.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        first.done();
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        assertThat(second.state()).isEqualTo(State.GRANTED);
    }

    /** An asker that gives up on a waiting ticket hands it back with done(): its place does not stay taken. */
    @Test
    void done_onAWaitingTicket_leavesTheQueue_andTheNextOneIsServed() throws Exception {
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        Ticket first = regulator.ask("q");
        Ticket second = regulator.ask("q");
        Ticket third = regulator.ask("q");
        assertThat(second.await(Duration.ofMillis(1))).isFalse(); // the asker gives up
        second.done();
        assertThat(second.rejection()).isEqualTo(Reason.WITHDRAWN);
        first.done();
        assertThat(third.state()).isEqualTo(State.GRANTED);
        assertThat(regulator.stats("q").running()).isEqualTo(1);
        assertThat(regulator.stats("q").waiting()).isZero();
    }

    @Test
    void named_nullOrBlank_isRefusedAtOnce() {
        assertThatThrownBy(() -> QueueSpec.named(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("a queue needs a name, not null");
        assertThatThrownBy(() -> QueueSpec.named(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a queue needs a name");
    }

    @Test
    void counter_belowOne_isRefused_sayingSo() {
        assertThatThrownBy(() -> QueueSpec.named("x").counter(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue x: a counter limit is at least 1, not 0 (for no counter regulator, leave counter "
                        + "out)");
    }

    @Test
    void await_interrupted_leavesTheQueueAsWithdrawn() throws Exception {
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        regulator.ask("q");
        Ticket second = regulator.ask("q");
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                second.await();
            } catch (InterruptedException expected) {
                // the ticket has left the queue
            }
        });
        waiter.interrupt();
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        assertThat(second.rejection()).isEqualTo(Reason.WITHDRAWN);
        assertThat(regulator.stats("q").waiting()).isZero();
        // the asker gave up: counted, not warned of as the queue's refusal (a new user's finding)
        assertThat(log.events()).noneMatch(e -> e.message().contains("rejected"));
    }

    @Test
    void run_runsTheJobAndGivesItsPlaceBack() throws Exception {
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        assertThat(regulator.run("q", () -> "done")).isEqualTo("done");
        assertThat(regulator.stats("q").running()).isZero();
        assertThatThrownBy(() -> regulator.run("q", () -> {
            throw new IllegalStateException("job failed");
        })).hasMessage("job failed");
        assertThat(regulator.stats("q").running()).isZero();
        assertThat(regulator.stats("q").admitted()).isEqualTo(2);
    }

    @Test
    void start_tickingThreadAdmitsByRateOnTheSystemClock() throws Exception {
        try (Regulator real = Regulator.create()) {
            real.addQueue(QueueSpec.named("q").rate(1000).build()).start();
            List<Ticket> t = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                t.add(real.ask("q"));
            }
            for (Ticket x : t) {
                assertThat(x.await(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(real.stats("q").admitted()).isEqualTo(20);
        }
    }

    @Test
    void ask_onTheSystemClockWithoutStart_isRefusedNotLeftWaiting() throws Exception {
        try (Regulator real = Regulator.create()) {
            real.addQueue(QueueSpec.named("q").rate(1).build());
            assertThatThrownBy(() -> real.ask("q")).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the regulator is not started: call start()");
            assertThatThrownBy(() -> real.run("q", () -> 1)).isInstanceOf(IllegalStateException.class);
            assertThat(real.stats("q").admitted()).isZero();
            real.start();
            assertThat(real.run("q", () -> 1)).isEqualTo(1); // nothing of the refused asks was left queued
        }
    }

    @Test
    void close_rejectsWhatWaits() {
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        List<Ticket> t = ask("q", 2);
        regulator.close();
        assertThat(t.get(1).rejection()).isEqualTo(Reason.CLOSED);
        assertThat(regulator.stats("q").rejectedClosed()).isEqualTo(1);
        assertThat(regulator.ask("q").rejection()).isEqualTo(Reason.CLOSED); // asked after
    }

    /** A user study: a queue added after close admitted its requests; a closed regulator takes no queue or meters. */
    @Test
    void close_thenAddQueueOrBind_isRefused() {
        regulator.close();
        assertThatThrownBy(() -> regulator.addQueue(QueueSpec.named("late").rate(10).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the regulator is closed: queue 'late' was not added (a closed regulator rejects every "
                        + "request; create a new one)");
        assertThatThrownBy(() -> regulator.bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the regulator is closed");
        assertThatThrownBy(() -> regulator.ask("late")).isInstanceOf(UnknownQueueException.class);
    }

    /** A user study: the snapshot lacked the closed and withdrawn counts the meters had; it has them, the same. */
    @Test
    void stats_countsEveryReason_asTheMetersDo() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        regulator.addQueue(QueueSpec.named("q").counter(1).maxSize(2).maxTime(Duration.ofMillis(500)).build());
        regulator.bindTo(registry);
        Ticket running = regulator.ask("q");
        Ticket timedOut = regulator.ask("q");
        tickAfter(Duration.ofMillis(501)); // max time
        Ticket givenUp = regulator.ask("q");
        Ticket interrupted = regulator.ask("q");
        assertThat(regulator.ask("q").rejection()).isEqualTo(Reason.QUEUE_FULL);
        givenUp.done(); // withdrawn: handed back while waiting
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                interrupted.await();
            } catch (InterruptedException expected) {
                // withdrawn: its asker gave up
            }
        });
        waiter.interrupt();
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        Ticket waitingAtClose = regulator.ask("q");
        QueueStats before = regulator.stats("q");
        assertThat(before.rejectedFull()).isEqualTo(1);
        assertThat(before.rejectedMaxTime()).isEqualTo(1);
        assertThat(before.rejectedWithdrawn()).isEqualTo(2);
        assertThat(before.rejectedClosed()).isZero();
        assertThat(timedOut.rejection()).isEqualTo(Reason.MAX_TIME);
        for (Reason reason : Reason.values()) {
            assertThat(registry.get("loomotp.regulator.rejected").tags("queue", "q", "reason", reason.tag())
                    .functionCounter().count()).as(reason.tag()).isEqualTo(rejected(before, reason));
        }
        regulator.close();
        assertThat(regulator.ask("q").rejection()).isEqualTo(Reason.CLOSED); // asked after close
        QueueStats after = regulator.stats("q");
        assertThat(waitingAtClose.rejection()).isEqualTo(Reason.CLOSED);
        assertThat(after.rejectedClosed()).isEqualTo(2);
        assertThat(after.waiting()).isZero();
        // every request is admitted, waiting, or counted under one reason: 7 asked
        assertThat(after.admitted() + after.waiting() + after.rejectedFull() + after.rejectedMaxTime()
                + after.rejectedClosed() + after.rejectedWithdrawn()).isEqualTo(7);
        running.done();
    }

    private static double rejected(QueueStats s, Reason reason) {
        return switch (reason) {
            case QUEUE_FULL -> s.rejectedFull();
            case MAX_TIME -> s.rejectedMaxTime();
            case CLOSED -> s.rejectedClosed();
            case WITHDRAWN -> s.rejectedWithdrawn();
        };
    }

    @Test
    void badInput_isRefusedWithTheFix() {
        assertThatThrownBy(() -> regulator.ask("nope")).isInstanceOf(UnknownQueueException.class)
                .hasMessageContaining("Regulator.addQueue");
        assertThatThrownBy(() -> QueueSpec.named("q").build()).hasMessageContaining("give it a rate, a counter");
        assertThatThrownBy(() -> QueueSpec.named("q").rate(1).modifier("m", 150).build())
                .hasMessageContaining("0 to 100");
        regulator.addQueue(QueueSpec.named("q").rate(1).build());
        assertThatThrownBy(() -> regulator.addQueue(QueueSpec.named("q").rate(2).build()))
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> new Feedback("f", s -> 0, 2, 1)).hasMessageContaining("levels must increase");
    }

    /**
     * Two regulators with a queue of one name in one registry would share its meters, and closing either would remove
     * the other's; a closed regulator refuses what would do nothing (new user's findings).
     */
    @Test
    void sharedMeters_andUsesAfterClose_areRefused() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        regulator.addQueue(QueueSpec.named("q").counter(1).build());
        regulator.bindTo(registry);
        Regulator other = Regulator.create(clock);
        other.addQueue(QueueSpec.named("q").counter(1).build());
        assertThatThrownBy(() -> other.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds the meters of a queue named 'q' already");
        Regulator third = Regulator.create(clock);
        third.bindTo(registry);
        assertThatThrownBy(() -> third.addQueue(QueueSpec.named("q").counter(1).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("queue named 'q'");
        assertThatThrownBy(() -> third.stats("q")).isInstanceOf(UnknownQueueException.class); // not kept
        other.close();
        assertThat(registry.find("loomotp.regulator.admitted").tags("queue", "q").meter()).isNotNull();
        third.close();
        assertThatThrownBy(() -> other.feedback("f", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("feedback(\"f\", 1): the regulator is closed");
        assertThatThrownBy(other::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start(): the regulator is closed");
    }
}
