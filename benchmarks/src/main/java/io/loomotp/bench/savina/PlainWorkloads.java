package io.loomotp.bench.savina;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.BitSet;

/**
 * Savina's ping-pong, thread ring, counting and fork-join throughput on plain processes (a receive loop each), and
 * ping-pong through a generated {@code @Server} call. Each runs inside a process and throws if its result is wrong.
 */
final class PlainWorkloads {
    private PlainWorkloads() {}

    record Ping(Pid from) {}

    record Token(int id, int left) {}

    record Done(int id, int count) {}

    static final Object PONG = "pong";
    static final Object STOP = "stop";
    static final Object INC = "inc";

    /** Ping-pong: the caller pings a pong process {@code n} times, waiting for each pong; pong counts the pings. */
    static void pingPong(int n) {
        Pid self = Process.self();
        Pid pong = Process.spawn(() -> {
            int pings = 0;
            for (;;) {
                Object m = Process.receive();
                if (m instanceof Ping p) {
                    pings++;
                    Process.send(p.from(), PONG);
                } else if (m instanceof Pid reportTo) {
                    Process.send(reportTo, new Done(0, pings));
                    return;
                }
            }
        });
        Ping ping = new Ping(self);
        int pongs = 0;
        for (int i = 0; i < n; i++) {
            Process.send(pong, ping);
            if (Process.receive() == PONG) {
                pongs++;
            }
        }
        Process.send(pong, self);
        Savina.check("pongs", n, pongs);
        Savina.check("pings", n, ((Done) Process.receive()).count());
    }

    /** Ping-pong through a {@code @Server}: {@code n} calls, each answering its argument plus one. */
    static void pingPongCall(int n) {
        PingServerRef server = PingServerRef.start(Process.node(), PingServer::new);
        int x = 0;
        for (int i = 0; i < n; i++) {
            x = server.ping(x);
        }
        Savina.check("chain", n, x);
        Savina.check("pings", n, server.pings());
        server.stop();
    }

    /**
     * Thread ring: {@code nodes} processes in a ring pass {@code tokens} tokens, each {@code hops} times; the node
     * that receives a token with nothing left reports it. With one token, Savina's thread ring.
     */
    static void ring(int nodes, int tokens, int hops) {
        Pid self = Process.self();
        Pid[] ring = new Pid[nodes];
        for (int i = 0; i < nodes; i++) {
            ring[i] = Process.spawn(() -> {
                Pid next = (Pid) Process.receive();
                for (;;) {
                    Object m = Process.receive();
                    if (m instanceof Token t) {
                        if (t.left() == 0) {
                            Process.send(self, t);
                        } else {
                            Process.send(next, new Token(t.id(), t.left() - 1));
                        }
                    } else {
                        return;
                    }
                }
            });
        }
        for (int i = 0; i < nodes; i++) {
            Process.send(ring[i], ring[(i + 1) % nodes]);
        }
        for (int t = 0; t < tokens; t++) {
            Process.send(ring[(int) ((long) t * nodes / tokens)], new Token(t, hops));
        }
        BitSet seen = new BitSet(tokens);
        for (int t = 0; t < tokens; t++) {
            Object m = Process.receive();
            seen.set(((Token) m).id());
        }
        Savina.check("tokens home", tokens, seen.cardinality());
        Savina.tellAll(ring, STOP);
    }

    /** Counting: the caller sends {@code n} increments to a counter process, then asks for the count. */
    static void counting(int n) {
        Pid self = Process.self();
        Pid counter = Process.spawn(() -> {
            int count = 0;
            for (;;) {
                Object m = Process.receive();
                if (m == INC) {
                    count++;
                } else if (m instanceof Pid reportTo) {
                    Process.send(reportTo, new Done(0, count));
                    return;
                }
            }
        });
        for (int i = 0; i < n; i++) {
            Process.send(counter, INC);
        }
        Process.send(counter, self);
        Savina.check("count", n, ((Done) Process.receive()).count());
    }

    /**
     * Fork-join throughput: {@code actors} processes each get {@code n} messages, sent round-robin, and do Savina's
     * small computation on each; each reports when it has had all of its {@code n}.
     */
    static void forkJoinThroughput(int actors, int n) {
        Pid self = Process.self();
        Pid[] workers = new Pid[actors];
        for (int a = 0; a < actors; a++) {
            int id = a;
            workers[a] = Process.spawn(() -> {
                int count = 0;
                double sum = 0;
                while (count < n) {
                    Object m = Process.receive();
                    sum += compute(37.2);
                    count++;
                }
                if (sum <= 0) {
                    throw new IllegalStateException("computation");
                }
                Process.send(self, new Done(id, count));
            });
        }
        Object message = "work";
        for (int i = 0; i < n; i++) {
            for (Pid w : workers) {
                Process.send(w, message);
            }
        }
        long total = 0;
        for (int a = 0; a < actors; a++) {
            total += ((Done) Process.receive()).count();
        }
        Savina.check("messages handled", (long) actors * n, total);
    }

    /** Savina's {@code ForkJoinConfig.performComputation}. */
    static double compute(double theta) {
        double sint = Math.sin(theta);
        return sint * sint;
    }
}
