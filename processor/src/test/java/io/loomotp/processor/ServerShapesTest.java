package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.loomotp.processor.Compilations.compile;
import static io.loomotp.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Servers of unusual shapes compile cleanly: the generated code has no error and no warning under -Xlint:all. */
class ServerShapesTest {

    @Test
    void serverThatHoldsItsOwnClient_andTakesItInAMessage() {
        Compilation c = compile(source("test.Ring",
                "package test;",
                "import io.loomotp.*;",
                "import java.util.List;",
                "@Server",
                "public final class Ring {",
                "  private RingRef next;",
                "  private List<RingRef> seen = new java.util.ArrayList<>();",
                "  @Cast void link(RingRef next) { this.next = next; }",
                "  @Cast void all(List<RingRef> others) { seen = others; }",
                "  @Call RingRef next() { return next; }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.RingRef").contentsAsUtf8String().contains("public RingRef next()");
        assertThat(c).generatedSourceFile("test.Ring_Dispatch").contentsAsUtf8String()
                .contains("record All(List<RingRef> others)");
    }

    @Test
    void namesLikeTheClientsRequestsView_stillCompile() {
        // the generated client nests a class Requests (sendRequest()): a server of that name, a handler taking a
        // type of that name, and a call named requests must not be confused with it
        Compilation c = compile(
                source("test.Requests", "package test;", "import io.loomotp.*;",
                        "@Server public final class Requests { @Call int count() { return 1; } }"),
                source("test.Desk", "package test;", "import io.loomotp.*;",
                        "@Server public final class Desk {",
                        "  public record Requests(int n) {}",
                        "  @Call Requests take(Requests r) { return r; }",
                        "  @Call int requests() { return 0; }",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.DeskRef").contentsAsUtf8String()
                .contains("public RequestId take(Desk.Requests r)");
    }

    @Test
    void aUserTypeNamedProcess_doesNotHideTheRuntimesProcessSpawned() {
        // startMonitor() returns io.loomotp.runtime.Process.Spawned: a server or a type of the same package named
        // Process must not be confused with it
        Compilation c = compile(
                source("test.Process", "package test;", "import io.loomotp.*;",
                        "@Server public final class Process { @Call int count() { return 1; } }"),
                source("test.Desk", "package test;", "import io.loomotp.*;",
                        "@Server public final class Desk { @Call Process who(Process p) { return p; } }"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.ProcessRef").contentsAsUtf8String()
                .contains("public static io.loomotp.runtime.Process.Spawned startMonitor(");
    }

    @Test
    void twoServersThatKnowEachOther() {
        Compilation c = compile(
                source("test.Ping", "package test;", "import io.loomotp.*;",
                        "@Server public final class Ping { @Cast void pong(PongRef from) {} }"),
                source("test.Pong", "package test;", "import io.loomotp.*;",
                        "@Server public final class Pong { @Cast void ping(PingRef from) {} }"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void serverWithOnlyCasts_orNothingAtAll() {
        assertThat(compile(source("test.Sink", "package test;", "import io.loomotp.*;",
                "@Server public final class Sink { @Cast void drop(Object o) {} }"))).succeededWithoutWarnings();
        assertThat(compile(source("test.Empty", "package test;", "import io.loomotp.*;",
                "@Server public final class Empty {}"))).succeededWithoutWarnings();
    }

    @Test
    void handlersWithGenericsArraysVarargsAndCheckedExceptions() {
        Compilation c = compile(source("test.Shapes",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "import java.util.*;",
                "@Server",
                "public final class Shapes {",
                "  @Call Map<String, List<Integer>> index(Set<String> keys) { return Map.of(); }",
                "  @Call int[] sorted(int[] xs) { return xs; }",
                "  @Cast void add(String... names) {}",
                "  @Call String read(java.nio.file.Path p) throws java.io.IOException { return \"\"; }",
                "  @Info void tick(int n) {}",
                "  @Info void any(Object o) {}",
                "  @Call void later(ReplyTo<List<String>> reply) {}",
                "}"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void nestedServerClass() {
        Compilation c = compile(source("test.Outer", "package test;", "import io.loomotp.*;",
                "public final class Outer { @Server static final class Inner { @Call int one() { return 1; } } }"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.Outer_InnerRef");
    }

    /**
     * No message is both a Sensor and a CharSequence: every permitted subtype of the sealed interface is a record
     * that is not one (JLS 5.1.6.1, disjoint types). The same for a sealed interface whose permits are inferred, a
     * sealed class of final classes, a sealed interface with a sealed subinterface, and an enum.
     */
    @Test
    void byTypeHandlersForSealedTypes_nextToUnrelatedInterfaces() {
        Compilation c = compile(source("test.Hub",
                "package test;",
                "import io.loomotp.*;",
                "@Server",
                "public final class Hub {",
                "  public sealed interface Sensor permits Temp, Humidity {}",
                "  public record Temp(int c) implements Sensor {}",
                "  public record Humidity(int pct) implements Sensor {}",
                "  public sealed interface Reading {}",
                "  public static final class Raw implements Reading {}",
                "  public enum Level implements Reading {",
                "    LOW, HIGH { @Override public String toString() { return \"!\"; } }",
                "  }",
                "  public abstract static sealed class Shape permits Circle, Square {}",
                "  public static final class Circle extends Shape {}",
                "  public static final class Square extends Shape {}",
                "  public sealed interface Nested permits Inner, Leaf {}",
                "  public sealed interface Inner extends Nested permits Leaf2 {}",
                "  public record Leaf() implements Nested {}",
                "  public record Leaf2() implements Inner {}",
                "  @Info void sensor(Sensor s) {}",
                "  @Info void text(CharSequence c) {}",
                "  @Info void reading(Reading r) {}",
                "  @Info void shape(Shape s) {}",
                "  @Info void nested(Nested n) {}",
                "  @Continue void step(Sensor s) {}",
                "  @Continue void other(Runnable r) {}",
                "}"));
        assertThat(c).succeededWithoutWarnings();
    }

    /**
     * Handlers that overload Object's methods with other parameter types: the client's methods are overloads too,
     * legal Java, and each reaches its handler on a real node, as the sealed-type messages reach theirs.
     */
    @Test
    void handlersOverloadingObjectsMethods_andSealedInfos_runThroughTheClient() throws Exception {
        Compilation c = compile(source("test.Desk",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "import java.time.Duration;",
                "@Server",
                "public final class Desk {",
                "  public record Order(int n) {}",
                "  public record Alarm(String what) {}",
                "  public sealed interface Sensor permits Temp, Humidity {}",
                "  public record Temp(int c) implements Sensor {}",
                "  public record Humidity(int pct) implements Sensor {}",
                "  private final StringBuilder seen = new StringBuilder();",
                "  @Call String equals(Order o) { return \"order \" + o.n(); }",
                "  @Call int hashCode(String key) { return key.length(); }",
                "  @Call String toString(int radix) { return Integer.toString(255, radix); }",
                "  @Cast void notify(Alarm a) { seen.append(a.what()).append(';'); }",
                "  @Cast void notifyAll(String why) { seen.append(why).append(';'); }",
                "  @Call String wait(Duration d, int n) { return \"waited \" + d.toSeconds() * n; }",
                "  @Call Class<?> getClass(String name) { return Desk.class; }",
                "  @Info void sensor(Sensor s) { seen.append(s).append(';'); }",
                "  @Info void text(CharSequence t) { seen.append(\"text \").append(t).append(';'); }",
                "  @Call String seen() { return seen.toString(); }",
                "  public static String run(Node node) {",
                "    DeskRef ref = DeskRef.start(node);",
                "    try {",
                "      ref.notify(new Alarm(\"fire\"));",
                "      ref.notifyAll(\"all\");",
                "      io.loomotp.runtime.Process.send(ref.pid(), new Temp(21));",
                "      io.loomotp.runtime.Process.send(ref.pid(), \"hello\");",
                "      return ref.equals(new Order(7)) + \"|\" + ref.hashCode(\"four\") + \"|\" + ref.toString(16)",
                "          + \"|\" + ref.wait(Duration.ofSeconds(2), 1) + \"|\" + ref.getClass(\"x\").getSimpleName()",
                "          + \"|\" + ref.equals((Object) ref) + \"|\" + ref.seen();",
                "    } finally {",
                "      ref.stop();",
                "    }",
                "  }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        org.assertj.core.api.Assertions.assertThat(CompiledClasses.run(c, "test.Desk", "overloads"))
                .isEqualTo("order 7|4|ff|waited 2|Desk|true|fire;all;Temp[c=21];text hello;");
    }
}
