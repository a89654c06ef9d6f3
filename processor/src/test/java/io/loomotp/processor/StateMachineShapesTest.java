package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.loomotp.processor.Compilations.compile;
import static io.loomotp.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** State machines of unusual shapes compile cleanly: no error and no warning under -Xlint:all in generated code. */
class StateMachineShapesTest {

    @Test
    void terminateTakingTheState_isCalledWithIt() {
        Compilation c = compile(source("test.Till",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "@StateMachine",
                "public final class Till {",
                "  public enum S { IDLE, PAYING }",
                "  @Init S init() { return S.IDLE; }",
                "  @Event S pay(S s, int coin) { return S.PAYING; }",
                "  @Terminate void refund(S state, ExitReason reason) {}",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.Till_Dispatch").contentsAsUtf8String()
                .contains("data.refund((Till.S) state, reason);");
        Compilation stateOnly = compile(source("test.Till",
                "package test;",
                "import io.loomotp.*;",
                "@StateMachine",
                "public final class Till {",
                "  public enum S { IDLE }",
                "  @Init S init() { return S.IDLE; }",
                "  @Terminate void refund(S state) {}",
                "}"));
        assertThat(stateOnly).succeededWithoutWarnings();
        assertThat(stateOnly).generatedSourceFile("test.Till_Dispatch").contentsAsUtf8String()
                .contains("data.refund((Till.S) state);");
    }

    /**
     * An {@code @Info} for one type in some states, next to a less specific one for every state: in the other states
     * the message goes on to the less specific handler (it went to UNHANDLED, and was dropped, until 2026-12-06).
     */
    @Test
    void infoForSomeStates_nextToALessSpecificOne_theOtherStatesReachIt() throws Exception {
        Compilation c = compile(source("test.Lamp",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "@StateMachine",
                "public final class Lamp {",
                "  public enum S { OFF, ON, BROKEN }",
                "  private final StringBuilder seen = new StringBuilder();",
                "  @Init S init() { return S.OFF; }",
                "  @Event S flip(S s) { return s == S.OFF ? S.ON : S.BROKEN; }",
                "  @Event void seen(S s, ReplyTo<String> r) { r.reply(seen.toString()); }",
                "  @Info @InState({\"OFF\", \"ON\"}) void text(S s, String t) { seen.append(s + \" \" + t + ';'); }",
                "  @Info void any(S s, Object o) { seen.append(s + \" any \" + o + ';'); }",
                "  public static String run(Node node) {",
                "    LampRef ref = LampRef.start(node);",
                "    try {",
                "      io.loomotp.runtime.Process.send(ref.pid(), \"a\");",
                "      ref.flip();",
                "      io.loomotp.runtime.Process.send(ref.pid(), \"b\");",
                "      ref.flip();",
                "      io.loomotp.runtime.Process.send(ref.pid(), \"c\");",
                "      io.loomotp.runtime.Process.send(ref.pid(), 7);",
                "      return ref.seen();",
                "    } finally {",
                "      ref.stop();",
                "    }",
                "  }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        org.assertj.core.api.Assertions.assertThat(CompiledClasses.run(c, "test.Lamp", "lamp"))
                .isEqualTo("OFF a;ON b;BROKEN any c;BROKEN any 7;");
    }

    @Test
    void enumStates_thatCompile() {
        Compilation c = compile(source("test.Light",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "import io.loomotp.runtime.statem.*;",
                "import java.time.Duration;",
                "@StateMachine(unhandled = StateMachine.Unhandled.LOG)",
                "public final class Light {",
                "  public enum S { OFF, ON, BROKEN }",
                "  int flips;",
                "  @Init S init() { return S.OFF; }",
                "  @Event @InState({\"OFF\", \"ON\"}) Transition flip(S s) {",
                "    flips++; return Transition.next(s == S.OFF ? S.ON : S.OFF).eventTimeout(Duration.ofSeconds(1), 0);",
                "  }",
                "  @Event S smash(S s) { return S.BROKEN; }",
                "  @Event void count(S s, ReplyTo<Integer> r) { r.reply(flips); }",
                "  @Enter @InState(\"BROKEN\") void broken(S s, S from) {}",
                "  @Info @InState(\"ON\") S idle(S s, EventTimeout t) { return S.OFF; }",
                "  @Info void any(Object o) {}",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.Light_Dispatch").contentsAsUtf8String()
                .contains("case OFF, ON -> data.flip((Light.S) state);");
        assertThat(c).generatedSourceFile("test.Light_Dispatch").contentsAsUtf8String()
                .contains("public boolean logsUnhandled()");
    }

    @Test
    void noInit_theClientTakesTheFirstState_andCheckedExceptionsPass() {
        Compilation c = compile(source("test.Door",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "import io.loomotp.runtime.statem.*;",
                "@StateMachine(states = Door.State.class)",
                "final class Door {",
                "  sealed interface State permits Locked, Open {}",
                "  record Locked(String code) implements State {}",
                "  enum Open implements State { WIDE }",
                "  @Event State unlock(Locked s, String code) throws java.io.IOException {",
                "    if (code == null) throw new java.io.IOException(); return code.equals(s.code()) ? Open.WIDE : s;",
                "  }",
                "  @Event void unlock(Open s, String code) {}",
                "  @Event Transition push(State s) { return Transition.keep().postpone(); }",
                "  @Enter void entered(State s) {}",
                "  @Info void timeout(Locked s, StateTimeout t) {}",
                "  @Info void timeout(Open s, StateTimeout t) {}",
                "  @Info Transition generic(GenericTimeout t) { return Transition.keep(); }",
                "  @Info void text(String s) {}",
                "  @Info void number(int n) {}",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.DoorRef").contentsAsUtf8String()
                .contains("static DoorRef start(Node node, Supplier<Door> factory, Door.State initialState)");
        assertThat(c).generatedSourceFile("test.Door_Dispatch").contentsAsUtf8String()
                .contains("throws Exception");
    }

    @Test
    void machineAndServerThatKnowEachOther() {
        Compilation c = compile(
                source("test.Phone", "package test;", "import io.loomotp.*;",
                        "@StateMachine(states = Phone.S.class)",
                        "public final class Phone { public enum S { IDLE }",
                        "  @Event void register(S s, HlrRef hlr) {} }"),
                source("test.Hlr", "package test;", "import io.loomotp.*;",
                        "@Server public final class Hlr { @Cast void attach(PhoneRef phone) {} }"));
        assertThat(c).succeededWithoutWarnings();
    }

    /** Events that overload Object's methods: the client's methods take other parameter types, legal Java. */
    @Test
    void eventsOverloadingObjectsMethods() {
        Compilation c = compile(source("test.Bell",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "@StateMachine",
                "public final class Bell {",
                "  public enum S { QUIET, RINGING }",
                "  public record Alarm(String what) {}",
                "  @Init S init() { return S.QUIET; }",
                "  @Event S notify(S s, Alarm a) { return S.RINGING; }",
                "  @Event void wait(S s, String why, ReplyTo<String> r) { r.reply(why); }",
                "  @Event S hashCode(S s, int seed) { return s; }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.BellRef").contentsAsUtf8String()
                .contains("public String wait(String why)");
    }
}
