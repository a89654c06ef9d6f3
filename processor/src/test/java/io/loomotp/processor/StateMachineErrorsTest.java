package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.loomotp.processor.Compilations.compile;
import static io.loomotp.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One compile test per error of the {@code @StateMachine} step: the message, its code, and the line it is anchored
 * on. Each machine's states are declared on line 4 ({@link #STATES}), its handlers from line 5.
 */
class StateMachineErrorsTest {

    private static final String IMPORTS = "import io.loomotp.*; import io.loomotp.runtime.*; "
            + "import io.loomotp.runtime.statem.*; import io.loomotp.runtime.server.*;";
    private static final String STATES = "  sealed interface St permits Idle, Busy {} record Idle() implements St {} "
            + "record Busy(int job) implements St {}";

    /** A machine {@code M} with states {@code Idle} and {@code Busy(job)}: the handlers start on line 5. */
    private static JavaFileObject annotated(String annotation, String... handlers) {
        String[] lines = new String[handlers.length + 5];
        lines[0] = "package test;";
        lines[1] = IMPORTS;
        lines[2] = annotation + " final class M {";
        lines[3] = STATES;
        System.arraycopy(handlers, 0, lines, 4, handlers.length);
        lines[lines.length - 1] = "}";
        return source("test.M", lines);
    }

    private static JavaFileObject machine(String... handlers) {
        return annotated("@StateMachine(states = M.St.class)", handlers);
    }

    /** A sync event whose last message parameter is a Duration reads as the call's timeout: a warning. */
    @Test
    void syncEventTakingADurationLast_warns() {
        Compilation c = compile(machine("  @Event void wait(Idle s, java.time.Duration d, ReplyTo<String> r) {}"));
        assertThat(c).hadWarningContaining("[Otp/DurationMessage] 'wait(Idle, Duration, ReplyTo<String>)' takes a "
                + "Duration last").inFile(c.sourceFiles().get(0)).onLine(5);
        assertThat(c).hadWarningCount(1);
    }

    private static JavaFileObject file(String name, String... body) {
        return Compilations.inTestPackage(name, IMPORTS, body);
    }

    private static void assertError(JavaFileObject file, String text, long line) {
        Compilations.assertError(file, text, line);
    }

    // --- the class and its states ------------------------------------------------------------------------------------

    @Test
    void stateMachineOnInterface() {
        assertError(file("M", "@StateMachine(states = Object.class)", "interface M {}"),
                "[Otp/BehaviourKind] @StateMachine goes on a class, but 'M' is an interface", 4);
    }

    @Test
    void noStateType() {
        assertError(file("M", "@StateMachine", "final class M {}"),
                "[Otp/NoStates] state machine 'M' has no state type: name it with "
                        + "@StateMachine(states = State.class), or add an @Init that returns the first state", 3);
    }

