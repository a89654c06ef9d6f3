package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.loomotp.processor.Compilations.compile;
import static io.loomotp.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One compile test per error of the {@code @Server} step: the message, its code, and the line it is anchored on.
 * Each source puts the offending element on a known line.
 */
class ServerErrorsTest {

    private static final String IMPORTS = "import io.loomotp.*; import io.loomotp.runtime.*; "
            + "import io.loomotp.runtime.server.*;";

    /** A server class body at lines 3 onwards: line 1 is the package, line 2 the imports. */
    private static JavaFileObject server(String name, String... body) {
        return Compilations.inTestPackage(name, IMPORTS, body);
    }

    private static void assertError(JavaFileObject file, String text, long line) {
        Compilations.assertError(file, text, line);
    }

    /** A Duration last reads as the call's timeout at the client: legal, so a warning (a new user's finding). */
    @Test
    void callTakingADurationLast_warnsOnTheParameter() {
        Compilation c = compile(server("S", "@Server final class S {",
                "  @Call String ping(String who,", "      java.time.Duration d) { return who; }", "}"));
        assertThat(c).hadWarningContaining("[Otp/DurationMessage] 'ping(String, Duration)' takes a Duration last")
                .inFile(c.sourceFiles().get(0)).onLine(5);
        assertThat(c).hadWarningCount(1);
    }

    // --- the class ------------------------------------------------------------------------------------------------

    @Test
    void serverOnInterface() {
        assertError(server("S", "@Server", "interface S {}"),
                "[Otp/BehaviourKind] @Server goes on a class, but 'S' is an interface: write a concrete class", 4);
    }

    @Test
    void serverOnAbstractClass() {
        assertError(server("S", "@Server", "abstract class S {}"),
                "[Otp/BehaviourAbstract] @Server class 'S' is abstract", 4);
    }

    @Test
    void serverOnPrivateClass() {
        assertError(server("Outer", "class Outer {", "  @Server", "  private static class S {}", "}"),
                "[Otp/BehaviourPrivate] @Server class 'S' is private", 5);
    }

    @Test
    void serverOnInnerClass() {
        assertError(server("Outer", "class Outer {", "  @Server", "  class S {}", "}"),
                "[Otp/BehaviourInner] @Server class 'S' is an inner class, which needs an enclosing instance: make it"
                        + " static", 5);
    }

    @Test
    void serverGeneric() {
        assertError(server("S", "@Server", "class S<T> {}"),
                "[Otp/BehaviourGeneric] @Server class 'S' is generic; its messages need concrete types", 4);
    }

    @Test
    void noUsableConstructor() {
        assertError(server("S", "@Server", "class S {", "  private S() {}", "}"),
                "[Otp/NoConstructor] 'S' has no constructor or static factory method that its package can call",
                4);
    }

    @Test
    void negativeMailboxCapacity() {
        assertError(server("S", "@Server(mailboxCapacity = -1)", "class S {}"),
                "[Otp/MailboxCapacity] mailboxCapacity -1 is negative", 3);
    }

    // --- handlers -----------------------------------------------------------------------------------------------

    @Test
    void privateHandler() {
        assertError(server("S", "@Server", "class S {", "  @Cast private void go() {}", "}"),
                "[Otp/HandlerPrivate] @Cast method 'go()' is private; the generated dispatch calls it from the same"
                        + " package: make it package-private", 5);
    }

    @Test
    void staticHandler() {
        assertError(server("S", "@Server", "class S {", "  @Cast static void go() {}", "}"),
                "[Otp/HandlerStatic] @Cast method 'go()' is static", 5);
    }

    @Test
    void genericHandler() {
        assertError(server("S", "@Server", "class S {", "  @Cast <T> void go(T t) {}", "}"),
                "[Otp/HandlerGeneric] @Cast method 'go(T)' declares type parameters", 5);
    }

