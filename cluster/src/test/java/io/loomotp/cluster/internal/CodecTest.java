package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import io.loomotp.cluster.ClassNotAllowedException;
import io.loomotp.cluster.MessageTooLargeException;
import io.loomotp.cluster.RemoteCrashException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wire's serializer on its own, without a network: pids, exit reasons, the allow-list and the size limit. */
class CodecTest {
    record Hello(Pid from, String text, List<Integer> numbers, Map<String, Integer> counts) {}

    record Holder(Object value) {}

    private final Node node = Node.create("codec");
    private final LocalEnd local = LocalEnd.of(node);

    @AfterEach
    void close() {
        node.close();
    }

    private Codec codec(int maxBytes, Class<?>... allowed) {
        return new Codec(new AllowList(Set.of(allowed), Codec.runtimeClasses()), maxBytes,
                (name, creation, serial) -> creation == local.creation() ? local.process(serial) : null);
    }

    private static Object roundTrip(Codec writer, Codec reader, Object value) {
        byte[] bytes = writer.write(w -> w.object(value), value);
        return reader.read(bytes, 0, bytes.length, Codec.Reader::object);
    }

    @Test
    void write_recordWithPidAndCollections_readsBackEqual_localPidAsTheProcessItself() {
        Pid pid = node.spawn(() -> Process.receive());
        Codec c = codec(1 << 16, Hello.class);
        Hello hello = new Hello(pid, "hi", List.of(1, 2, 3), Map.of("a", 1));
        Object back = roundTrip(c, c, hello);
        assertThat(back).isEqualTo(hello);
        assertThat(((Hello) back).from()).isSameAs(pid);
    }

    /** A class whose name is longer than the 32 chars a Kryo {@code Input} starts with for ASCII strings. */
    record AMessageWhoseClassNameIsLongerThanThirtyTwoCharacters(String text) {}

    @Test
    void read_framesOneAfterTheOther_reuseTheirInputs_withoutLeakingOneFrameIntoTheNext() {
        Codec c = codec(1 << 16, AMessageWhoseClassNameIsLongerThanThirtyTwoCharacters.class, Hello.class);
        List<String> texts = List.of("", "a", "x".repeat(40), "y".repeat(300), "une chaîne accentuée", "z".repeat(33),
                "b");
        for (int round = 0; round < 3; round++) {
            for (String text : texts) {
                var m = new AMessageWhoseClassNameIsLongerThanThirtyTwoCharacters(text);
                assertThat(roundTrip(c, c, m)).isEqualTo(m);
            }
            // a refused frame in between leaves nothing behind for the next reader of its Input
            byte[] refused = codec(1 << 16, Holder.class).write(w -> w.object(new Holder(1)), null);
            assertThatThrownBy(() -> c.read(refused, 0, refused.length, Codec.Reader::object))
                    .isInstanceOf(ClassNotAllowedException.class);
            Hello hello = new Hello(null, "after " + round, List.of(round), Map.of());
            assertThat(roundTrip(c, c, hello)).isEqualTo(hello);
        }
    }

    @Test
    void read_exitReasonConstants_areTheRuntimesOwnObjects() {
        Codec c = codec(1 << 16);
        for (ExitReason r : List.of(ExitReason.NORMAL, ExitReason.KILL, ExitReason.KILLED, ExitReason.NOPROC,
                ExitReason.NOCONNECTION)) {
            assertThat(roundTrip(c, c, r)).isSameAs(r);
        }
        assertThat(roundTrip(c, c, ExitReason.shutdown("done"))).isEqualTo(ExitReason.shutdown("done"));
    }

    /** A {@code make_ref()} tag sent with a request comes back equal, so the asker can match its answer by it. */
    @Test
    void read_reference_isEqualToTheOneWritten_andUnequalToEveryOther() {
        Codec c = codec(1 << 16, Tagged.class);
        io.loomotp.runtime.MonitorRef ref = Process.makeRef();
        Tagged back = (Tagged) roundTrip(c, c, new Tagged(ref, "answer"));
        assertThat(back.ref()).isEqualTo(ref).hasSameHashCodeAs(ref).hasToString(ref.toString());
        assertThat(back.ref()).isNotEqualTo(Process.makeRef());
    }

    record Tagged(io.loomotp.runtime.MonitorRef ref, String text) {}

