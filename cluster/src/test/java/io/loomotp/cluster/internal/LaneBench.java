package io.loomotp.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the combining writer adds on its own, for docs/adr/0023, without a socket: a call's frame handed straight to
 * the wire against the same frame through an idle {@link Lane} (the cost a lone call pays for batching), and packing
 * a batch of 64 cast-sized frames and taking it apart again (the cost batching adds per frame, against the socket
 * write per frame it saves). Run with {@code org.openjdk.jmh.Main LaneBench} on the test class path, as
 * {@code SerializerBench}; not a test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LaneBench {
    private final byte[] call = new byte[60];
    private final List<byte[]> casts = new ArrayList<>();
    private int castBytes;
    private Blackhole hole;
    private Lane lane;

    @Setup
    public void setUp(Blackhole blackhole) {
        hole = blackhole;
        call[0] = Op.CALL;
        lane = new Lane(hole::consume);
        for (int i = 0; i < 64; i++) {
            byte[] f = new byte[60];
            f[0] = Op.SEND;
            casts.add(f);
            castBytes += f.length;
        }
    }

    @Benchmark
    public void directWrite() {
        hole.consume(call);
    }

    @Benchmark
    public void callThroughIdleLane() {
        lane.send(call, true);
    }

    @Benchmark
    public void packAndUnpack64() {
        byte[] batch = Lane.pack(casts, castBytes);
        Lane.unpack(batch, 0, batch.length, (b, o, n) -> hole.consume(n));
    }
}
