package io.loomotp.processor.writing;

import static io.loomotp.processor.base.RuntimeNames.EXIT_REASON;
import static io.loomotp.processor.base.RuntimeNames.NODE;
import static io.loomotp.processor.base.RuntimeNames.GEN_STATEM;
import static io.loomotp.processor.base.RuntimeNames.PID;
import static io.loomotp.processor.base.RuntimeNames.PROCESS_NAME;
import static io.loomotp.processor.base.RuntimeNames.SPAWNED;
import static io.loomotp.processor.base.RuntimeNames.REQUEST_ID;
import static io.loomotp.processor.base.RuntimeNames.START_OPTIONS;
import static io.loomotp.processor.base.RuntimeNames.TIMEOUTS;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.model.MessageHandler;
import io.loomotp.processor.model.Param;
import io.loomotp.processor.model.ClientModel;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Name>Ref}: the typed client of a server or a state machine. It starts the process, and has one
 * method per handler (or event), named and typed as the handler is, that sends its message through the behaviour's
 * own API ({@code GenServer} or {@code GenStatem}) and, for a call, waits for the reply.
 */
public final class RefWriter {
    private final ClientModel model;
    private final TypeName factory;

    public RefWriter(ClientModel model) {
        this.model = model;
        this.factory = ParameterizedTypeName.get(ClassName.get(Supplier.class), model.type());
    }