    @Test
    void write_crash_crossesAsItsClassNameAndMessage() {
        Codec c = codec(1 << 16);
        Object back = roundTrip(c, c, ExitReason.crash(new IllegalStateException("boom")));
        assertThat(back).isInstanceOfSatisfying(ExitReason.Crash.class, crash -> {
            assertThat(crash.cause()).isInstanceOf(RemoteCrashException.class)
                    .hasToString("java.lang.IllegalStateException: boom");
        });
    }

    @Test
    void write_customReasonWhoseTermMayNotCross_crossesAsItsText() {
        Codec c = codec(1 << 16);
        assertThat(roundTrip(c, c, ExitReason.custom(new Holder(7)))).isEqualTo(ExitReason.custom("Holder[value=7]"));
    }

    @Test
    void write_classNotAllowed_refusedByTheSenderNamingIt() {
        Codec c = codec(1 << 16, Holder.class);
        assertThatThrownBy(() -> c.write(w -> w.object(new Holder(new Object())), null))
                .isInstanceOf(ClassNotAllowedException.class)
                .hasMessageContaining("java.lang.Object").hasMessageContaining("refused by the sender");
    }

    /**
     * The fix an array's refusal names compiles: ClusterConfig.allow(Object[].class), not "Object;" (a user's find).
     */
    @Test
    void classNotAllowed_anArray_theFixNamesItAsSourceDoes() {
        assertThat(new ClassNotAllowedException("[Ljava.lang.Object;", false))
                .hasMessageContaining("ClusterConfig.allow(Object[].class)");
        assertThat(new ClassNotAllowedException("[[I", true))
                .hasMessageContaining("ClusterConfig.allow(int[][].class)");
        assertThat(new ClassNotAllowedException("a.b.Outer$Inner", true))
                .hasMessageContaining("ClusterConfig.allow(Outer.Inner.class)");
    }

    /** A lambda's class cannot be allowed: the error says so, not to allow it (a new user's finding). */
    @Test
    void write_lambda_refusedSayingThatNoLambdaCrosses() {
        Codec c = codec(1 << 16, Holder.class);
        Runnable lambda = () -> { };
        assertThatThrownBy(() -> c.write(w -> w.object(new Holder(lambda)), null))
                .isInstanceOf(ClassNotAllowedException.class)
                .hasMessageStartingWith("a lambda (")
                .hasMessageContaining("cannot cross to another node (refused by the sender)")
                .hasMessageNotContaining("ClusterConfig.allow(CodecTest");
    }

    @Test
    void read_classNotAllowedHere_refusedByTheReceiverNamingIt() {
        Codec sender = codec(1 << 16, Holder.class);
        Codec receiver = codec(1 << 16);
        assertThatThrownBy(() -> roundTrip(sender, receiver, new Holder(1)))
                .isInstanceOfSatisfying(ClassNotAllowedException.class,
                        e -> assertThat(e.className()).isEqualTo(Holder.class.getName()))
                .hasMessageContaining("refused by the receiver");
    }

    @Test
    void write_overTheLimit_messageTooLargeNamingTheClass() {
        Codec c = codec(4096);
        assertThatThrownBy(() -> c.write(w -> w.object(new int[10_000]), new int[0]))
                .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("[I").hasMessageContaining("4096");
    }

    @Test
    void allows_sealedInterface_allowsItsPermittedRecords() {
        AllowList allow = new AllowList(Set.of(Shape.class), List.of());
        assertThat(allow.allows(Circle.class)).isTrue();
        assertThat(allow.allows(Square[].class)).isTrue();
        assertThat(allow.allows("[L" + Square.class.getName() + ";")).isTrue();
        assertThat(allow.allows(Holder.class)).isFalse();
        assertThat(allow.allows("[Ljava.lang.Thread;")).isFalse();
    }

    @Test
    void allows_generatedProtocolOnTheClassPath_withoutRegistration() {
        AllowList allow = new AllowList(Set.of(), List.of());
        // Kv (a test server) is listed by the processor in META-INF/loomotp/protocols; nothing registers it
        assertThat(allow.allows("io.loomotp.cluster.Kv_Dispatch$Add")).isTrue();
        assertThat(allow.allows("io.loomotp.cluster.Kv_Dispatch$Reset")).isTrue();
        assertThat(allow.allows("io.loomotp.cluster.Kv")).isFalse();
    }

