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

    /**
     * An {@code @Enter} for one state next to one for the whole sealed interface: entering that state runs its own
     * enter call only, every other state the one for the state type; one enter call per change of state, as
     * gen_statem's {@code handle_event(enter, ...)} clauses, the specific one written first.
     */
    @Test
    void enterForOneRecordState_nextToOneForTheStateType_eachEntryRunsOneOfThem() throws Exception {
        Compilation c = compile(source("test.Gate",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "@StateMachine",
                "public final class Gate {",
                "  sealed interface State permits Shut, Open, Jammed {}",
                "  record Shut() implements State {}",
                "  record Open() implements State {}",
                "  record Jammed() implements State {}",
                "  private final StringBuilder entered = new StringBuilder();",
                "  @Init State init() { return new Shut(); }",
                "  @Event State next(State s) {",
                "    return s instanceof Shut ? new Open() : s instanceof Open ? new Jammed() : new Shut();",
                "  }",
                "  @Event void entered(State s, ReplyTo<String> r) { r.reply(entered.toString()); }",
                "  @Enter void opened(Open s, State from) { entered.append(\"own Open;\"); }",
                "  @Enter void any(State s) { entered.append(\"any \" + s.getClass().getSimpleName() + ';'); }",
                "  public static String run(Node node) {",
                "    GateRef ref = GateRef.start(node);",
                "    try {",
                "      ref.next();",
                "      ref.next();",
                "      ref.next();",
                "      ref.next();",
                "      return ref.entered();",
                "    } finally {",
                "      ref.stop();",
                "    }",
                "  }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.Gate_Dispatch").contentsAsUtf8String()
                .contains("case Gate.Open s -> {");
        org.assertj.core.api.Assertions.assertThat(CompiledClasses.run(c, "test.Gate", "gate"))
                .isEqualTo("any Shut;own Open;any Jammed;any Shut;own Open;");
    }

    /** The same with enum states: {@code @InState} names the states of their own; the other states get the rest. */
    @Test
    void enterInSomeEnumStates_nextToOneWithoutInState_eachEntryRunsOneOfThem() throws Exception {
        Compilation c = compile(source("test.Bulb",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "import io.loomotp.runtime.statem.*;",
                "@StateMachine",
                "public final class Bulb {",
                "  public enum S { OFF, ON, BROKEN }",
                "  private final StringBuilder entered = new StringBuilder();",
                "  @Init S init() { return S.OFF; }",
                "  @Event S next(S s) { return S.values()[(s.ordinal() + 1) % 3]; }",
                "  @Event void entered(S s, ReplyTo<String> r) { r.reply(entered.toString()); }",
                "  @Enter @InState({\"ON\", \"BROKEN\"}) EnterTransition lit(S s) {",
                "    entered.append(\"own \" + s + ';');",
                "    return EnterTransition.keep();",
                "  }",
                "  @Enter void any(S s, S from) { entered.append(\"any \" + s + ';'); }",
                "  public static String run(Node node) {",
                "    BulbRef ref = BulbRef.start(node);",
                "    try {",
                "      ref.next();",
                "      ref.next();",
                "      ref.next();",
                "      return ref.entered();",
                "    } finally {",
                "      ref.stop();",
                "    }",
                "  }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.Bulb_Dispatch").contentsAsUtf8String()
                .contains("case ON, BROKEN -> data.lit((Bulb.S) state);");
        org.assertj.core.api.Assertions.assertThat(CompiledClasses.run(c, "test.Bulb", "bulb"))
                .isEqualTo("any OFF;own ON;own BROKEN;any OFF;");
    }

    /** One {@code @Enter} for each state: no state type handler, no default arm; every entry runs its state's. */
    @Test
    void oneEnterPerRecordState_eachRunsOnEnteringItsState() throws Exception {
        Compilation c = compile(source("test.Valve",
                "package test;",
                "import io.loomotp.*;",
                "import io.loomotp.runtime.*;",
                "@StateMachine",
                "public final class Valve {",
                "  sealed interface State permits Shut, Open {}",
                "  record Shut() implements State {}",
                "  record Open(int flow) implements State {}",
                "  private final StringBuilder entered = new StringBuilder();",
                "  @Init State init() { return new Shut(); }",
                "  @Event State turn(State s) { return s instanceof Shut ? new Open(1) : new Shut(); }",
                "  @Event void entered(State s, ReplyTo<String> r) { r.reply(entered.toString()); }",
                "  @Enter void shut(Shut s) { entered.append(\"shut;\"); }",
                "  @Enter void open(Open s, State from) { entered.append(\"open \" + s.flow() + ';'); }",
                "  public static String run(Node node) {",
                "    ValveRef ref = ValveRef.start(node);",
                "    try {",
                "      ref.turn();",
                "      ref.turn();",
                "      return ref.entered();",
                "    } finally {",
                "      ref.stop();",
                "    }",
                "  }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.Valve_Dispatch").contentsAsUtf8String()
                .doesNotContain("default ->");
        org.assertj.core.api.Assertions.assertThat(CompiledClasses.run(c, "test.Valve", "valve"))
                .isEqualTo("shut;open 1;shut;");
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