    /** A client's finalize() would be called by the garbage collector, which would send the cast. */
    @Test
    void handlerNamedFinalize_isANameClash() {
        assertError(server("S", "@Server", "class S {", "  @Cast public void finalize() {}", "}"),
                "[Otp/NameClash] handler 'finalize()' would give SRef the method finalize(), the signature of"
                        + " Object.finalize(), which the garbage collector calls: rename the handler", 5);
    }

    /*
     * The client's method takes the handler's parameters without its From or ReplyTo: a handler legal in the server
     * can still give the client one of Object's signatures.
     */

    @Test
    void callWhoseClientMethodIsObjectsFinalWait_isANameClash() {
        assertError(server("S", "@Server", "class S {", "  @Call String wait(From from) { return \"\"; }", "}"),
                "[Otp/NameClash] handler 'wait(From)' would give SRef the method wait(), the signature of"
                        + " Object.wait(), which is final in Object: rename the handler, or give it other parameter"
                        + " types (the client method takes the handler's without From or ReplyTo)", 5);
    }

    @Test
    void callWhoseClientMethodIsObjectsFinalWaitLong_isANameClash() {
        assertError(server("S", "@Server", "class S {", "  @Call void wait(long ms, ReplyTo<String> r) {}", "}"),
                "[Otp/NameClash] handler 'wait(long, ReplyTo<String>)' would give SRef the method wait(long), the"
                        + " signature of Object.wait(long), which is final in Object", 5);
    }

    @Test
    void callWhoseClientMethodIsObjectsFinalGetClassOrNotify_isANameClash() {
        assertError(server("S", "@Server", "class S {", "  @Call Class<?> getClass(From f) { return null; }", "}"),
                "[Otp/NameClash] handler 'getClass(From)' would give SRef the method getClass()", 5);
        assertError(server("S", "@Server", "class S {", "  @Call void notifyAll(ReplyTo<String> r) {}", "}"),
                "[Otp/NameClash] handler 'notifyAll(ReplyTo<String>)' would give SRef the method notifyAll()", 5);
    }

    /** Legal Java (a public override of the protected clone()), but clone() on a client would send the call. */
    @Test
    void callWhoseClientMethodIsObjectsClone_isANameClash() {
        assertError(server("S", "@Server", "class S {", "  @Call Object clone(From f) { return null; }", "}"),
                "[Otp/NameClash] handler 'clone(From)' would give SRef the method clone(), the signature of"
                        + " Object.clone(), which the client would then override, sending the message to whoever"
                        + " calls it", 5);
    }

    @Test
    void callWhoseClientMethodIsObjectsEquals_isANameClash() {
        assertError(server("S", "@Server", "class S {", "  @Call boolean equals(Object o, From f) { return true; }",
                        "}"),
                "[Otp/NameClash] handler 'equals(Object, From)' would give SRef the method equals(Object), the"
                        + " signature of Object.equals(Object), which every client defines itself (equal clients"
                        + " name one process): rename the handler", 5);
    }

    @Test
    void callWhoseClientMethodIsObjectsHashCodeOrToString_isANameClash() {
        assertError(server("S", "@Server", "class S {", "  @Call void hashCode(ReplyTo<Integer> r) {}", "}"),
                "[Otp/NameClash] handler 'hashCode(ReplyTo<Integer>)' would give SRef the method hashCode(), the"
                        + " signature of Object.hashCode(), which every client defines itself", 5);
        assertError(server("S", "@Server", "class S {", "  @Call public String toString() { return \"s\"; }", "}"),
                "[Otp/NameClash] handler 'toString()' would give SRef the method toString(), the signature of"
                        + " Object.toString(), which every client defines itself", 5);
    }

