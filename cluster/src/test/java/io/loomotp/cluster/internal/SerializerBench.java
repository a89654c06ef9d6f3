package io.loomotp.cluster.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.List;
import java.util.Set;
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

/**
 * The wire's serializer against a second candidate, for docs/adr/0010: one protocol record (a string, numbers, a list,
 * an enum), written and read back as the wire does, with its class chosen at run time from an allow-list. Kryo goes
 * through {@link Codec} (allow-list resolver, pooled instances); Jackson CBOR through an {@link ObjectMapper} whose
 * polymorphic type validator is the allow-list. Run with {@code org.openjdk.jmh.Main SerializerBench} on the test
 * class path (see the ADR); not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SerializerBench {
    public enum Status { OPEN, CLOSED }

    public record Order(long id, String item, int quantity, List<Integer> slots, Status status) {}

    /** Jackson's envelope for a payload whose class is chosen at run time, as on the wire. */
    public record Frame(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object payload) {}

    private final Order order = new Order(42L, "frequency-allocation", 3, List.of(10, 11, 12, 13), Status.OPEN);
    private Codec kryo;
    private ObjectMapper cbor;
    private byte[] kryoBytes;
    private byte[] cborBytes;

    @Setup
    public void setUp() throws Exception {
        kryo = new Codec(new AllowList(Set.of(Order.class, Status.class), Codec.runtimeClasses()), 1 << 20,
                (n, c, s) -> null);
        cbor = new ObjectMapper(new CBORFactory());
        cbor.setPolymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().allowIfSubType(Order.class).build());
        kryoBytes = kryo.write(w -> w.object(order), order);
        cborBytes = cbor.writeValueAsBytes(new Frame(order));
        System.out.printf("%nserialized size: kryo %d bytes, jackson-cbor %d bytes%n", kryoBytes.length,
                cborBytes.length);
    }

    @Benchmark
    public Object kryoRoundTrip() {
        byte[] b = kryo.write(w -> w.object(order), order);
        return kryo.read(b, 0, b.length, Codec.Reader::object);
    }

    /** Reading alone, as a connection's reader does for every frame. */
    @Benchmark
    public Object kryoRead() {
        return kryo.read(kryoBytes, 0, kryoBytes.length, Codec.Reader::object);
    }

    @Benchmark
    public Object cborRoundTrip() throws Exception {
        byte[] b = cbor.writeValueAsBytes(new Frame(order));
        return cbor.readValue(b, Frame.class).payload();
    }
}
