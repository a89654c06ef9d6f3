package io.loomotp.bench.jmh;

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
 * The dispatch of a message to its handler, alone: a pattern {@code switch} over a sealed protocol (what the processor
 * generates), an {@code instanceof} chain, and a {@code switch} on an int tag. Five message types, the one handled
 * varying, so that no call site sees one type only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class DispatchBench {
    sealed interface Msg permits A, B, C, D, E {
        int tag();
    }

    record A(int x) implements Msg {
        public int tag() {
            return 0;
        }
    }

    record B(int x) implements Msg {
        public int tag() {
            return 1;
        }
    }

    record C(int x) implements Msg {
        public int tag() {
            return 2;
        }
    }

    record D(int x) implements Msg {
        public int tag() {
            return 3;
        }
    }

    record E(int x) implements Msg {
        public int tag() {
            return 4;
        }
    }

    private Object[] messages;
    private int i;
    private int state;

    @Setup
    public void setUp() {
        messages = new Object[] {new A(1), new B(2), new C(3), new D(4), new E(5), new A(6), new C(7), new E(8)};
    }

    private Object next() {
        Object m = messages[i];
        i = (i + 1) & 7;
        return m;
    }

    @Benchmark
    public int patternSwitch() {
        Object o = next();
        if (!(o instanceof Msg m)) {
            throw new IllegalArgumentException();
        }
        return switch (m) {
            case A a -> state += a.x();
            case B b -> state -= b.x();
            case C c -> state ^= c.x();
            case D d -> state |= d.x();
            case E e -> state &= e.x();
        };
    }

    @Benchmark
    public int instanceofChain() {
        Object o = next();
        if (o instanceof A a) {
            return state += a.x();
        } else if (o instanceof B b) {
            return state -= b.x();
        } else if (o instanceof C c) {
            return state ^= c.x();
        } else if (o instanceof D d) {
            return state |= d.x();
        } else if (o instanceof E e) {
            return state &= e.x();
        }
        throw new IllegalArgumentException();
    }

    @Benchmark
    public int tagSwitch() {
        Object o = next();
        if (!(o instanceof Msg m)) {
            throw new IllegalArgumentException();
        }
        return switch (m.tag()) {
            case 0 -> state += ((A) m).x();
            case 1 -> state -= ((B) m).x();
            case 2 -> state ^= ((C) m).x();
            case 3 -> state |= ((D) m).x();
            default -> state &= ((E) m).x();
        };
    }
}