    /** The state type unknown: that one error, not one more per handler that returns a state. */
    @Test
    void noStateType_handlersReturningAState_addNoErrorOfTheirOwn() {
        JavaFileObject f = file("M", "@StateMachine", "final class M {",
                "  sealed interface S permits A, B {} record A() implements S {} record B() implements S {}",
                "  @Init Transition init() { return Transition.next(new A()); }",
                "  @Event S go(A a) { return new B(); }",
                "  @Event S back(B b) { return new A(); }", "}");
        Compilation c = compile(f);
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[Otp/NoStates] state machine 'M' has no state type: its @Init 'init' does "
                + "not return a state").inFile(f).onLine(6); // on the @Init it names
    }

    /** The user's own state type, not sealed: sealing it is the fix, not a type of one's own. */
    @Test
    void stateTypeOfTheUsersOwn_notSealed_saysSealIt() {
        assertError(file("M", "@StateMachine(states = M.S.class)", "final class M {",
                        "  interface S {} record A() implements S {}", "}"),
                "[Otp/StateType] the states of 'M' must be an enum, or a sealed interface whose permitted subclasses"
                        + " are records, final classes or enums, but S is neither: seal it (sealed interface S", 3);
    }

    @Test
    void stateTypeNotSealed() {
        assertError(file("M", "@StateMachine(states = String.class)", "final class M {}"),
                "[Otp/StateType] the states of 'M' must be an enum, or a sealed interface whose permitted subclasses"
                        + " are records, final classes or enums, but String is neither: declare a sealed interface of "
                        + "your own", 3);
    }

    @Test
    void stateTypeWithANestedSealedGroup_saysGroupsAreNotSupported() {
        assertError(file("M", "@StateMachine(states = M.S.class)", "final class M {",
                        "  sealed interface S permits A, Group {} record A() implements S {}",
                        "  sealed interface Group extends S permits B {} record B() implements Group {}", "}"),
                "[Otp/StateType] state type 'S' permits 'Group', an interface: groups of states within the state "
                        + "type are not supported; have 'S' permit each state", 6); // on the group
    }

    @Test
    void stateTypeFromInit_notSealed() {
        assertError(file("M", "@StateMachine", "final class M {", "  @Init String init() { return \"\"; }", "}"),
                "[Otp/StateType] the states of 'M' must be an enum", 5);
    }

    @Test
    void negativeMailboxCapacity() {
        assertError(annotated("@StateMachine(states = M.St.class, mailboxCapacity = -2)"),
                "[Otp/MailboxCapacity] mailboxCapacity -2 is negative", 3);
    }

    // --- events ------------------------------------------------------------------------------------------------------

    @Test
    void eventWithoutState() {
        assertError(machine("  @Event void go(int n) {}"),
                "[Otp/EventState] the first parameter of @Event method 'go(int)' must be the state it handles: one of"
                        + " St's records (Idle, Busy), or the state type itself for every state", 5);
    }

    @Test
    void eventWithNoParameters() {
        assertError(machine("  @Event void go() {}"), "[Otp/EventState]", 5);
    }

    @Test
    void unhandledEvent() {
        assertError(machine("  @Event void go(Idle s) {}"),
                "[Otp/EventUnhandled] event 'go' has no handler in state Busy: add one, handle it in every state "
                        + "with a handler whose first parameter is St, or set @StateMachine(unhandled = LOG)", 5);
    }

    @Test
    void unhandledEvent_isFineWithLogPolicy() {
        assertThat(compile(annotated("@StateMachine(states = M.St.class, unhandled = StateMachine.Unhandled.LOG)",
                "  @Event void go(Idle s) {}"))).succeededWithoutWarnings();
    }

    @Test
    void unhandledEvent_isFineWithCatchAll() {
        assertThat(compile(machine("  @Event void go(Idle s) {}", "  @Event void go(St s) {}")))
                .succeededWithoutWarnings();
    }

    @Test
    void twoHandlersForOneStateAndEvent() {
        // two methods of one signature are javac's error already; what is left is two shapes in one state
        assertError(machine("  @Event void go(Idle s) {}", "  @Event void go(St s) {}",
                        "  @Event void go(Busy b) {}", "  @Event Idle go(Idle again, int... more) { return again; }"),
                "[Otp/EventDuplicate] @Event methods 'go(Idle, int[])' and 'go(Idle)' both handle event 'go' in "
                        + "state Idle: keep one", 8);
    }

    @Test
    void twoCatchAllsForOneEvent() {
        // both apply in every state: keeping one also settles their different shapes, so that is the one error
        assertError(annotated("@StateMachine(states = M.St.class)", "  @Event void go(St s) {}",
                        "  @Event St go(St s, String x) { return s; }"),
                "[Otp/EventDuplicate] @Event methods 'go(St, String)' and 'go(St)' both handle event 'go' in state "
                        + "(every state): keep one", 6);
    }

    @Test
    void eventShapesDiffer_inReply() {
        assertError(machine("  @Event void ask(Idle s, ReplyTo<String> r) {}",
                        "  @Event void ask(Busy s, ReplyTo<Integer> r) {}"),
                "[Otp/EventShape] @Event methods 'ask(Busy, ReplyTo<Integer>)' and 'ask(Idle, ReplyTo<String>)' "
                        + "handle event 'ask' with different parameters", 6);
    }

    @Test
    void eventReturnsSomethingElse() {
        assertError(machine("  @Event String go(St s) { return \"\"; }"),
                "[Otp/EventReturn] @Event method 'go(St)' returns String; return the next state (a St), a "
                        + "Transition, or void to keep the state; a call's answer goes through a ReplyTo<T> "
                        + "parameter (replyTo.reply(value))", 5);
    }

    @Test
    void eventReturnsEnterTransition() {
        assertError(machine("  @Event EnterTransition go(St s) { return EnterTransition.keep(); }"),
                "[Otp/EventReturn] @Event method 'go(St)' returns EnterTransition", 5);
    }

    @Test
    void eventTakesUntypedFrom() {
        assertError(machine("  @Event void ask(St s, From from) {}"),
                "[Otp/EventCaller] @Event method 'ask(St, From)' takes From; a sync event takes a ReplyTo<T>", 5);
    }

    @Test
    void eventTakesRawReplyTo() {
        assertError(machine("  @SuppressWarnings(\"rawtypes\") @Event void ask(St s, ReplyTo r) {}"),
                "[Otp/RawReplyTo]", 5);
    }

    @Test
    void eventTakesTwoReplyTos() {
        assertError(machine("  @Event void ask(St s, ReplyTo<String> a, ReplyTo<String> b) {}"),
                "[Otp/CallerTwice] @Event method", 5);
    }

    @Test
    void eventNamedLikeAClientMember() {
        assertError(machine("  @Event void stop(St s) {}"), "[Otp/NameClash] handler 'stop' clashes with MRef.stop()", 5);
    }

    /** The client's method takes the event's parameters without the state and the ReplyTo. */
    @Test
    void eventWhoseClientMethodIsObjectsFinalNotify_isANameClash() {
        assertError(machine("  @Event void notify(St s) {}"),
                "[Otp/NameClash] handler 'notify(St)' would give MRef the method notify(), the signature of"
                        + " Object.notify(), which is final in Object: rename the handler", 5);
        assertError(machine("  @Event void wait(St s, ReplyTo<String> r) {}"),
                "[Otp/NameClash] handler 'wait(St, ReplyTo<String>)' would give MRef the method wait()", 5);
    }

    @Test
    void eventPrivateStaticOrGeneric() {
        assertError(machine("  @Event private void go(St s) {}"), "[Otp/HandlerPrivate]", 5);
        assertError(machine("  @Event static void go(St s) {}"), "[Otp/HandlerStatic]", 5);
        assertError(machine("  @Event <T> void go(St s) {}"), "[Otp/HandlerGeneric]", 5);
    }

    @Test
    void callAndEventOnOneMethod() {
        assertError(machine("  @Event @Info void go(St s) {}"), "[Otp/TwoRoles]", 5);
    }

    // --- enum states and @InState ------------------------------------------------------------------------------------

    @Test
    void inStateNamesNoState() {
        JavaFileObject f = file("E", "@StateMachine(states = E.S.class)", "final class E {",
                "  enum S { OFF, ON }",
                "  @Event @InState({\"OFF\", \"DIM\"}) void flip(S s) {}", "  @Event void flip2(S s) {}", "}");
        assertError(f, "[Otp/NotAState] @InState on 'flip(S)' names 'DIM', which is not a state; the states are "
                + "OFF, ON", 6);
    }

    /** An enum of no constants: the message said the type was neither an enum nor sealed. */
    @Test
    void enumStatesWithNoConstant() {
        JavaFileObject f = file("E", "@StateMachine(states = E.S.class)", "final class E {",
                "  enum S { }",
                "  @Event void flip(S s) {}", "}");
        assertError(f, "[Otp/StateType] the states of 'E' are the constants of enum S, which has none", 3);
    }

    /** {@code @InState({})} read as every state, silently. */
    @Test
    void inStateWithNoStateAtAll() {
        JavaFileObject f = file("E", "@StateMachine(states = E.S.class)", "final class E {",
                "  enum S { OFF, ON }",
                "  @Event @InState({}) void flip(S s) {}", "}");
        assertError(f, "[Otp/InStateEmpty] @InState({}) on 'flip(S)' names no state", 6);
    }

    @Test
    void inStateWithRecordStates() {
        assertError(machine("  @Event @InState(\"Idle\") void go(St s) {}"),
                "[Otp/InStateOnRecord] @InState on 'go(St)' is for enum states", 5);
    }

    @Test
    void enumEventUnhandledInSomeState() {
        JavaFileObject f = file("E", "@StateMachine(states = E.S.class)", "final class E {",
                "  enum S { OFF, ON, BROKEN }", "  @Event @InState({\"OFF\", \"ON\"}) S flip(S s) { return s; }",
                "}");
        assertError(f, "[Otp/EventUnhandled] event 'flip' has no handler in state BROKEN", 6);
    }

    @Test
    void enumDuplicateState() {
        JavaFileObject f = file("E", "@StateMachine(states = E.S.class)", "final class E {",
                "  enum S { OFF, ON }", "  @Event @InState({\"OFF\", \"ON\"}) void flip(S s) {}",
                "  @Event @InState(\"ON\") void flip(S s, int... x) {}", "}");
        assertError(f, "[Otp/EventDuplicate] @Event methods 'flip(S, int[])' and 'flip(S)' both handle event 'flip'"
                + " in state ON: keep one", 7);
    }

    // --- @Enter ------------------------------------------------------------------------------------------------------

    @Test
    void enterReturnsTransition() {
        assertError(machine("  @Enter Transition entered(Busy s) { return Transition.keep(); }"),
                "[Otp/EnterReturn] @Enter method 'entered(Busy)' returns Transition, but an enter call may not "
                        + "change the state, postpone or insert events: return void or EnterTransition", 5);
    }

    @Test
    void enterReturnsAState() {
        assertError(machine("  @Enter St entered(Busy s) { return s; }"), "[Otp/EnterReturn]", 5);
    }

    @Test
    void enterTakesSomethingElse() {
        assertError(machine("  @Enter void entered(Busy s, String x) {}"),
                "[Otp/EnterParams] @Enter method 'entered(Busy, String)' takes the state it enters, and optionally "
                        + "the state it came from (a St); nothing else", 5);
        assertError(machine("  @Enter void entered() {}"), "[Otp/EnterParams]", 5);
    }

    @Test
    void twoEntersForOneState() {
        assertError(machine("  @Enter void a(Busy s) {}", "  @Enter void b(Busy s, St old) {}"),
                "[Otp/EnterDuplicate] @Enter methods 'b(Busy, St)' and 'a(Busy)' both run on entering state Busy",
                6);
    }

    /** Two {@code @InState} groups that share a state: neither is that state's own, so the second is refused. */
    @Test
    void twoEntersForOneEnumState_throughOverlappingGroups() {
        JavaFileObject f = file("E", "@StateMachine(states = E.S.class)", "final class E {",
                "  enum S { OFF, ON, BROKEN }", "  @Enter @InState({\"OFF\", \"ON\"}) void lit(S s) {}",
                "  @Enter @InState({\"BROKEN\", \"ON\"}) void dark(S s, S from) {}", "}");
        assertError(f, "[Otp/EnterDuplicate] @Enter methods 'dark(S, S)' and 'lit(S)' both run on entering state ON",
                7);
    }

    @Test
    void twoEntersForEveryState() {
        assertError(machine("  @Enter void a(St s) {}", "  @Enter void b(St s, St old) {}"),
                "[Otp/EnterDuplicate] @Enter methods 'b(St, St)' and 'a(St)' both run on entering state (every state)",
                6);
    }

    // --- @Info, @Init, @Terminate ----------------------------------------------------------------------------------

    @Test
    void infoWithThreeParameters() {
        assertError(machine("  @Info void i(St s, String a, String b) {}"),
                "[Otp/InfoParams] @Info method 'i(St, String, String)' takes 3 parameters; it takes the message, "
                        + "optionally after the state it handles it in", 5);
    }

    @Test
    void infoWithStateThatIsNot() {
        assertError(machine("  @Info void i(String s, String m) {}"),
                "[Otp/EventState] the first parameter of @Info method 'i(String, String)'", 5);
    }

    @Test
    void twoInfosForOneTypeAndState() {
        assertError(machine("  @Info void a(Idle s, StateTimeout t) {}", "  @Info void b(St s, String x) {}",
                        "  @Info Busy c(Idle s, StateTimeout t) { return new Busy(1); }"),
                "[Otp/InfoDuplicate] @Info methods 'c(Idle, StateTimeout)' and 'a(Idle, StateTimeout)' both take "
                        + "StateTimeout in state Idle", 7);
    }

    @Test
    void twoInfosWhoseTypesOverlapInOneState_ambiguous() {
        // a message that is both a Runnable and a CharSequence would go to whichever the dispatch tried first
        assertError(machine("  @Info void a(Idle s, Runnable r) {}", "  @Info void b(Idle s, CharSequence c) {}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(Idle, CharSequence)' (CharSequence) and 'a(Idle, Runnable)' "
                        + "(Runnable) could both match one message in state Idle", 6);
        assertError(machine("  @Info void a(Idle s, Runnable r) {}", "  @Info void b(CharSequence c) {}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(CharSequence)' (CharSequence) and 'a(Idle, Runnable)' "
                        + "(Runnable) could both match one message in state Idle", 6);
        assertError(machine("  @Info void a(Runnable r) {}", "  @Info void b(CharSequence c) {}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(CharSequence)' (CharSequence) and 'a(Runnable)' (Runnable) "
                        + "could both match one message in state (every state)", 6);
    }

    @Test
    void twoInfosWhoseTypesOverlap_inDifferentStates_orOneMoreSpecific_compile() {
        assertThat(compile(machine("  @Info void a(Idle s, Runnable r) {}", "  @Info void b(Busy s, CharSequence c) {}",
                "  @Info void c(St s, Object o) {}", "  @Info void d(St s, String x) {}")))
                .succeededWithoutWarnings();
    }

    @Test
    void infoReturnsSomethingElse() {
        assertError(machine("  @Info int i(String m) { return 0; }"), "[Otp/EventReturn] @Info method", 5);
    }

    @Test
    void initWithParameters_orReturningSomethingElse() {
        assertError(machine("  @Init St init(int x) { return new Idle(); }"),
                "[Otp/StateMachineInit] @Init method 'init(int)' must take no parameters and return the first state"
                        + " (a St), a Transition, or an InitResult; what Erlang passes as init(Args) comes through the"
                        + " constructor", 5);
        assertError(machine("  @Init String init() { return \"\"; }"), "[Otp/StateMachineInit]", 5);
        assertError(machine("  @Init void init() {}"), "[Otp/StateMachineInit]", 5);
    }

    @Test
    void twoInits() {
        assertError(machine("  @Init St a() { return new Idle(); }", "  @Init St b() { return new Idle(); }"),
                "[Otp/OnlyOneInit]", 6);
    }

    @Test
    void terminateWithWrongParameters() {
        assertError(machine("  @Terminate void t(String s) {}"), "[Otp/TerminateSignature]", 5);
    }

    @Test
    void terminateTakingOneStateRecord_notTheStateType() {
        assertError(machine("  @Terminate void t(Idle s) {}"),
                "[Otp/TerminateSignature] @Terminate method 't(Idle)' of a state machine must take no parameter, "
                        + "the state (a St), an ExitReason, or the state then an ExitReason, and return void", 5);
    }

    @Test
    void terminateTakingTheReasonBeforeTheState() {
        assertError(machine("  @Terminate void t(ExitReason r, St s) {}"), "[Otp/TerminateSignature]", 5);
    }

    @Test
    void terminateReturningSomething() {
        assertError(machine("  @Terminate int t(St s) { return 0; }"), "[Otp/TerminateSignature]", 5);
    }

    // --- annotations in the wrong behaviour --------------------------------------------------------------------------

    @Test
    void callInAStateMachine() {
        assertError(machine("  @Call int ask() { return 1; }"),
                "[Otp/WrongRole] @Call on 'ask()' is not for a state machine: use @Event (with a ReplyTo parameter"
                        + " for an event the caller waits on)", 5);
    }

    @Test
    void continueInAStateMachine() {
        assertError(machine("  @Continue void more(String step) {}"),
                "[Otp/WrongRole] @Continue on 'more(String)' is not for a state machine: use an @Info method, and"
                        + " insert its event with Transition.nextEvent", 5);
    }

    @Test
    void eventInAServer() {
        assertError(file("S", "@Server final class S {", "  @Event void go(Object s) {}", "}"),
                "[Otp/WrongRole] @Event on 'go(Object)' is not for a server: use @Call for a request the caller "
                        + "waits on, @Cast for one it does not, @Info for any other message", 4);
    }

    @Test
    void eventOutsideAnyBehaviour() {
        assertError(file("S", "final class S {", "  @Enter void go(Object s) {}", "}"),
                "[Otp/NotInBehaviour] @Enter on 'go(Object)' in 'S', which is not a @StateMachine: annotate 'S' with"
                        + " @StateMachine, or remove @Enter", 4);
    }
}
