package io.loomotp.bench.jmh;

import io.loomotp.bench.Counter;
import io.loomotp.bench.CounterRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.sys.SysCalls;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call's round trip between two processes, through the generated client, with the server's debug off, with
 * statistics on, and with a trace to a sink that drops lines; against a request and reply over
 * {@link LinkedTransferQueue} and {@link SynchronousQueue} between two virtual threads. With {@code -prof gc}: the
 * allocation per call (the budget is one call envelope; {@code inc()} has no arguments, so no message record).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class CallBench {
    static final int CALLS = 10_000;

    /** The server: generated with debug off, with statistics, with a trace; or a hand-written receive loop. */
    @Param({"off", "statistics", "trace", "handwritten", "off-woken-by-setup"})
    public String debug;

    private Node node;
    private Pid client;
    private Thread ltqServer;
    private Thread sqServer;
    private final LinkedTransferQueue<Object[]> ltq = new LinkedTransferQueue<>();
    private final SynchronousQueue<Object[]> sq = new SynchronousQueue<>();

    @Setup(Level.Trial)
    public void setUp() {
        node = Node.create("jmh");
        CounterRef server = CounterRef.start(node, Counter::new);
        switch (debug) {
            case "statistics" -> SysCalls.statistics(server.pid(), true, Duration.ofSeconds(5));
            case "trace" -> SysCalls.trace(server.pid(), true, line -> {}, Duration.ofSeconds(5));
            case "off-woken-by-setup" -> server.get(); // the server gets its thread from this platform thread
            default -> {}
        }
        Pid handwritten = node.spawn(() -> {
            int n = 0;
            for (;;) {
                io.loomotp.runtime.CallRequest r = (io.loomotp.runtime.CallRequest) Process.receive();
                r.from().reply(++n);
            }
        });
        boolean raw = debug.equals("handwritten");
        client = node.spawn(() -> {
            for (;;) {
                CompletableFuture<?> done = (CompletableFuture<?>) Process.receive();
                if (raw) {
                    for (int i = 0; i < CALLS; i++) {
                        io.loomotp.runtime.server.GenServer.call(handwritten, "inc");
                    }
                } else {
                    for (int i = 0; i < CALLS; i++) {
                        server.inc();
                    }
                }
                done.complete(null);
            }
        });
        ltqServer = Thread.ofVirtual().start(() -> serve(ltq));
        sqServer = Thread.ofVirtual().start(() -> serve(sq));
    }

    @SuppressWarnings("unchecked")
    private static void serve(java.util.concurrent.BlockingQueue<Object[]> requests) {
        int n = 0;
        try {
            for (;;) {
                Object[] r = requests.take();
                ((java.util.concurrent.BlockingQueue<Object>) r[1]).put(++n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        ltqServer.interrupt();
        sqServer.interrupt();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void loomotp_call() throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        Process.send(client, done);
        done.get();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object linkedTransferQueue_requestReply() throws Exception {
        return clientOf(ltq, new LinkedTransferQueue<>());
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object synchronousQueue_requestReply() throws Exception {
        return clientOf(sq, new SynchronousQueue<>());
    }

    private static Object clientOf(java.util.concurrent.BlockingQueue<Object[]> requests,
                                   java.util.concurrent.BlockingQueue<Object> replies) throws Exception {
        CompletableFuture<Object> last = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                Object r = null;
                for (int i = 0; i < CALLS; i++) {
                    requests.put(new Object[] {i, replies});
                    r = replies.take();
                }
                last.complete(r);
            } catch (InterruptedException e) {
                last.completeExceptionally(e);
            }
        });
        return last.get();
    }
}
