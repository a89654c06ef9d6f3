package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.loomotp.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One compile test per error of the {@code @Supervisor} step, on its line. Each file declares a server {@code W}
 * (line 3) and a machine {@code M} without {@code @Init} (line 4), then the supervisor from line 5.
 */
class SupervisorErrorsTest {
    private static final String IMPORTS = "import io.loomotp.*; import io.loomotp.runtime.*;";

    private static JavaFileObject file(String... supervisor) {
        String[] body = new String[supervisor.length + 2];
        body[0] = "@Server final class W { @Cast void go() {} }";
        body[1] = "@StateMachine(states = M.S.class) final class M { enum S { A } @Event void go(S s) {} }";
        System.arraycopy(supervisor, 0, body, 2, supervisor.length);
        return Compilations.inTestPackage("Sup", IMPORTS, body);
    }

    private static void assertError(JavaFileObject f, String text, long line) {
        Compilations.assertError(f, text, line);
    }

    @Test
    void aSupervisorWithChildrenOfEveryKind_compiles() {
        assertThat(compile(Compilations.inTestPackage("Shop", IMPORTS, "final class Shop {",
                "  @Server static final class W { @Cast void go() {} }",
                "  @Supervisor(strategy = Strategy.REST_FOR_ONE, intensity = 3, period = \"1m\")",
                "  interface Sup {",
                "    @Child(restart = Restart.TRANSIENT, shutdown = \"brutal_kill\") Shop_WRef w();",
                "    @Child(shutdown = \"infinity\", type = ChildType.SUPERVISOR) Pid other();",
                "    @Child(id = \"dyn\") Shop_DynRef dyn();", "  }",
                "  @Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE)",
                "  interface Dyn { @Child Shop_WRef w(); }",
                "  @Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE)",
                "  interface Args { @Child(restart = Restart.TEMPORARY) Pid p(java.util.List<String> a, int b); }",
                "}"))).succeededWithoutWarnings();
    }

    @Test
    void supervisorOnAConcreteClass() {
        assertError(file("@Supervisor", "final class Sup {}"),
                "[Otp/SupervisorKind] @Supervisor goes on an interface, or an abstract class, that declares the "
                        + "children; 'Sup' is a concrete class", 6);
    }

    @Test
    void negativeIntensity() {
        assertError(file("@Supervisor(intensity = -1)", "interface Sup {}"),
                "[Otp/SupervisorIntensity] intensity -1 is negative", 5);
    }

    @Test
    void periodThatIsNoDuration() {
        assertError(file("@Supervisor(period = \"an hour\")", "interface Sup {}"),
                "[Otp/SupervisorPeriod] period 'an hour' is not a duration", 5);
    }

    @Test
    void periodTooLongForTheClock() {
        assertError(file("@Supervisor(period = \"99999999999999999999s\")", "interface Sup {}"),
                "[Otp/SupervisorPeriod] period '99999999999999999999s' is too long for the runtime's clock", 5);
    }

