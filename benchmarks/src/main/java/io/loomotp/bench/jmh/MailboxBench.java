package io.loomotp.bench.jmh;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mailbox enqueue and dequeue, against {@link LinkedTransferQueue}: one producer sends a batch, the receiving process
 * takes it all and acknowledges. Run with {@code -prof gc} to see the allocation per message (the budget is one
 * envelope, 24 bytes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class MailboxBench {
    static final int BATCH = 1000;
    private static final Object ACK = "ack";

    private Node node;
    private Pid sink;
    private Pid sender;
    private final LinkedTransferQueue<Object> ltq = new LinkedTransferQueue<>();
    private final LinkedTransferQueue<Object> ltqAcks = new LinkedTransferQueue<>();
    private Thread ltqConsumer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        node = Node.create("jmh");
        java.util.concurrent.CompletableFuture<Pid> me = new java.util.concurrent.CompletableFuture<>();
        // The test thread is not a process; a relay process sends the batch and waits for the sink's ack.
        sink = node.spawn(() -> {
            for (;;) {
                Pid replyTo = (Pid) Process.receive();
                for (int i = 0; i < BATCH; i++) {
                    Process.receive();
                }
                Process.send(replyTo, ACK);
            }
        });
        sender = node.spawn(() -> {
            for (;;) {
                java.util.concurrent.CompletableFuture<?> done =
                        (java.util.concurrent.CompletableFuture<?>) Process.receive();
                Process.send(sink, Process.self());
                Integer m = 42;
                for (int i = 0; i < BATCH; i++) {
                    Process.send(sink, m);
                }
                Process.receive();
                done.complete(null);
            }
        });
        me.complete(sender);
        ltqConsumer = Thread.ofVirtual().start(() -> {
            try {
                for (;;) {
                    for (int i = 0; i < BATCH; i++) {
                        ltq.take();
                    }
                    ltqAcks.put(ACK);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        ltqConsumer.interrupt();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mailbox_sendAndReceive() throws Exception {
        java.util.concurrent.CompletableFuture<Object> done = new java.util.concurrent.CompletableFuture<>();
        Process.send(sender, done);
        done.get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void linkedTransferQueue_putAndTake() throws Exception {
        Integer m = 42;
        for (int i = 0; i < BATCH; i++) {
            ltq.put(m);
        }
        ltqAcks.take();
    }
}
