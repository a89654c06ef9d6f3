package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every behaviour shares (the class, the handlers every behaviour has, the mailbox bound), checked for
 * each behaviour kind: the one error names the class's own annotation, and a state machine or a supervisor is never
 * told about a "server".
 */
class SharedRulesTest {
    private static final String IMPORTS = "import io.loomotp.*; import io.loomotp.runtime.*; "
            + "import io.loomotp.runtime.server.*; import io.loomotp.runtime.statem.*;";

    /** The class annotation of a kind; a state machine's states are the file's top-level enum {@code St}. */
    private static String annotation(String kind, String members) {
        return kind.equals("Server") ? "@Server" + (members.isEmpty() ? "" : "(" + members + ")")
                : "@StateMachine(states = St.class" + (members.isEmpty() ? "" : ", " + members) + ")";
    }

    /** Package on line 1, imports on line 2, the body from line 3, then (for a state machine) its states. */
    private static JavaFileObject file(String kind, String name, String... body) {
        List<String> lines = new ArrayList<>(List.of(body));
        if (kind.equals("StateMachine")) {
            lines.add("enum St { A }");
        }
        return Compilations.inTestPackage(name, IMPORTS, lines.toArray(String[]::new));
    }

    /**
     * Exactly one error, containing {@code text}, on {@code line} of the input (so none from generated code); for a
     * state machine or a supervisor, no word of a server but the annotation {@code @Server} where it is the fix.
     */
    private static void assertOnly(String kind, JavaFileObject file, String text, long line) {
        Compilation c = Compilations.compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(text).inFile(file).onLine(line);
        String message = c.errors().get(0).getMessage(Locale.ROOT);
        if (!kind.equals("Server")) {
            assertThat(message.replace("@Server", "").toLowerCase(Locale.ROOT)).as(message).doesNotContain("server");
        }
    }

    // --- the class ----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void behaviourOnInterface(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "interface S {}"),
                "[Otp/BehaviourKind] @" + kind + " goes on a class, but 'S' is an interface: write a concrete class",
                4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void behaviourOnAbstractClass(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "abstract class S {}"),
                "[Otp/BehaviourAbstract] @" + kind + " class 'S' is abstract", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine", "Supervisor"})
    void behaviourOnPrivateClass(String kind) {
        String declaration = kind.equals("Supervisor") ? "  private interface S {}" : "  private static class S {}";
        String ann = kind.equals("Supervisor") ? "@Supervisor" : annotation(kind, "");
        assertOnly(kind, file(kind, "Outer", "class Outer {", "  " + ann, declaration, "}"),
                "[Otp/BehaviourPrivate] @" + kind + " class 'S' is private; the generated client must reach it", 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void behaviourOnInnerClass(String kind) {
        assertOnly(kind, file(kind, "Outer", "class Outer {", "  " + annotation(kind, ""), "  class S {}", "}"),
                "[Otp/BehaviourInner] @" + kind + " class 'S' is an inner class", 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine", "Supervisor"})
    void behaviourGeneric(String kind) {
        String declaration = kind.equals("Supervisor") ? "interface S<T> {}" : "class S<T> {}";
        String ann = kind.equals("Supervisor") ? "@Supervisor" : annotation(kind, "");
        assertOnly(kind, file(kind, "S", ann, declaration),
                "[Otp/BehaviourGeneric] @" + kind + " class 'S' is generic", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void noUsableConstructor(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {", "  private S() {}", "}"),
                "[Otp/NoConstructor] 'S' has no constructor or static factory method that its package can call", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void negativeMailboxCapacity(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, "mailboxCapacity = -1"), "class S {}"),
                "[Otp/MailboxCapacity] mailboxCapacity -1 is negative", 3);
    }

    /** An overflow policy with no bound never applies: a "queue limit of 0" would be no limit (new user's finding). */
    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void overflowWithoutABound(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, "overflow = io.loomotp.Overflow.REJECT"), "class S {}"),
                "[Otp/MailboxOverflow] overflow = REJECT applies to a bounded mailbox only, and mailboxCapacity is 0", 3);
        assertOnly(kind, file(kind, "S", annotation(kind, "mailboxCapacity = 0, overflow = io.loomotp.Overflow.REJECT"),
                "class S {}"), "[Otp/MailboxOverflow]", 3);
    }

    @Test
    void serverAndStateMachine_onOneClass_oneErrorAndNothingGenerated() {
        assertOnly("Server", file("StateMachine", "S", "@Server", annotation("StateMachine", ""), "class S {}"),
                "[Otp/TwoBehaviours] 'S' is both @Server and @StateMachine; a class is one behaviour", 5);
    }

    @Test
    void stateMachineAndSupervisor_onOneClass_oneError() {
        assertOnly("StateMachine", file("StateMachine", "S", "@Supervisor", annotation("StateMachine", ""),
                        "class S {}"),
                "[Otp/TwoBehaviours] 'S' is both @StateMachine and @Supervisor", 5);
    }

    // --- the handlers every behaviour has -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void privateTerminate(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {", "  @Terminate private void end() {}",
                "}"), "[Otp/HandlerPrivate] @Terminate method 'end()' is private", 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void staticTerminate(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {", "  @Terminate static void end() {}",
                "}"), "[Otp/HandlerStatic] @Terminate method 'end()' is static; handlers run on the instance each "
                + "start makes: remove 'static'", 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void genericTerminate(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {", "  @Terminate <T> void end() {}", "}"),
                "[Otp/HandlerGeneric] @Terminate method 'end()' declares type parameters", 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void twoRoles(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {", "  @Info @Terminate void x(Object o) {}",
                "}"), "[Otp/TwoRoles] method 'x(Object)' is both @Info and @Terminate", 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void twoTerminates(String kind) {
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {", "  @Terminate void a() {}",
                "  @Terminate void b() {}", "}"),
                "[Otp/OnlyOneTerminate] @Terminate method 'b()' is the second one after 'a()'", 6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void terminateSignature(String kind) {
        // a state machine's @Terminate may also take its state (OTP's terminate/3), and its message says so
        String expected = kind.equals("Server")
                ? "[Otp/TerminateSignature] @Terminate method 'end()' must take no parameter or one ExitReason"
                : "[Otp/TerminateSignature] @Terminate method 'end()' of a state machine must take no parameter, the "
                        + "state (a St), an ExitReason, or the state then an ExitReason, and return void";
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {",
                "  @Terminate int end() { return 0; }", "}"), expected, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server", "StateMachine"})
    void handlerNamedLikeAClientMember(String kind) {
        String handler = kind.equals("Server") ? "  @Cast void pid() {}" : "  @Event void pid(St s) {}";
        assertOnly(kind, file(kind, "S", annotation(kind, ""), "class S {", handler, "}"),
                "[Otp/NameClash] handler 'pid' clashes with SRef.pid(), which every generated client has", 5);
    }

    @Test
    void terminateInAPlainClass_namesBothBehaviours() {
        assertOnly("", file("Server", "S", "class S {", "  @Terminate void end() {}", "}"),
                "[Otp/NotInBehaviour] @Terminate on 'end()' in 'S', which is not a @Server or @StateMachine", 4);
    }

    @Test
    void terminateInASupervisor_isToldWhatASupervisorHas() {
        assertOnly("Supervisor", file("Server", "S", "@Supervisor", "interface S {", "  @Terminate default void end() {}",
                "}"), "[Otp/WrongRole] @Terminate on 'end()' is not for a supervisor: use @Child", 5);
    }
}
