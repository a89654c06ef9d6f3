package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.Overflow;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded mailbox with policy {@code BLOCK} as a user meets it: a call into a full one still ends within its
 * timeout (gen's {@code do_call} always does), and a process that sends to its own full mailbox is refused at once
 * instead of waiting for ever for room only it can make. Both found by a new user's tests (2026-12-05).
 */
@ExtendWith(NodeExtension.class)
class BlockMailboxTest {
    private static final long BOUND_S = 10;

    /** A server that records what it handled; the cast "block" holds it until {@code release} is counted down. */
    private static final class Recorder implements ServerCallbacks<List<Object>> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Object handleCall(List<Object> state, Object request, From from) {
            state.add(request);
            return List.copyOf(state);
        }

        @Override
        public boolean handleInfo(List<Object> state, Object message) {
            state.add(message); // a timer's message
            return true;
        }

        @Override
        public void handleCast(List<Object> state, Object message) {
            state.add(message);
            if ("block".equals(message)) {
                entered.countDown();
                try {
                    release.await(BOUND_S, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A {@link Recorder} with room for one message, held in its handler of "block", with "fill" waiting. */
    private static Pid busyAndFull(Node node, Recorder r) throws InterruptedException {
        Pid pid = GenServer.start(node, r, ArrayList::new,
                StartOptions.defaults().withMailbox(MailboxSpec.bounded(1, Overflow.BLOCK)));
        GenServer.cast(pid, "block");
        assertThat(r.entered.await(BOUND_S, TimeUnit.SECONDS)).isTrue();
        GenServer.cast(pid, "fill");
        return pid;
    }

    @Test
    void call_intoAFullBlockMailbox_endsWithinItsTimeout_andIsNeverQueued(Node node) throws Exception {
        // given: a server with room for one message, busy in a handler, and one message waiting
        Recorder r = new Recorder();
        Pid pid = busyAndFull(node, r);
        // when: a call with a short timeout comes, from a thread and from a process
        assertThatThrownBy(() -> GenServer.call(pid, "late", Duration.ofMillis(50)))
                .isInstanceOf(CallTimeoutException.class);
        CompletableFuture<Throwable> fromProcess = new CompletableFuture<>();
        node.spawn(() -> {
            try {
                GenServer.call(pid, "late too", Duration.ofMillis(50));
                fromProcess.complete(null);
            } catch (Throwable t) {
                fromProcess.complete(t);
            }
        });
        // then: each times out while the server is still busy, and neither request was queued
        assertThat(fromProcess.get(BOUND_S, TimeUnit.SECONDS)).isInstanceOf(CallTimeoutException.class);
        assertThat(r.release.getCount()).as("the server was still busy").isEqualTo(1);
        r.release.countDown();
        assertThat(GenServer.call(pid, "after")).isEqualTo(List.of("block", "fill", "after"));
        assertThat(node.info(pid).droppedMessages()).as("each refused request is counted").isEqualTo(2);
    }

    @Test
    void send_toItsOwnFullBlockMailbox_isRefusedAtOnce_namingWhy(Node node) throws Exception {
        // given: a plain process with room for two messages
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        node.spawn(() -> {
            Pid self = Process.self();
            try {
                // when: it sends itself three
                for (int i = 0; i < 3; i++) {
                    Process.send(self, i);
                }
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(2, Overflow.BLOCK)));
        // then: the third is refused at once with an exception that says why, rather than a wait for ever
        assertThat(outcome.get(BOUND_S, TimeUnit.SECONDS)).isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("cannot wait for room in its own mailbox");
    }

    @Test
    void send_fromAnotherProcess_toAFullBlockMailbox_stillWaitsForRoom(Node node) throws Exception {
        // given: a server with room for one message, busy, and one message waiting
        Recorder r = new Recorder();
        Pid pid = busyAndFull(node, r);
        // when: another process casts: it waits (policy BLOCK), until the server makes room
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Pid sender = node.spawn(() -> {
            GenServer.cast(pid, "waited");
            sent.complete(null);
        });
        // and shows as waiting, not running, to the tools
        io.loomotp.runtime.testing.Await.until(() -> node.info(sender).status() == ProcessStatus.WAITING,
                "the sender held, waiting for room");
        assertThat(sent).isNotDone();
        r.release.countDown();
        sent.get(BOUND_S, TimeUnit.SECONDS);
        // then: nothing was lost
        assertThat(GenServer.call(pid, "after")).isEqualTo(List.of("block", "fill", "waited", "after"));
    }

    /**
     * A timer never waits for room: the node's timers share one thread, and one full mailbox held every other timer
     * of the node, state timeouts included, until its process was killed (a new user's finding, 2026-12-06).
     */
    @Test
    void timer_toAFullBlockMailbox_goesInBeyondTheBound_andHoldsUpNoOtherTimer(Node node) throws Exception {
        // given: a server with room for one message, busy, one message waiting, and a timer aimed at it
        Recorder r = new Recorder();
        Pid pid = busyAndFull(node, r);
        node.sendAfter(Duration.ofMillis(5), pid, "timer");
        // when: another process arms a timer of its own, later
        io.loomotp.runtime.testing.Probe other = io.loomotp.runtime.testing.Probe.spawn(node);
        other.exec(() -> Process.sendAfter(Duration.ofMillis(20), "mine"));
        // then: it fires while the full server is still busy
        assertThat(other.next()).isEqualTo("mine");
        assertThat(r.release.getCount()).as("the server was still busy").isEqualTo(1);
        // and the full server got its timer's message too, beyond its bound, in order
        io.loomotp.runtime.testing.Await.until(() -> node.info(pid).mailboxLength() == 2,
                "the timer's message queued beyond the bound of 1");
        r.release.countDown();
        assertThat(GenServer.call(pid, "after")).isEqualTo(List.of("block", "fill", "timer", "after"));
        assertThat(node.info(pid).droppedMessages()).isZero();
    }
}