    @Test
    void write_sysAnswers_readBackEqual() {
        Pid pid = node.spawn(() -> Process.receive());
        Codec c = codec(1 << 16);
        StateSnapshot snapshot = StateSnapshot.of("Frequency", new String[] {"free", "allocated"},
                new Object[] {new java.util.ArrayList<>(List.of(10, 11)), new java.util.HashMap<>(Map.of(12, pid))});
        assertThat(roundTrip(c, c, snapshot)).isEqualTo(snapshot);
        SysStatus status = new SysStatus(pid, "frequency", "gen_server", "shop.Frequency", "running", pid,
                List.of("trace"), "Frequency[free=[10]]", java.util.Collections.unmodifiableMap(Map.of("a", "b")));
        assertThat(roundTrip(c, c, status)).isEqualTo(status);
        Statistics stats = new Statistics(java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1), 3, 2,
                java.time.Duration.ofMillis(5));
        assertThat(roundTrip(c, c, stats)).isEqualTo(stats);
    }

    @Test
    void read_pidOfAKnownIncarnation_skipsItsName_andOfAnUnknownOne_decodesItWithItsName() {
        Pid pid = node.spawn(() -> Process.receive());
        Hello hello = new Hello(pid, "hi", List.of(), Map.of());
        List<String> named = new java.util.ArrayList<>();
        Codec.PidDecoder byName = (name, creation, serial) -> {
            named.add(name);
            return local.process(serial);
        };
        Codec knows = new Codec(new AllowList(Set.of(Hello.class), Codec.runtimeClasses()), 1 << 16,
                new Codec.PidDecoder() {
                    @Override
                    public Pid decode(String name, long creation, long serial) {
                        return byName.decode(name, creation, serial);
                    }

                    @Override
                    public Pid decodeKnown(long creation, long serial) {
                        return creation == local.creation() ? local.process(serial) : null;
                    }
                });
        Codec knowsNot = new Codec(new AllowList(Set.of(Hello.class), Codec.runtimeClasses()), 1 << 16, byName);
        Codec writer = codec(1 << 16, Hello.class);

        assertThat(((Hello) roundTrip(writer, knows, hello)).from()).isSameAs(pid);
        assertThat(named).isEmpty();
        assertThat(((Hello) roundTrip(writer, knowsNot, hello)).from()).isSameAs(pid);
        assertThat(named).containsExactly("codec");
    }

    /** A class whose name Kryo cannot write as ASCII. */
    record Größe(int value) {}

    /** Several classes, one of them twice, so that a frame names some classes by number. */
    record Mixed(Object first, Object second, Object third, List<Object> more) {}

    private static Kryo plainKryo(com.esotericsoftware.kryo.ClassResolver resolver) {
        Kryo k = new Kryo(resolver, null);
        k.setRegistrationRequired(false);
        k.setReferences(false);
        return k;
    }

    private static byte[] bytes(Kryo k, Object o) {
        Output out = new Output(256, -1);
        k.writeClassAndObject(out, o);
        return out.toBytes();
    }

    @Test
    void allowListResolver_writesAndReadsClassNamesAsKryosOwnResolverDoes_frameAfterFrame() {
        AllowList allow = new AllowList(Set.of(Mixed.class, Größe.class, Circle.class,
                AMessageWhoseClassNameIsLongerThanThirtyTwoCharacters.class), List.of());
        Kryo ours = plainKryo(new AllowListResolver(allow));
        Kryo kryos = plainKryo(new DefaultClassResolver());
        List<Object> frames = List.of(
                new Mixed(new Größe(1), new Circle(2), new Größe(3), new java.util.ArrayList<>(List.of(4, "five"))),
                new Mixed(new AMessageWhoseClassNameIsLongerThanThirtyTwoCharacters("x"), 6L, new Circle(7),
                        new java.util.ArrayList<>(List.of(new Circle(8), new Größe(9)))),
                new Circle(10), new Größe(11), 12);
        for (int round = 0; round < 3; round++) { // the later rounds find every name among the names read before
            for (Object frame : frames) {
                byte[] mine = bytes(ours, frame);
                assertThat(mine).as("round %d, %s", round, frame).isEqualTo(bytes(kryos, frame));
                assertThat(ours.readClassAndObject(new Input(mine))).isEqualTo(frame);
            }
        }
    }

    enum Band { LOW, HIGH }

    /** Every kind of component: each primitive, final and open reference types, arrays, null, nesting. */
    record Everything(boolean z, byte b, char c, short s, int i, long l, float f, double d, String text, Band band,
            Shape shape, Object any, int[] ints, String[] texts, List<Integer> list, Integer boxed, Circle circle) {}

    private record Hidden(int secret, String name) {}

    record Checked(int positive) {
        Checked {
            if (positive <= 0) {
                throw new IllegalArgumentException("not positive: " + positive);
            }
        }
    }

    @Test
    void recordHandleSerializer_writesTheBytesKryosRecordSerializerWrites_andReadsThemBack() {
        Kryo ours = plainKryo(new DefaultClassResolver());
        ours.addDefaultSerializer(Record.class, RecordHandleSerializer.FACTORY);
        Kryo kryos = plainKryo(new DefaultClassResolver());
        List<Object> values = List.of(
                new Everything(true, (byte) -3, 'é', (short) -300, -70_000, Long.MIN_VALUE, 1.5f, -2.25, "text",
                        Band.HIGH, new Square(4), 5L, new int[] {1, -1}, new String[] {"a", null}, List.of(6, 7), 8,
                        new Circle(9)),
                new Everything(false, (byte) 0, '\0', (short) 0, 0, 0, 0, 0, null, null, null, null, null, null,
                        null, null, null),
                new Hidden(42, "private, nested"),
                new Mixed(new Circle(1), new Hidden(2, "in an open slot"), null, List.of(new Größe(3))));
        for (Object v : values) {
            byte[] mine = bytes(ours, v);
            assertThat(mine).as("%s", v).isEqualTo(bytes(kryos, v));
            Object back = ours.readClassAndObject(new Input(mine));
            assertThat(back).usingRecursiveComparison().isEqualTo(v);
            assertThat(kryos.readClassAndObject(new Input(mine))).usingRecursiveComparison().isEqualTo(v);
        }
        assertThat(ours.getSerializer(Hidden.class)).isInstanceOf(RecordHandleSerializer.class);
    }

    @Test
    void read_recordWhoseConstructorRefusesTheValues_failsTheFrameNamingTheRecord() {
        Kryo kryos = plainKryo(new DefaultClassResolver());
        kryos.addDefaultSerializer(Checked.class, new com.esotericsoftware.kryo.Serializer<Checked>() {
            @Override
            public void write(Kryo k, Output out, Checked c) {
                out.writeInt(-c.positive(), false); // what a node with another version of the record could send
            }

            @Override
            public Checked read(Kryo k, Input in, Class<? extends Checked> type) {
                throw new UnsupportedOperationException();
            }
        });
        byte[] frame = bytes(kryos, new Checked(5));
        Codec c = codec(1 << 16, Checked.class);
        assertThatThrownBy(() -> c.read(frame, 0, frame.length, Codec.Reader::object))
                .isInstanceOf(io.loomotp.cluster.ClusterException.class)
                .hasMessageContaining(Checked.class.getName())
                .hasMessageContaining("not positive: -5");
    }

    @Test
    void encodedEnd_findsTheEndOfEveryAsciiStringKryoWrites_andNoneOfTheOthers() {
        for (int n = 1; n <= 300; n++) {
            String s = "c".repeat(n);
            for (boolean asAscii : new boolean[] {false, true}) { // writeAscii, as class names are written, from 2
                if (asAscii && n == 1) {
                    continue;
                }
                Output out = new Output(512, -1);
                out.writeByte(7);
                if (asAscii) {
                    out.writeAscii(s);
                } else {
                    out.writeString(s);
                }
                out.writeByte(9);
                byte[] b = out.toBytes();
                Input in = new Input(b);
                in.readByte();
                assertThat(in.readString()).isEqualTo(s);
                assertThat(AllowListResolver.encodedEnd(b, 1, b.length)).as("%d chars", n).isEqualTo(in.position());
                assertThat(AllowListResolver.encodedEnd(b, 1, in.position() - 1)).as("%d chars, cut", n)
                        .isEqualTo(-1);
            }
        }
        for (String other : new String[] {"", "größe", "ü"}) {
            Output out = new Output(64, -1);
            out.writeString(other);
            assertThat(AllowListResolver.encodedEnd(out.toBytes(), 0, out.position())).as(other).isEqualTo(-1);
        }
    }

    sealed interface Shape permits Circle, Square {}

    record Circle(int r) implements Shape {}

    record Square(int side) implements Shape {}
}
