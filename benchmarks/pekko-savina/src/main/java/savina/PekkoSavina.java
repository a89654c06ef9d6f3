package savina;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Pekko typed (default configuration) on the Savina-style workloads of {@code io.loomotp.bench.savina.Savina}, at the
 * same parameters, written as a Pekko user would: one behaviour per actor, messages as records, request and reply with
 * a {@code replyTo} reference. Each workload checks its result and fails if it is wrong. Prints
 * {@code pekko savina-<name> <microseconds> us}: the median of the measured iterations after the warm-up ones.
 */
public final class PekkoSavina {
    static final int WARMUP = Integer.getInteger("savina.warmup", 3);
    static final int MEASURED = Integer.getInteger("savina.measured", 5);
    static final List<String> WORKLOADS = List.of("savina-pingpong", "savina-pingpong-call", "savina-threadring",
            "savina-threadring-tokens", "savina-counting", "savina-big", "savina-chameneos", "savina-fjthroughput");

    /** Work run inside the guardian, which can spawn. */
    interface Job { void run(ActorContext<Job> ctx); }

    record Ping(ActorRef<Object> replyTo) {}
    record Token(int id, int left) {}
    record Done(int id, long count) {}
    record Next(ActorRef<Object> next) {}
    record Neighbours(List<ActorRef<Object>> all) {}
    record Meet(int colour, ActorRef<Object> from) {}
    record Change(int colour) {}
    record Count(int meetings) {}
    static final Object PONG = "pong", STOP = "stop", INC = "inc", START = "start", EXIT = "exit", WORK = "work";

    public static void main(String[] args) throws Exception {
        List<String> only = List.of(args);
        ActorSystem<Job> root = ActorSystem.create(
                Behaviors.setup(ctx -> Behaviors.receiveMessage(j -> { j.run(ctx); return Behaviors.same(); })), "savina");
        try {
            for (String w : WORKLOADS) {
                if (only.isEmpty() || only.contains(w) || only.contains("savina")) {
                    for (int i = 0; i < WARMUP; i++) once(root, w);
                    long[] us = new long[MEASURED];
                    for (int i = 0; i < MEASURED; i++) us[i] = once(root, w);
                    Arrays.sort(us);
                    System.out.println("pekko " + w + " " + us[MEASURED / 2] + " us");
                }
            }
        } finally {
            root.terminate();
        }
    }

