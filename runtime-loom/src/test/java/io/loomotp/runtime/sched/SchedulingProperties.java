package io.loomotp.runtime.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.Handler;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The scheduling guarantees under random workloads (issue 16): whatever the number of servers and senders, the mix of
 * handlers that block (a call to another server, a park standing in for I/O, a yield) and the interleaving, each
 * server runs one handler at a time, as itself, and takes each sender's messages in the order sent, none lost.
 *
 * <p>The shapes come from QuickTheories with a fixed seed ({@code -DQT_SEED=<n>} picks another); a failure shrinks
 * towards fewer servers, senders and messages. The servers go dormant and wake between bursts, park, and spin, so the
 * property covers every way a behaviour's next handler gets a thread.
 */
class SchedulingProperties {
    private static final long SEED = Long.getLong("QT_SEED", 20261202L);
    private static final Duration T = Duration.ofSeconds(30);

    /** A message: its sender, its place in that sender's sequence, and how its handler blocks (0 for not at all). */
    record Job(int sender, int seq, int block) {}

    /** What one server saw; written by its handlers only, read after the run. */
    static final class Seen {
        final int[] last;
        int handled;
        Pid self;

        Seen(int senders) {
            last = new int[senders];
            java.util.Arrays.fill(last, -1);
        }
    }

    /** The server under test: checks, in every handler, that it is alone and in order. */
    static final class Checked implements ServerCallbacks<Seen> {
        final AtomicInteger active = new AtomicInteger();
        final List<String> violations;
        final Pid echo;

        Checked(List<String> violations, Pid echo) {
            this.violations = violations;
            this.echo = echo;
        }

        @Override
        public InitResult init(Seen seen) {
            seen.self = Process.self();
            return InitResult.ok();
        }

        @Override
        public void handleCast(Seen seen, Object message) {
            enter(seen);
            Job job = (Job) message;
            if (job.seq() != seen.last[job.sender()] + 1) {
                violations.add(seen.self + " took message " + job.seq() + " of sender " + job.sender() + " after "
                        + seen.last[job.sender()]);
            }
            seen.last[job.sender()] = job.seq();
            seen.handled++;
            switch (job.block()) {
                case 1 -> GenServer.call(echo, job.seq(), T); // blocks on another process
                case 2 -> LockSupport.parkNanos(50_000); // stands in for I/O: the thread parks
                case 3 -> Thread.yield();
                default -> { }
            }
            leave(seen);
        }

        @Override
        public Object handleCall(Seen seen, Object request, From from) {
            enter(seen);
            leave(seen);
            return seen.handled;
        }

        private void enter(Seen seen) {
            if (active.incrementAndGet() != 1) {
                violations.add(seen.self + " ran two handlers at once");
            }
            if (!Handler.self().equals(seen.self) || !Process.self().equals(seen.self)) {
                violations.add(seen.self + "'s handler ran as " + Process.self());
            }
        }

        private void leave(Seen seen) {
            active.decrementAndGet();
        }
    }

    /** Answers every call with its request. */
    static final class Echo implements ServerCallbacks<Object> {
        @Override
        public Object handleCall(Object state, Object request, From from) {
            return request;
        }
    }

    @Test
    void servers_runOneHandlerAtATime_inEachSendersOrder() {
        qt().withFixedSeed(SEED).withExamples(25).withShrinkCycles(50)
                .forAll(integers().between(1, 5), integers().between(1, 6), integers().between(1, 400),
                        integers().between(0, 40))
                .checkAssert(SchedulingProperties::check);
    }

    private static void check(int servers, int senders, int perSender, int blockingPercent) {
        long seed = SEED * 31 + ((servers * 7L + senders) * 401 + perSender) * 41 + blockingPercent; // which server, which block
        try (Node node = Node.create("sched-prop")) {
            List<String> violations = new CopyOnWriteArrayList<>();
            Pid echo = GenServer.start(node, new Echo(), Object::new);
            Pid[] pids = new Pid[servers];
            for (int s = 0; s < servers; s++) {
                pids[s] = GenServer.start(node, new Checked(violations, echo), () -> new Seen(senders));
            }
            CompletableFuture<Integer> total = new CompletableFuture<>();
            node.spawn(() -> {
                for (int p = 0; p < senders; p++) {
                    SplittableRandom random = new SplittableRandom(seed + p);
                    int sender = p;
                    Process.spawnMonitor(() -> {
                        int[] next = new int[servers];
                        for (int i = 0; i < perSender; i++) {
                            int to = random.nextInt(servers);
                            int block = random.nextInt(100) < blockingPercent ? 1 + random.nextInt(3) : 0;
                            GenServer.cast(pids[to], new Job(sender, next[to]++, block));
                        }
                        for (Pid server : pids) {
                            GenServer.call(server, "sync", T); // behind this sender's casts: per-sender FIFO
                        }
                    });
                }
                for (int p = 0; p < senders; p++) {
                    Down down = Process.receive(Down.class, T);
                    if (down == null || !down.reason().equals(ExitReason.NORMAL)) {
                        total.completeExceptionally(new AssertionError("a sender ended with " + down));
                        return;
                    }
                }
                int sum = 0;
                for (Pid server : pids) {
                    sum += (Integer) GenServer.call(server, "count", T);
                }
                total.complete(sum);
            });
            int handled = total.get(60, TimeUnit.SECONDS);
            assertThat(violations).isEmpty();
            assertThat(handled).isEqualTo(senders * perSender);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