    public TypeSpec write() {
        ClassName ref = model.ref();
        ClassName server = model.type();
        TypeSpec.Builder t = TypeSpec.classBuilder(ref)
                .addSuperinterface(io.loomotp.processor.base.RuntimeNames.PROCESS_REF)
                .addJavadoc("The client of the {@link $T} $L: starts it, and sends it the messages its handlers"
                        + " take.\n\n", server, model.kind())
                .addJavadoc("<p>Each method runs on the caller's thread. A call waits for the reply (5 s unless a"
                        + " timeout is given) and throws\n{@code NoProcessException} if the $L is dead,"
                        + " {@code CallTimeoutException} if no reply came in time, and\n"
                        + "{@code ProcessExitException} if the $L ended before it replied. A cast returns at"
                        + " once.\n", model.kind(), model.kind())
                .addAnnotation(Sources.generated())
                .addAnnotation(Sources.suppressions())
                .addModifiers(modifiers(Modifier.FINAL))
                .addField(FieldSpec.builder(PID, "pid", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The process; null for a client by name.\n")
                        .build())
                .addField(FieldSpec.builder(PROCESS_NAME, "byName", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The name looked up at each use, for a client by name; else null.\n")
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(PID, "pid")
                        .addStatement("this.pid = pid")
                        .addStatement("this.byName = null")
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(PROCESS_NAME, "byName")
                        .addStatement("this.pid = null")
                        .addStatement("this.byName = byName")
                        .build());
        addStarts(t);
        Parts.addLookups(t, ref, model.kind(), model.defaultName(), true);
        for (MessageHandler h : model.calls()) {
            t.addMethod(callWithDefaultTimeout(h));
            t.addMethod(call(h));
        }
        for (MessageHandler h : model.casts()) {
            t.addMethod(cast(h));
        }
        addRequests(t);
        addStops(t);
        addObjectMethods(t);
        return t.build();
    }

    private Modifier[] modifiers(Modifier... more) {
        if (!model.isPublic()) {
            return more;
        }
        Modifier[] all = new Modifier[more.length + 1];
        all[0] = Modifier.PUBLIC;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    private String nameNote() {
        return model.defaultName().isEmpty() ? ""
                : " It is registered as {@code \"" + model.defaultName() + "\"} unless the options name it otherwise.";
    }

    private CodeBlock options(String options) {
        return model.hasAnnotationOptions()
                ? CodeBlock.of("$T.options($L)", model.dispatch(), options)
                : CodeBlock.of("$L", options);
    }

    private void addStarts(TypeSpec.Builder t) {
        ClassName ref = model.ref();
        String s = model.type().simpleName();
        TypeName initial = model.initialState();
        String initialArg = initial == null ? "" : "initialState, ";
        t.addMethod(withInitial(MethodSpec.methodBuilder("start")
                .addJavadoc("Starts an unlinked $L $L on {@code node}, and returns once its init has run in the new"
                        + " process.$L\n\n", s, model.kind(), nameNote())
                .addJavadoc("@param factory makes the instance, inside the new process; called once per start\n")
                .addJavadoc("@return the client, or null if init returned {@code InitResult.ignore()}\n")
                .addJavadoc("@throws io.loomotp.runtime.StartFailedException if the factory or init failed\n")
                .addJavadoc("@throws io.loomotp.runtime.AlreadyStartedException if the name is held by a live"
                        + " process\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(NODE, "node")
                .addParameter(factory, "factory"))
                .addStatement("return start(node, factory, $L$T.defaults())", initialArg, START_OPTIONS)
                .build());
        t.addMethod(withInitial(MethodSpec.methodBuilder("start")
                .addJavadoc("Starts an unlinked $L $L with options; see {@link #start($T, $T$L)}.\n", s,
                        model.kind(), NODE, Supplier.class, initial == null ? "" : ", " + simple(initial))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(NODE, "node")
                .addParameter(factory, "factory"))
                .addParameter(START_OPTIONS, "options")
                .addStatement("$T pid = $T.start(node, $T.INSTANCE, factory, $L$L)", PID, model.startApi(),
                        model.dispatch(), initialArg, options("options"))
                .addStatement("return pid == null ? null : new $T(pid)", ref)
                .build());
        if (model.hasNoArgConstructor()) {
            t.addMethod(withInitial(MethodSpec.methodBuilder("start")
                    .addJavadoc("Starts an unlinked $L $L made with its no-argument constructor.\n", s,
                            model.kind())
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(ref)
                    .addParameter(NODE, "node"))
                    .addStatement("return start(node, $T::new$L)", model.type(),
                            initial == null ? "" : ", initialState")
                    .build());
        }
        t.addMethod(withInitial(MethodSpec.methodBuilder("startLink")
                .addJavadoc("Starts a $L $L linked to the calling process, as a supervisor does. A failed start"
                        + " never takes the\ncaller down.$L\n\n", s, model.kind(), nameNote())
                .addJavadoc("@throws IllegalStateException if the caller is not a process\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(factory, "factory"))
                .addStatement("return startLink(factory, $L$T.defaults())", initialArg, START_OPTIONS)
                .build());
        t.addMethod(withInitial(MethodSpec.methodBuilder("startLink")
                .addJavadoc("Starts a linked $L $L with options; see {@link #startLink($T$L)}.\n", s, model.kind(),
                        Supplier.class, initial == null ? "" : ", " + simple(initial))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(factory, "factory"))
                .addParameter(START_OPTIONS, "options")
                .addStatement("$T pid = $T.startLink($T.INSTANCE, factory, $L$L)", PID, model.startApi(),
                        model.dispatch(), initialArg, options("options"))
                .addStatement("return pid == null ? null : new $T(pid)", ref)
                .build());
        t.addMethod(withInitial(MethodSpec.methodBuilder("startMonitor")
                .addJavadoc("Starts an unlinked $L $L on the calling process's node, monitored by the caller from"
                        + " before its init\nruns: {@code $L:start_monitor}. A start that fails or is ignored"
                        + " leaves no monitor and no\n{@code Down} behind.$L\n\n", s, model.kind(),
                        model.startApi().equals(GEN_STATEM) ? "gen_statem" : "gen_server", nameNote())
                .addJavadoc("@return the pid and the monitor on it ({@link #of(Pid)} makes the client), or null if"
                        + " init returned\n{@code InitResult.ignore()}\n")
                .addJavadoc("@throws io.loomotp.runtime.StartFailedException if the factory or init failed\n")
                .addJavadoc("@throws IllegalStateException if the caller is not a process\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(SPAWNED)
                .addParameter(factory, "factory"))
                .addStatement("return startMonitor(factory, $L$T.defaults())", initialArg, START_OPTIONS)
                .build());
        t.addMethod(withInitial(MethodSpec.methodBuilder("startMonitor")
                .addJavadoc("Starts a monitored $L $L with options; see {@link #startMonitor($T$L)}.\n", s,
                        model.kind(), Supplier.class, initial == null ? "" : ", " + simple(initial))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(SPAWNED)
                .addParameter(factory, "factory"))
                .addParameter(START_OPTIONS, "options")
                .addStatement("return $T.startMonitor($T.INSTANCE, factory, $L$L)", model.startApi(),
                        model.dispatch(), initialArg, options("options"))
                .build());
    }

    /** Adds the first-state parameter, for a state machine without {@code @Init}. */
    private MethodSpec.Builder withInitial(MethodSpec.Builder m) {
        if (model.initialState() != null) {
            m.addParameter(model.initialState(), "initialState");
        }
        return m;
    }

    private static String simple(TypeName t) {
        return t instanceof ClassName c ? String.join(".", c.simpleNames()) : t.toString();
    }

    // --- handlers ---------------------------------------------------------------------------------------------------

    private static List<ParameterSpec> messageParams(MessageHandler h) {
        return h.components().stream().map(p -> ParameterSpec.builder(p.type(), p.name()).build()).toList();
    }


    private CodeBlock message(MessageHandler h) {
        ClassName record = model.dispatch().nestedClass(h.record());
        if (h.components().isEmpty()) {
            return CodeBlock.of("$T.INSTANCE", record);
        }
        return CodeBlock.of("new $T($L)", record,
                String.join(", ", h.components().stream().map(Param::name).toList()));
    }

    private MethodSpec callWithDefaultTimeout(MessageHandler h) {
        List<String> names = h.components().stream().map(Param::name).toList();
        String args = String.join(", ", names);
        return MethodSpec.methodBuilder(h.method())
                .addJavadoc(userDoc(h))
                .addJavadoc("Calls {@code $L.$L} and waits up to 5 s for the reply.\n", model.type().simpleName(),
                        h.method())
                .addModifiers(Modifier.PUBLIC)
                .returns(h.reply())
                .addParameters(messageParams(h))
                .varargs(h.varargs())
                // a call named yield must be qualified: unqualified, Java takes yield for the statement
                .addStatement("$L$L$L($L$L$T.DEFAULT_CALL)", h.reply().equals(TypeName.VOID) ? "" : "return ",
                        h.method().equals("yield") ? "this." : "", h.method(), args, names.isEmpty() ? "" : ", ",
                        TIMEOUTS)
                .build();
    }

    private MethodSpec call(MessageHandler h) {
        List<String> names = h.components().stream().map(Param::name).toList();
        String timeout = GeneratedNames.freshName("timeout", names);
        MethodSpec.Builder m = MethodSpec.methodBuilder(h.method())
                .addJavadoc(userDoc(h))
                .addJavadoc("Calls {@code $L.$L} and waits up to {@code $L} for the reply; {@code"
                        + " Timeouts.INFINITY} waits forever.\n", model.type().simpleName(), h.method(), timeout)
                .addModifiers(Modifier.PUBLIC)
                .returns(h.reply())
                .addParameters(messageParams(h))
                .addParameter(Duration.class, timeout);
        CodeBlock call = CodeBlock.of("$T.call($L, $L, $L)", model.startApi(), target("this.", "call " + h.method()),
                message(h), timeout);
        if (h.reply().equals(TypeName.VOID)) {
            m.addStatement("$L", call); // returns once the handler has run
        } else if (h.reply().equals(ClassName.OBJECT)) {
            m.addStatement("return $L", call);
        } else {
            if (isGeneric(h.reply())) { // the cast from Object is unchecked: a generic type, or an array of one
                m.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                        .addMember("value", "$S", "unchecked")
                        .build());
            }
            m.addStatement("return ($T) $L", h.reply(), call);
        }
        return m.build();
    }

    private static boolean isGeneric(TypeName t) {
        return t instanceof ParameterizedTypeName
                || t instanceof com.palantir.javapoet.ArrayTypeName a && isGeneric(a.componentType());
    }

    /** The handler's own Javadoc description, then a paragraph break; nothing if it has none. */
    private static CodeBlock userDoc(MessageHandler h) {
        return h.doc() == null ? CodeBlock.of("") : CodeBlock.of("$L\n\n<p>", unlinked(h.doc()));
    }

    private static final java.util.regex.Pattern LINK =
            java.util.regex.Pattern.compile("\\{@link(?:plain)?\\s+([^}\\s]+)(?:\\s+([^}]*))?}");

    /**
     * The handler's words with its links made text: a {@code {@link Entry}} resolves in the server's class, not in
     * the client's, so copied as it is it would fail doclint on the generated code.
     */
    static String unlinked(String doc) {
        return LINK.matcher(doc).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(2) != null
                && !m.group(2).isBlank() ? m.group(2).strip() : "{@code " + m.group(1) + "}"));
    }

    private MethodSpec cast(MessageHandler h) {
        return MethodSpec.methodBuilder(h.method())
                .addJavadoc(userDoc(h))
                .addJavadoc("Casts {@code $L.$L}: returns at once; dropped silently if the $L is dead, or, for a"
                        + " client by name, if\nnobody holds the name.\n",
                        model.type().simpleName(), h.method(), model.kind())
                .addModifiers(Modifier.PUBLIC)
                .addParameters(messageParams(h))
                .varargs(h.varargs())
                .beginControlFlow("if (this.pid != null)")
                .addStatement("$T.cast(this.pid, $L)", model.startApi(), message(h))
                .nextControlFlow("else")
                // a cast to a free name is dropped, as gen_server:cast/2 drops it; a via name's goes through its
                // registry's send, as gen_server:cast calls Mod:send
                .addStatement("this.byName.cast($L)", message(h))
                .endControlFlow()
                .build();
    }

    // --- asynchronous requests -------------------------------------------------------------------------------------

    /**
     * {@code sendRequest()}, and the inner class it returns: one method per call, named and taking what the call
     * does, that sends it as an asynchronous request ({@code gen_server:send_request/2}) and returns its id. One member
     * on the client, not one per call, so that a handler's name can clash with nothing new.
     */
    private void addRequests(TypeSpec.Builder t) {
        if (model.calls().isEmpty()) {
            return;
        }
        ClassName requests = model.ref().nestedClass("Requests");
        String s = model.type().simpleName();
        TypeSpec.Builder r = TypeSpec.classBuilder(requests)
                .addJavadoc("The calls of {@link $T}, sent as asynchronous requests: each returns at once with the"
                        + " request's id, and\nthe reply comes to the calling process's mailbox as a {@code Response},"
                        + " taken with\n{@code $T.receiveResponse(id, timeout)} (then cast it to the call's reply"
                        + " type), {@code waitResponse} or\n{@code checkResponse}. Call them from a process.\n",
                        model.type(), model.startApi())
                .addModifiers(modifiers(Modifier.FINAL))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (MessageHandler h : model.calls()) {
            r.addMethod(MethodSpec.methodBuilder(h.method())
                    .addJavadoc("Sends {@code $L.$L} as a request and returns its id at once.\n\n", s, h.method())
                    .addJavadoc("@throws IllegalStateException if the caller is not a process\n")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(REQUEST_ID)
                    .addParameters(messageParams(h))
                    .varargs(h.varargs())
                    .addStatement("return $T.sendRequest($L, $L)", model.startApi(),
                            CodeBlock.of("$T.$L", model.ref(), target(model.ref().simpleName() + ".this.",
                                    "send request " + h.method())), message(h)) // qualified: a call named resolve
                    .build());
        }
        t.addType(r.build());
        t.addMethod(MethodSpec.methodBuilder("sendRequest")
                .addJavadoc("The calls of this $L, sent as asynchronous requests:\n{@code ref.sendRequest().$L(...)}"
                        + " returns the request's id at once; see {@link $T}.\n", model.kind(),
                        model.calls().getFirst().method(), requests)
                .addModifiers(Modifier.PUBLIC)
                .returns(requests)
                .addStatement("return new $T()", requests)
                .build());
    }

    // --- stop and Object methods ----------------------------------------------------------------------------------

    private void addStops(TypeSpec.Builder t) {
        t.addMethod(resolveMethod());
        t.addMethod(MethodSpec.methodBuilder("stop")
                .addJavadoc("Stops the $L with reason {@code normal}, and returns once its terminate has run.\n",
                        model.kind())
                .addModifiers(Modifier.PUBLIC)
                .addStatement("$T.stop($L)", model.startApi(), target("this.", "stop"))
                .build());
        t.addMethod(MethodSpec.methodBuilder("stop")
                .addJavadoc("Stops the $L with a reason, waiting up to {@code timeout} for it to end.\n\n",
                        model.kind())
                .addJavadoc("@throws io.loomotp.runtime.ProcessExitException if it ended with another reason\n")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(EXIT_REASON, "reason")
                .addParameter(Duration.class, "timeout")
                .addStatement("$T.stop($L, reason, timeout)", model.startApi(), target("this.", "stop"))
                .build());
    }

    /**
     * The pid a use of the client addresses: its own, or, for a client by name, the name's holder now, looked up for
     * {@code what} (the call's name), which a {@code NoProcessException} or {@code noconnection} then names, as
     * {@code pid()} would not. Fields through {@code qualifier}: a message parameter may be named {@code pid}.
     */
    private static CodeBlock target(String qualifier, String what) {
        return CodeBlock.of("resolve($Lpid, $LbyName, $S)", qualifier, qualifier, what);
    }

    /** The static helper {@link #target} calls; three parameters, so that no handler's client method can clash. */
    private static MethodSpec resolveMethod() {
        return MethodSpec.methodBuilder("resolve")
                .addJavadoc("The pid a use addresses: the client's own, or the name's holder now, looked up for"
                        + " {@code what}.\n")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(PID)
                .addParameter(PID, "pid")
                .addParameter(PROCESS_NAME, "byName")
                .addParameter(String.class, "what")
                .addStatement("return pid != null ? pid : byName.resolve(what)")
                .build();
    }

    private void addObjectMethods(TypeSpec.Builder t) {
        ClassName ref = model.ref();
        Parts.addValueMethodsByName(t, ref);
    }
}