    static long once(ActorSystem<Job> root, String w) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        root.tell(ctx -> {
            try {
                switch (w) {
                    case "savina-pingpong", "savina-pingpong-call" -> pingPong(ctx, 40_000, done);
                    case "savina-threadring" -> ring(ctx, 100, 1, 100_000, done);
                    case "savina-threadring-tokens" -> ring(ctx, 1_000, 100, 1_000, done);
                    case "savina-counting" -> counting(ctx, 1_000_000, done);
                    case "savina-big" -> big(ctx, 120, 20_000, done);
                    case "savina-chameneos" -> chameneos(ctx, 100, 200_000, done);
                    case "savina-fjthroughput" -> fjThroughput(ctx, 60, 10_000, done);
                    default -> throw new IllegalArgumentException("unknown workload " + w);
                }
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(10, TimeUnit.MINUTES);
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
    }

    static void check(CompletableFuture<Void> done, String what, long expected, long actual) {
        if (expected == actual) done.complete(null);
        else done.completeExceptionally(new IllegalStateException(what + ": expected " + expected + ", got " + actual));
    }

    /** A sink that takes {@code n} messages and hands them to {@code end}, then stops. */
    static Behavior<Object> sink(int n, Consumer<List<Object>> end) {
        List<Object> got = new ArrayList<>(n);
        return Behaviors.receiveMessage(m -> {
            got.add(m);
            if (got.size() < n) return Behaviors.same();
            end.accept(got);
            return Behaviors.stopped();
        });
    }

    // ping-pong: the ping actor pings the pong actor n times, waiting for each pong (Savina's ping-pong; Pekko's
    // request and reply is also what a call is, so savina-pingpong-call compares with this too)
    static void pingPong(ActorContext<Job> ctx, int n, CompletableFuture<Void> done) {
        ActorRef<Object> pong = ctx.spawnAnonymous(Behaviors.setup(c -> {
            int[] pings = {0};
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Ping p) { pings[0]++; p.replyTo().tell(PONG); return Behaviors.same(); }
                @SuppressWarnings("unchecked") ActorRef<Object> to = (ActorRef<Object>) m;
                to.tell(new Done(0, pings[0]));
                return Behaviors.stopped();
            });
        }));
        ctx.spawnAnonymous(Behaviors.<Object>setup(c -> {
            int[] pongs = {0};
            Ping ping = new Ping(c.getSelf());
            pong.tell(ping);
            return Behaviors.receiveMessage(m -> {
                if (m == PONG) {
                    if (++pongs[0] < n) pong.tell(ping); else pong.tell(c.getSelf());
                    return Behaviors.same();
                }
                if (pongs[0] != n) check(done, "pongs", n, pongs[0]);
                else check(done, "pings", n, ((Done) m).count());
                return Behaviors.stopped();
            });
        }));
    }

    static void ring(ActorContext<Job> ctx, int nodes, int tokens, int hops, CompletableFuture<Void> done) {
        List<ActorRef<Object>> ring = new ArrayList<>(nodes);
        ActorRef<Object> home = ctx.spawnAnonymous(sink(tokens, got -> {
            BitSet seen = new BitSet(tokens);
            for (Object t : got) seen.set(((Token) t).id());
            for (ActorRef<Object> r : ring) r.tell(STOP);
            check(done, "tokens home", tokens, seen.cardinality());
        }));
        for (int i = 0; i < nodes; i++) {
            ring.add(ctx.spawnAnonymous(Behaviors.setup(c -> {
                ActorRef<Object>[] next = new ActorRef[1];
                return Behaviors.receiveMessage(m -> {
                    if (m instanceof Token t) {
                        if (t.left() == 0) home.tell(t); else next[0].tell(new Token(t.id(), t.left() - 1));
                    } else if (m instanceof Next n) {
                        next[0] = n.next();
                    } else {
                        return Behaviors.stopped();
                    }
                    return Behaviors.same();
                });
            })));
        }
        for (int i = 0; i < nodes; i++) ring.get(i).tell(new Next(ring.get((i + 1) % nodes)));
        for (int t = 0; t < tokens; t++) ring.get((int) ((long) t * nodes / tokens)).tell(new Token(t, hops));
    }

    static void counting(ActorContext<Job> ctx, int n, CompletableFuture<Void> done) {
        ActorRef<Object> result = ctx.spawnAnonymous(sink(1, got -> check(done, "count", n, ((Done) got.get(0)).count())));
        ActorRef<Object> counter = ctx.spawnAnonymous(Behaviors.setup(c -> {
            int[] count = {0};
            return Behaviors.receiveMessage(m -> {
                if (m == INC) { count[0]++; return Behaviors.same(); }
                @SuppressWarnings("unchecked") ActorRef<Object> to = (ActorRef<Object>) m;
                to.tell(new Done(0, count[0]));
                return Behaviors.stopped();
            });
        }));
        for (int i = 0; i < n; i++) counter.tell(INC);
        counter.tell(result);
    }

    static void big(ActorContext<Job> ctx, int w, int n, CompletableFuture<Void> done) {
        List<ActorRef<Object>> workers = new ArrayList<>(w);
        ActorRef<Object> sink = ctx.spawnAnonymous(sink(w, got -> {
            long pongs = 0;
            for (Object d : got) pongs += ((Done) d).count();
            for (ActorRef<Object> r : workers) r.tell(STOP);
            check(done, "pongs", (long) w * n, pongs);
        }));
        for (int a = 0; a < w; a++) {
            int id = a;
            workers.add(ctx.spawnAnonymous(Behaviors.setup(c -> {
                Ping ping = new Ping(c.getSelf());
                long[] seed = {0x9E3779B97F4A7C15L * (id + 1)};
                int[] pongs = {0};
                List<ActorRef<Object>>[] all = new List[1];
                Runnable pingRandom = () -> {
                    long s = seed[0];
                    s ^= s << 13; s ^= s >>> 7; s ^= s << 17;
                    seed[0] = s;
                    all[0].get((int) Long.remainderUnsigned(s, all[0].size())).tell(ping);
                };
                return Behaviors.receiveMessage(m -> {
                    if (m instanceof Ping p) p.replyTo().tell(PONG);
                    else if (m == PONG) { if (++pongs[0] == n) sink.tell(new Done(id, pongs[0])); else pingRandom.run(); }
                    else if (m instanceof Neighbours nb) all[0] = nb.all();
                    else if (m == START) pingRandom.run();
                    else if (m == STOP) return Behaviors.stopped();
                    return Behaviors.same();
                });
            })));
        }
        Neighbours nb = new Neighbours(List.copyOf(workers));
        for (ActorRef<Object> r : workers) r.tell(nb);
        for (ActorRef<Object> r : workers) r.tell(START);
    }

    static void chameneos(ActorContext<Job> ctx, int c, int m, CompletableFuture<Void> done) {
        ActorRef<Object> mall = ctx.spawnAnonymous(Behaviors.setup(x -> {
            Meet[] waiting = {null};
            int[] st = {m, 0, 0}; // left, sum, home
            return Behaviors.receiveMessage(msg -> {
                if (msg instanceof Meet meet) {
                    if (st[0] == 0) meet.from().tell(EXIT);
                    else if (waiting[0] == null) waiting[0] = meet;
                    else { st[0]--; waiting[0].from().tell(meet); waiting[0] = null; }
                } else if (msg instanceof Count count) {
                    st[1] += count.meetings();
                    if (++st[2] == c) { check(done, "meetings", 2L * m, st[1]); return Behaviors.stopped(); }
                }
                return Behaviors.same();
            });
        }));
        for (int i = 0; i < c; i++) {
            int initial = i % 3;
            ctx.spawnAnonymous(Behaviors.<Object>setup(x -> {
                ActorRef<Object> self = x.getSelf();
                int[] st = {initial, 0}; // colour, meetings
                mall.tell(new Meet(st[0], self));
                return Behaviors.receiveMessage(msg -> {
                    if (msg instanceof Meet other) {
                        st[0] = st[0] == other.colour() ? st[0] : 3 - st[0] - other.colour();
                        st[1]++;
                        other.from().tell(new Change(st[0]));
                        mall.tell(new Meet(st[0], self));
                    } else if (msg instanceof Change ch) {
                        st[0] = ch.colour();
                        st[1]++;
                        mall.tell(new Meet(st[0], self));
                    } else if (msg == EXIT) {
                        mall.tell(new Count(st[1]));
                        return Behaviors.stopped();
                    }
                    return Behaviors.same();
                });
            }));
        }
    }

    static void fjThroughput(ActorContext<Job> ctx, int actors, int n, CompletableFuture<Void> done) {
        ActorRef<Object> sink = ctx.spawnAnonymous(sink(actors, got -> {
            long total = 0;
            for (Object d : got) total += ((Done) d).count();
            check(done, "messages handled", (long) actors * n, total);
        }));
        List<ActorRef<Object>> workers = new ArrayList<>(actors);
        for (int a = 0; a < actors; a++) {
            int id = a;
            workers.add(ctx.spawnAnonymous(Behaviors.setup(c -> {
                int[] count = {0};
                double[] sum = {0};
                return Behaviors.receiveMessage(m -> {
                    double s = Math.sin(37.2);
                    sum[0] += s * s;
                    if (++count[0] < n) return Behaviors.same();
                    if (sum[0] <= 0) throw new IllegalStateException("computation");
                    sink.tell(new Done(id, count[0]));
                    return Behaviors.stopped();
                });
            })));
        }
        for (int i = 0; i < n; i++) for (ActorRef<Object> r : workers) r.tell(WORK);
    }
}
