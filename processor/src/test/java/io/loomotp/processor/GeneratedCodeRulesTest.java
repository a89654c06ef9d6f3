package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The rules the generated code depends on, each checked during validation and reported on the element, with a code
 * and a fix, instead of surfacing as an error inside a generated file: the types it names, the names it declares,
 * the annotation values it passes on, and the messages that used to point at the wrong thing. Each case checks
 * that its mistake gives exactly one error.
 */
class GeneratedCodeRulesTest {
    private static final String IMPORTS = "import io.loomotp.*; import io.loomotp.runtime.*; "
            + "import io.loomotp.runtime.server.*; import io.loomotp.runtime.statem.*;";

    private static JavaFileObject file(String name, String... body) {
        return Compilations.inTestPackage(name, IMPORTS, body);
    }

    private static void assertOnly(Compilation c, JavaFileObject file, String text, long line) {
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(text).inFile(file).onLine(line);
    }

    // --- types the generated code names ------------------------------------------------------------------------------

    @Test
    void privateNestedType_asHandlerParameter() {
        JavaFileObject f = file("S", "@Server final class S {", "  private record Secret(int n) {}",
                "  @Cast void go(Secret s) {}", "}");
        Compilations.assertError(f, "[Otp/UnreachableType] the type 'Secret' of parameter 's' of 'go(Secret)' is "
                + "private, and the generated code must name it: make 'Secret' package-private or public", 5);
    }

    @Test
    void privateNestedType_asReply() {
        JavaFileObject f = file("S", "@Server final class S {", "  private record Secret(int n) {}",
                "  @Call Secret get() { return new Secret(1); }", "}");
        Compilations.assertError(f, "[Otp/UnreachableType] the type 'Secret' of the result of 'get()' is private", 5);
    }

    @Test
    void privateNestedType_inADeferredReply() {
        JavaFileObject f = file("S", "@Server final class S {", "  private record Secret(int n) {}",
                "  @Call void later(ReplyTo<java.util.List<Secret>> r) {}", "}");
        Compilations.assertError(f, "[Otp/UnreachableType] the type 'Secret' of parameter 'r'", 5);
    }

    /** A private field of a private type is read through a VarHandle typed by reflection: nothing names the type. */
    @Test
    void privateNestedType_asAPrivateStateField_isAccepted() {
        JavaFileObject f = file("S", "@Server final class S {", "  private record Secret(int n) {}",
                "  private final Secret secret = new Secret(1);", "  @Cast void go() {}", "}");
        com.google.testing.compile.CompilationSubject.assertThat(Compilations.compile(f)).succeededWithoutWarnings();
    }

    /** A package-private field is read by name, so its type must be nameable. */
    @Test
    void privateNestedType_asAPackagePrivateStateField() {
        JavaFileObject f = file("S", "@Server final class S {", "  private record Secret(int n) {}",
                "  final Secret secret = new Secret(1);", "}");
        Compilations.assertError(f, "[Otp/UnreachableType] the type 'Secret' of field 'secret', which the sys "
                + "snapshot reads, is private", 5);
    }

    @Test
    void privateStateType_ofAStateMachine() {
        JavaFileObject f = file("M", "@StateMachine final class M {", "  private enum St { A }",
                "  @Init St init() { return St.A; }", "}");
        Compilations.assertError(f, "[Otp/UnreachableType] the type 'St' of the result of 'init()' is private", 5);
    }

    @Test
    void behaviourInsideAPrivateClass() {
        JavaFileObject f = file("Outer", "class Outer {", "  private static class Hidden {",
                "    @Server static final class S {}", "  }", "}");
        Compilations.assertError(f, "[Otp/BehaviourPrivate] @Server class 'S' is inside private class 'Hidden'; "
                + "the generated client must reach it: make 'Hidden' package-private or public", 5);
    }

    // --- names the generated code declares ---------------------------------------------------------------------------

    @Test
    void existingClass_withTheGeneratedClientsName() {
        JavaFileObject server = file("S", "@Server final class S {", "  @Cast void go() {}", "}");
        JavaFileObject taken = file("SRef", "final class SRef {}");
        assertOnly(Compilations.compile(server, taken), server, "[Otp/GeneratedNameTaken] a class 'SRef' already "
                + "exists in package 'test', and the processor generates that class for @Server 'S': rename 'SRef', "
                + "or 'S'", 3);
    }

    @Test
    void handlerNamedLikeItsClass_inTheDefaultPackage() {
        JavaFileObject f = Compilations.source("Ping", "import io.loomotp.*;", "@Server final class Ping {",
                "  @Call int ping() { return 1; }", "}");
        Compilations.assertError(f, "[Otp/DefaultPackageClash] handler 'ping()' gives its message the name 'Ping', "
                + "which in the default package hides class 'Ping' inside the generated dispatch", 3);
    }

    // --- annotation values checkable at compile time -----------------------------------------------------------------

    @Test
    void zeroPeriod() {
        JavaFileObject f = file("Sup", "@Supervisor(period = \"0s\")", "interface Sup {}");
        Compilations.assertError(f, "[Otp/SupervisorPeriod] period '0s' is zero", 3);
    }

    // --- messages that pointed at the wrong thing --------------------------------------------------------------------

    @Test
    void sealedStateType_withANonSealedState_namesThatState() {
        JavaFileObject f = file("M", "@StateMachine final class M {", "  sealed interface St permits A, B {}",
                "  record A() implements St {}", "  static non-sealed class B implements St {}",
                "  @Init St init() { return new A(); }", "}");
        Compilations.assertError(f, "[Otp/StateType] state type 'St' permits 'B', which is neither a record, an "
                + "enum nor a final class", 6);
    }

    @Test
    void wildcardReplyTo_isNotCalledRaw() {
        JavaFileObject f = file("S", "@Server final class S {", "  @Call void later(ReplyTo<?> r) {}", "}");
        Compilations.assertError(f, "[Otp/RawReplyTo] @Call method 'later(ReplyTo<?>)' takes a ReplyTo<?>, which "
                + "does not say what the reply is", 4);
    }

    @Test
    void handlerInAnAbstractBaseClass_isToldToMoveIt() {
        JavaFileObject f = file("S", "abstract class Base {", "  @Call int x() { return 1; }", "}",
                "@Server final class S extends Base {}");
        Compilations.assertError(f, "[Otp/InheritedHandler] @Call on 'x()' in abstract class 'Base': handlers are "
                + "read from the behaviour class itself", 4);
    }

    /** An interface's default handler is told to move too, not to annotate the interface (which is refused). */
    @Test
    void handlerInAnInterface_isToldToMoveIt() {
        JavaFileObject f = file("S", "interface Pingable {", "  @Call default int x() { return 1; }", "}",
                "@Server final class S implements Pingable {}");
        Compilations.assertError(f, "[Otp/InheritedHandler] @Call on 'x()' in interface 'Pingable': handlers are "
                + "read from the behaviour class itself, not from its interfaces: declare the handler in the @Server or "
                + "@StateMachine class (it may call Pingable.super.x(...))", 4);
    }
}