    /** The parent's handlers would silently not be part of the child's protocol. */
    @Test
    void serverExtendingAServer_isRefusedOnTheChild() {
        JavaFileObject parent = server("P", "@Server", "class P {", "  @Cast void inc() {}", "}");
        JavaFileObject kid = server("K", "@Server", "class K extends P {", "  @Call int b() { return 1; }", "}");
        Compilation c = compile(parent, kid);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[Otp/BehaviourSuperclass] 'K' extends @Server 'P'").inFile(kid).onLine(4);
    }

    /** Foo.Bar and Foo_Bar both make Foo_BarRef: a precise error, not the processor's internal one. */
    @Test
    void twoServersWhoseGeneratedNamesAreTheSame_isGeneratedNameTaken() {
        JavaFileObject nested = server("Foo", "class Foo {", "  @Server static final class Bar {", "    @Cast void a() {}",
                "  }", "}");
        JavaFileObject flat = server("Foo_Bar", "@Server", "final class Foo_Bar {", "  @Cast void a() {}", "}");
        Compilation c = compile(nested, flat);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[Otp/GeneratedNameTaken]");
        assertThat(c).hadErrorContaining("rename one of the two classes"); // naming both, not a generated class
        org.assertj.core.api.Assertions.assertThat(c.errors().toString()).doesNotContain("Otp/Internal");
        org.assertj.core.api.Assertions.assertThat(c.warnings().toString()).doesNotContain("multiple times");
    }

    /** The client's cast of a generic array reply is unchecked, and says so: -Xlint:all -Werror passes. */
    @Test
    void callReturningAGenericArray_compilesWithoutWarnings() {
        Compilation c = compile(server("S", "@Server", "class S {",
                "  @Call java.util.List<String>[] arr() { return null; }", "}"));
        assertThat(c).succeededWithoutWarnings();
    }

