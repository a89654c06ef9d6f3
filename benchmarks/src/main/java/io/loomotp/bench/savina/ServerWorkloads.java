package io.loomotp.bench.savina;

import io.loomotp.bench.savina.PlainWorkloads.Done;
import io.loomotp.bench.savina.PlainWorkloads.Token;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.BitSet;

/**
 * The Savina-style workloads once more, each actor a {@code @Server} with {@code @Cast} handlers: how an OTP user
 * writes actors (gen_servers), and the shape of Pekko's actors, where a handler runs per message and nobody waits in
 * a receive. Servers run their turns on the runtime's worker threads (ADR 0018); {@link PlainWorkloads}' receive loops
 * cannot, since user code is on their stacks while they wait. Same parameters, same checks.
 */
final class ServerWorkloads {
    private ServerWorkloads() {}

    static void pingPong(int n) {
        Node node = Process.node();
        PongerRef pong = PongerRef.start(node, Ponger::new);
        Pid self = Process.self();
        PingerRef ping = PingerRef.start(node, () -> new Pinger(self, pong, n));
        ping.begin();
        Savina.check("pongs", n, Process.receive(Done.class, null).count());
        Savina.check("pings", n, pong.pings());
        ping.stop();
        pong.stop();
    }

    static void ring(int nodes, int tokens, int hops) {
        Node node = Process.node();
        Pid self = Process.self();
        RingServerRef[] ring = new RingServerRef[nodes];
        for (int i = 0; i < nodes; i++) {
            ring[i] = RingServerRef.start(node, () -> new RingServer(self));
        }
        for (int i = 0; i < nodes; i++) {
            ring[i].link(ring[(i + 1) % nodes]);
        }
        for (int t = 0; t < tokens; t++) {
            ring[(int) ((long) t * nodes / tokens)].token(t, hops);
        }
        BitSet seen = new BitSet(tokens);
        for (int t = 0; t < tokens; t++) {
            seen.set(Process.receive(Token.class, null).id());
        }
        Savina.check("tokens home", tokens, seen.cardinality());
        for (RingServerRef r : ring) {
            r.stop();
        }
    }

    static void counting(int n) {
        CountServerRef counter = CountServerRef.start(Process.node(), CountServer::new);
        for (int i = 0; i < n; i++) {
            counter.increment();
        }
        Savina.check("count", n, counter.count());
        counter.stop();
    }

    static void big(int w, int n) {
        Node node = Process.node();
        Pid sink = Process.self();
        BigServerRef[] workers = new BigServerRef[w];
        for (int a = 0; a < w; a++) {
            int id = a;
            workers[a] = BigServerRef.start(node, () -> new BigServer(id, n, sink));
        }
        for (BigServerRef worker : workers) {
            worker.begin(workers);
        }
        long pongs = 0;
        for (int a = 0; a < w; a++) {
            pongs += Process.receive(Done.class, null).count();
        }
        Savina.check("pongs", (long) w * n, pongs);
        for (BigServerRef worker : workers) {
            worker.stop();
        }
    }

    static void chameneos(int c, int m) {
        Node node = Process.node();
        Pid report = Process.self();
        MallServerRef mall = MallServerRef.start(node, () -> new MallServer(c, m, report));
        CreatureServerRef[] creatures = new CreatureServerRef[c];
        for (int i = 0; i < c; i++) {
            int colour = i % 3;
            creatures[i] = CreatureServerRef.start(node, () -> new CreatureServer(mall, colour));
        }
        for (CreatureServerRef creature : creatures) {
            creature.begin();
        }
        Savina.check("meetings", 2L * m, Process.receive(Done.class, null).count());
        for (CreatureServerRef creature : creatures) {
            creature.stop();
        }
        mall.stop();
    }

    static void forkJoinThroughput(int actors, int n) {
        Node node = Process.node();
        Pid self = Process.self();
        FjServerRef[] workers = new FjServerRef[actors];
        for (int a = 0; a < actors; a++) {
            int id = a;
            workers[a] = FjServerRef.start(node, () -> new FjServer(id, n, self));
        }
        for (int i = 0; i < n; i++) {
            for (FjServerRef w : workers) {
                w.work();
            }
        }
        long total = 0;
        for (int a = 0; a < actors; a++) {
            total += Process.receive(Done.class, null).count();
        }
        Savina.check("messages handled", (long) actors * n, total);
        for (FjServerRef w : workers) {
            w.stop();
        }
    }
}
