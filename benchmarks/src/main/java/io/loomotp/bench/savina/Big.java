package io.loomotp.bench.savina;

import io.loomotp.bench.savina.PlainWorkloads.Done;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/**
 * Savina's big (many-to-many): {@code w} processes each ping a random other one and wait for its pong, {@code n}
 * times, answering the pings of the others meanwhile; each tells the sink when it has had its {@code n} pongs.
 */
final class Big {
    private Big() {}

    record Neighbours(Pid[] all) {}

    record BigPing(Pid from) {}

    static final Object PONG = "big-pong";
    static final Object START = "big-start";
    static final Object STOP = "big-stop";

    static void run(int w, int n) {
        Pid sink = Process.self();
        Pid[] workers = new Pid[w];
        for (int a = 0; a < w; a++) {
            int id = a;
            workers[a] = Process.spawn(() -> worker(id, n, sink));
        }
        Savina.tellAll(workers, new Neighbours(workers));
        Savina.tellAll(workers, START);
        long pongs = 0;
        for (int a = 0; a < w; a++) {
            pongs += ((Done) Process.receive()).count();
        }
        Savina.check("pongs", (long) w * n, pongs);
        Savina.tellAll(workers, STOP);
    }

    private static void worker(int id, int n, Pid sink) {
        Pid[] all = ((Neighbours) Process.receive()).all();
        BigPing ping = new BigPing(Process.self());
        long seed = 0x9E3779B97F4A7C15L * (id + 1);
        int pongs = 0;
        for (;;) {
            Object m = Process.receive();
            if (m instanceof BigPing p) {
                Process.send(p.from(), PONG);
            } else if (m == PONG) {
                if (++pongs == n) {
                    Process.send(sink, new Done(id, pongs));
                    continue;
                }
                seed = pingRandom(all, ping, seed);
            } else if (m == START) {
                seed = pingRandom(all, ping, seed);
            } else if (m == STOP) {
                return;
            }
        }
    }

    /** Pings a neighbour chosen by a xorshift step of {@code seed}; returns the next seed. */
    private static long pingRandom(Pid[] all, BigPing ping, long seed) {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        Process.send(all[(int) Long.remainderUnsigned(seed, all.length)], ping);
        return seed;
    }
}