    /** A handler's {@link Entry} resolves in the server, not in the client: copied as text, so doclint passes. */
    @Test
    void handlerJavadocLinks_areCopiedAsText() {
        Compilation c = compile(server("S", "@Server", "class S {", "  record Entry(int n) {}",
                "  /** Looks up an {@link Entry}, and {@linkplain Entry#n() its number}. */",
                "  @Call int get() { return 1; }", "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.SRef").contentsAsUtf8String()
                .contains("Looks up an {@code Entry}, and its number.");
    }

    @Test
    void twoRoles() {
        assertError(server("S", "@Server", "class S {", "  @Call @Cast int go() { return 1; }", "}"),
                "[Otp/TwoRoles] method 'go()' is both @Call and @Cast", 5);
    }

    /** A void call waits for its handler and answers ok (OTP's {reply, ok, S}); with From it answers later. */
    @Test
    void voidCall_compilesToACallThatReturnsOnceTheHandlerRan() {
        JavaFileObject file = server("S", "@Server", "class S {", "  int n;", "  @Call void count() { n++; }",
                "  @Call void later(From from) {}", "}");
        Compilation c = compile(file);
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.SRef").contentsAsUtf8String()
                .contains("public void count(Duration timeout) {");
        assertThat(c).generatedSourceFile("test.SRef").contentsAsUtf8String()
                .contains("GenServer.call(resolve(this.pid, this.byName, \"call count\"), S_Dispatch.Count.INSTANCE, "
                        + "timeout);");
        assertThat(c).generatedSourceFile("test.SRef").contentsAsUtf8String()
                .contains("public Object later(Duration timeout) {");
        assertThat(c).generatedSourceFile("test.S_Dispatch").contentsAsUtf8String().contains("yield \"ok\";");
    }

    @Test
    void callReturningAndDeferring() {
        assertError(server("S", "@Server", "class S {", "  @Call int count(ReplyTo<Integer> r) { return 1; }",
                        "}"),
                "[Otp/CallReplyTwice] @Call method 'count(ReplyTo<Integer>)' returns a value and also takes a"
                        + " ReplyTo", 5);
    }

    @Test
    void callWithTwoCallers() {
        assertError(server("S", "@Server", "class S {", "  @Call int count(From a, From b) { return 1; }", "}"),
                "[Otp/CallerTwice] @Call method 'count(From, From)' takes more than one From/ReplyTo", 5);
    }

    @Test
    void rawReplyTo() {
        assertError(server("S", "@Server", "class S {", "  @SuppressWarnings(\"rawtypes\")",
                        "  @Call void count(", "      ReplyTo r) {}", "}"),
                "[Otp/RawReplyTo] @Call method 'count(ReplyTo)' takes a raw ReplyTo", 7);
    }

    @Test
    void castReturningValue() {
        assertError(server("S", "@Server", "class S {", "  @Cast int go() { return 1; }", "}"),
                "[Otp/CastReturn] @Cast method 'go()' returns int, but a cast has no reply: return void, or make it"
                        + " a @Call", 5);
    }

    @Test
    void castWithCaller() {
        assertError(server("S", "@Server", "class S {", "  @Cast void go(", "      From from) {}", "}"),
                "[Otp/CastCaller] @Cast method 'go(From)' takes a From, but nobody waits for a cast", 6);
    }

    @Test
    void twoHandlersForTheSameMessage() {
        assertError(server("S", "@Server", "class S {", "  @Cast void go() {}", "  @Cast void go(int n) {}", "}"),
                "[Otp/DuplicateMessage] handler 'go(int)' and handler 'go()' would send messages of the same name", 6);
    }

    @Test
    void handlerClashingWithTheClient() {
        assertError(server("S", "@Server", "class S {", "  @Cast void stop() {}", "}"),
                "[Otp/NameClash] handler 'stop' clashes with SRef.stop(), which every generated client has: rename"
                        + " the handler", 5);
    }

    @Test
    void handlerClashingWithTheClientsRequests() {
        assertError(server("S", "@Server", "class S {", "  @Call int get() { return 1; }",
                        "  @Call int sendRequest() { return 2; }", "}"),
                "[Otp/NameClash] handler 'sendRequest' clashes with SRef.sendRequest(), which every generated client"
                        + " has: rename the handler", 6);
    }

    @Test
    void handlerClashingWithTheClientsStartMonitor() {
        assertError(server("S", "@Server", "class S {", "  @Cast void startMonitor() {}", "}"),
                "[Otp/NameClash] handler 'startMonitor' clashes with SRef.startMonitor(), which every generated client"
                        + " has: rename the handler", 5);
    }

    @Test
    void infoWithoutParameter() {
        assertError(server("S", "@Server", "class S {", "  @Info void any() {}", "}"),
                "[Otp/InfoParams] @Info method 'any()' takes 0 parameters; it takes exactly one, the message", 5);
    }

    @Test
    void infoReturningValue() {
        assertError(server("S", "@Server", "class S {", "  @Info int any(Down d) { return 1; }", "}"),
                "[Otp/InfoReturn] @Info method 'any(Down)' returns int; nothing receives it: return void", 5);
    }

    @Test
    void infoDuplicateType() {
        assertError(server("S", "@Server", "class S {", "  @Info void a(Down d) {}", "  @Info void b(Down d) {}",
                        "}"),
                "[Otp/InfoDuplicate] @Info methods 'b(Down)' and 'a(Down)' both take Down", 6);
    }

    @Test
    void infoAmbiguousTypes() {
        assertError(server("S", "@Server", "class S {", "  @Info void a(Runnable r) {}",
                        "  @Info void b(CharSequence c) {}", "}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(CharSequence)' (CharSequence) and 'a(Runnable)' (Runnable)"
                        + " could both match one message", 6);
    }

    @Test
    void infoAmbiguous_interfaceAndNonFinalClass() {
        assertError(server("S", "@Server", "class S {", "  @Info void a(CharSequence c) {}",
                        "  @Info void b(java.util.ArrayList<?> l) {}", "}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(ArrayList<?>)' (ArrayList<?>) and 'a(CharSequence)'"
                        + " (CharSequence) could both match one message", 6);
    }

    /** A non-sealed subtype of the sealed interface is open: a class of it may also be a CharSequence. */
    @Test
    void infoAmbiguous_sealedInterfaceWithANonSealedSubtype() {
        assertError(server("S", "@Server", "class S {",
                        "  sealed interface Sensor permits Temp, Other {}",
                        "  record Temp(int c) implements Sensor {}",
                        "  non-sealed interface Other extends Sensor {}",
                        "  @Info void a(Sensor s) {}",
                        "  @Info void b(CharSequence c) {}", "}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(CharSequence)' (CharSequence) and 'a(Sensor)' (Sensor)", 9);
    }

    /** A permitted record that implements the other interface is both. */
    @Test
    void infoAmbiguous_sealedInterfaceWhoseRecordImplementsTheOther() {
        assertError(server("S", "@Server", "class S {",
                        "  sealed interface Sensor permits Temp, Humidity {}",
                        "  record Temp(int c) implements Sensor, Runnable { public void run() {} }",
                        "  record Humidity(int pct) implements Sensor {}",
                        "  @Info void a(Sensor s) {}",
                        "  @Info void b(Runnable r) {}", "}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(Runnable)' (Runnable) and 'a(Sensor)' (Sensor)", 9);
    }

    /** The same, with the permitted subtypes inferred from the compilation unit (no permits clause). */
    @Test
    void infoAmbiguous_sealedInterfaceWithInferredPermits_whoseRecordImplementsTheOther() {
        assertError(server("S", "@Server", "class S {",
                        "  sealed interface Sensor {}",
                        "  record Temp(int c) implements Sensor, Runnable { public void run() {} }",
                        "  record Humidity(int pct) implements Sensor {}",
                        "  @Info void a(Sensor s) {}",
                        "  @Info void b(Runnable r) {}", "}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(Runnable)' (Runnable) and 'a(Sensor)' (Sensor)", 9);
    }

    /** An open class of a sealed class's permitted subtypes may have a subclass that implements the interface. */
    @Test
    void infoAmbiguous_sealedClassWithANonSealedSubclass() {
        assertError(server("S", "@Server", "class S {",
                        "  abstract static sealed class Shape permits Circle, Blob {}",
                        "  static final class Circle extends Shape {}",
                        "  static non-sealed class Blob extends Shape {}",
                        "  @Info void a(Shape s) {}",
                        "  @Info void b(Runnable r) {}", "}"),
                "[Otp/InfoAmbiguous] @Info methods 'b(Runnable)' (Runnable) and 'a(Shape)' (Shape)", 9);
    }

    @Test
    void continueAmbiguous_twoInterfaces() {
        assertError(server("S", "@Server", "class S {", "  @Continue void a(Runnable r) {}",
                        "  @Continue void b(CharSequence c) {}", "}"),
                "[Otp/ContinueAmbiguous] @Continue methods 'b(CharSequence)' (CharSequence) and 'a(Runnable)'"
                        + " (Runnable) could both match one continuation", 6);
    }

    @Test
    void infoGenericType() {
        assertError(server("S", "@Server", "class S {", "  @Info void a(", "      java.util.List<String> l) {}", "}"),
                "[Otp/InfoGeneric] @Info method 'a(List<String>)' takes List<String>, but a message is matched by"
                        + " its class at run time", 6);
    }

    @Test
    void continueWithoutParameter() {
        assertError(server("S", "@Server", "class S {", "  @Continue void more() {}", "}"),
                "[Otp/ContinueParams] @Continue method 'more()' takes 0 parameters; it takes exactly one, the"
                        + " continuation, and is chosen by that parameter's type", 5);
    }

    @Test
    void continueReturningAValue() {
        assertError(server("S", "@Server", "class S {", "  @Continue int more(String step) { return 1; }", "}"),
                "[Otp/ContinueReturn] @Continue method 'more(String)' returns int; nothing receives it: return void"
                        + " (a further step is Handler.continueWith(...))", 5);
    }

    @Test
    void twoContinuesForOneType() {
        assertError(server("S", "@Server", "class S {", "  @Continue void a(String s) {}",
                        "  @Continue void b(String s) {}", "}"),
                "[Otp/ContinueDuplicate] @Continue methods 'b(String)' and 'a(String)' both take String; one"
                        + " continuation type has one handler: merge them", 6);
    }

    @Test
    void continueAndInfoOnOneMethod() {
        assertError(server("S", "@Server", "class S {", "  @Continue @Info void a(String s) {}", "}"),
                "[Otp/TwoRoles] method 'a(String)' is both @Info and @Continue", 5);
    }

    @Test
    void continueAndInfo_mayTakeTheSameType() {
        // a continuation and a message of one type go to different handlers: no clash between the two roles
        com.google.testing.compile.CompilationSubject.assertThat(Compilations.compile(server("S", "@Server",
                "class S {", "  @Continue void a(String s) {}", "  @Info void b(String s) {}", "}"))).succeeded();
    }

    @Test
    void initWithParameter() {
        assertError(server("S", "@Server", "class S {", "  @Init void init(int x) {}", "}"),
                "[Otp/InitSignature] @Init method 'init(int)' must take no parameters and return void or"
                        + " InitResult (io.loomotp.runtime.server); what Erlang passes as init(Args) comes through the"
                        + " constructor", 5);
    }

    @Test
    void twoInits() {
        assertError(server("S", "@Server", "class S {", "  @Init void a() {}", "  @Init void b() {}", "}"),
                "[Otp/OnlyOneInit] @Init method 'b()' is the second one after 'a()'", 6);
    }

    @Test
    void terminateWithWrongParameter() {
        assertError(server("S", "@Server", "class S {", "  @Terminate void t(String why) {}", "}"),
                "[Otp/TerminateSignature] @Terminate method 't(String)' must take no parameter or one ExitReason",
                5);
    }

    @Test
    void twoTerminates() {
        assertError(server("S", "@Server", "class S {", "  @Terminate void a() {}", "  @Terminate void b() {}",
                        "}"),
                "[Otp/OnlyOneTerminate] @Terminate method 'b()' is the second one after 'a()'", 6);
    }

    @Test
    void handlerOutsideAServer() {
        assertError(server("S", "class S {", "  @Cast void go() {}", "}"),
                "[Otp/NotInBehaviour] @Cast on 'go()' in 'S', which is not a @Server: annotate 'S' with @Server", 4);
    }

    @Test
    void unresolvedType_isReportedAtTheEnd() {
        // javac reports the missing type itself; the processor adds its hint once, at the end
        JavaFileObject file = server("S", "@Server", "class S {", "  @Cast void go(NoSuchType t) {}", "}");
        Compilation c = compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(2);
        assertThat(c).hadErrorContaining("cannot find symbol").inFile(file).onLine(5);
        assertThat(c).hadErrorContaining("[Otp/Unresolved] the type 'NoSuchType' of 'go' could not be resolved")
                .inFile(file).onLine(5);
    }

    @Test
    void everyProblemOfTheClass_isReported() {
        JavaFileObject file = server("S", "@Server", "class S {", "  @Call int a(ReplyTo<Integer> r) { return 1; }",
                "  @Cast int b() { return 1; }", "  @Cast private void c() {}", "}");
        Compilation c = compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(3);
        assertThat(c).hadErrorContaining("[Otp/CallReplyTwice]").inFile(file).onLine(5);
        assertThat(c).hadErrorContaining("[Otp/CastReturn]").inFile(file).onLine(6);
        assertThat(c).hadErrorContaining("[Otp/HandlerPrivate]").inFile(file).onLine(7);
    }
}