    @Test
    void shutdownTooLongForTheClock() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child(shutdown = \"9999999999999999d\") WRef w();",
                "}"), "[Otp/ChildShutdown] shutdown of @Child 'w()' '9999999999999999d' is too long", 7);
    }

    @Test
    void registeredNameWithWhitespace() {
        assertError(file("@Supervisor(name = \"  top sup \")", "interface Sup {}"),
                "[Otp/RegisteredName] name '  top sup ' has whitespace in it", 5);
    }

    @Test
    void childReturningSomethingThatStartsNothing() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child String name();", "}"),
                "[Otp/ChildReturn] @Child method 'name()' returns String, which starts nothing", 7);
    }

    @Test
    void childReturningTheServerClassInsteadOfItsClient() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child W w();", "}"),
                "[Otp/ChildReturn] @Child method 'w()' returns W, the behaviour's own class: return its generated "
                        + "client, WRef, which starts it", 7);
    }

    /** A supervisor that is its own child compiled, and its start recursed until the starter's stack overflowed. */
    @Test
    void childThatIsTheSupervisorItself() {
        JavaFileObject f = file("@Supervisor", "interface Sup {", "  @Child SupRef me();", "}");
        Compilation c = compile(f);
        assertThat(c).hadErrorContaining("[Otp/ChildIsItsSupervisor] @Child method 'me()' returns SupRef, the client "
                + "of Sup itself: a supervisor cannot be its own child").inFile(f).onLine(7);
        // and javac's own, since a class with errors gets no generated code: its SupRef is missing
        assertThat(c).hadErrorContaining("cannot find symbol");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void childStateMachineWithoutInit() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child MRef m();", "}"),
                "[Otp/ChildNoInit] @Child method 'm()' returns MRef, whose state machine has no @Init", 7);
    }

    @Test
    void childWithArguments_inAStaticSupervisor() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child WRef w(String name);", "}"),
                "[Otp/ChildArgs] @Child method 'w(String)' takes parameters", 7);
    }

    @Test
    void childWithABody() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child default WRef w() { return null; }", "}"),
                "[Otp/ChildNotAbstract] @Child method 'w()' has a body", 7);
    }

    @Test
    void abstractMethodThatIsNoChild() {
        assertError(file("@Supervisor", "interface Sup {", "  WRef w();", "}"),
                "[Otp/NotAChild] abstract method 'w()' of supervisor 'Sup' is not a @Child", 7);
    }

    @Test
    void twoChildrenWithOneId() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child WRef w();", "  @Child(id = \"w\") Pid p();",
                "}"), "[Otp/ChildDuplicateId] @Child methods 'p()' and 'w()' have the same id 'w'", 8);
    }

    @Test
    void shutdownThatIsNone() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child(shutdown = \"soon\") WRef w();", "}"),
                "[Otp/ChildShutdown] shutdown 'soon' of @Child 'w()' is not one", 7);
    }

    @Test
    void significantChild_underASupervisorThatNeverShutsDown() {
        assertError(file("@Supervisor", "interface Sup {",
                        "  @Child(restart = Restart.TRANSIENT, significant = true) WRef w();", "}"),
                "[Otp/ChildSignificant] @Child 'w()' is significant, but supervisor 'Sup' never shuts down on its "
                        + "children", 7);
    }

    @Test
    void significantChild_thatIsPermanent() {
        assertError(file("@Supervisor(autoShutdown = AutoShutdown.ANY_SIGNIFICANT)", "interface Sup {",
                        "  @Child(significant = true) WRef w();", "}"),
                "[Otp/ChildSignificant] @Child 'w()' is significant and permanent", 7);
    }

    @Test
    void significantChildren_compileToAutoShutdownAndSignificant() {
        var c = compile(Compilations.inTestPackage("Jobs", IMPORTS, "final class Jobs {",
                "  @Server static final class W { @Cast void go() {} }",
                "  @Supervisor(autoShutdown = AutoShutdown.ALL_SIGNIFICANT)",
                "  interface Sup {",
                "    @Child(restart = Restart.TEMPORARY, significant = true) Jobs_WRef w();",
                "    @Child Jobs_WRef other();", "  }", "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.Jobs_SupSupervisor").contentsAsUtf8String()
                .contains(".withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT)");
        assertThat(c).generatedSourceFile("test.Jobs_SupSupervisor").contentsAsUtf8String()
                .contains(".withRestart(Restart.TEMPORARY).withSignificant(true)");
    }

    @Test
    void simpleOneForOne_withTwoChildren() {
        assertError(file("@Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE)", "interface Sup {",
                "  @Child WRef a();", "  @Child WRef b();", "}"),
                "[Otp/SimpleOneChild] SIMPLE_ONE_FOR_ONE supervisor 'Sup' has 2 @Child methods", 5);
    }

    @Test
    void simpleOneForOne_withARegisteredTemplate_warnsOnTheChild() {
        var c = compile(Compilations.inTestPackage("Pool", IMPORTS, "final class Pool {",
                "  @Server(name = \"worker\") static final class W { @Cast void go() {} }",
                "  @Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE)",
                "  interface Sup {",
                "    @Child Pool_WRef w();", "  }", "}"));
        // legal, as in OTP (it starts once), so a warning, which these compilations' -Werror makes the one error
        assertThat(c).hadWarningContaining("[Otp/SimpleOneRegistered] @Child 'w()' starts a behaviour that "
                + "registers the name 'worker'").inFile(c.sourceFiles().get(0)).onLine(7);
        assertThat(c).hadWarningCount(1);
        assertThat(c).hadErrorContaining("warnings found and -Werror specified");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void childNamedLikeAClientMember() {
        assertError(file("@Supervisor", "interface Sup {", "  @Child WRef whichChildren();", "}"),
                "[Otp/NameClash] @Child 'whichChildren()' clashes with SupRef.whichChildren(), which every "
                        + "generated supervisor client has: rename the method, and keep the child's id with "
                        + "@Child(id = \"whichChildren\")", 7);
    }

    @Test
    void simpleOneForOne_withAllSignificant_warnsOnTheSupervisor() {
        var c = compile(Compilations.inTestPackage("Pool", IMPORTS, "final class Pool {",
                "  @Server static final class W { @Cast void go() {} }",
                "  @Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE, autoShutdown = AutoShutdown.ALL_SIGNIFICANT)",
                "  interface Sup {",
                "    @Child(restart = Restart.TEMPORARY, significant = true) Pool_WRef w();", "  }", "}"));
        assertThat(c).hadWarningContaining("[Otp/AllSignificantSimpleOne] SIMPLE_ONE_FOR_ONE supervisor 'Sup' has "
                + "autoShutdown = ALL_SIGNIFICANT, which acts as ANY_SIGNIFICANT there").inFile(c.sourceFiles().get(0))
                .onLine(6);
        assertThat(c).hadWarningCount(1);
    }

    @Test
    void childOutsideASupervisor() {
        assertError(file("interface Sup {", "  @Child WRef w();", "}"),
                "[Otp/NotInBehaviour] @Child on 'w()' in 'Sup', which is not a @Supervisor", 6);
    }
}
