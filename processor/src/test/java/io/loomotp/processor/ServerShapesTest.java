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
}
