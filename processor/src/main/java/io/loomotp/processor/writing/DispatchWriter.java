package io.loomotp.processor.writing;

import static io.loomotp.processor.base.RuntimeNames.EXIT_REASON;
import static io.loomotp.processor.base.RuntimeNames.FROM;
import static io.loomotp.processor.base.RuntimeNames.INIT;
import static io.loomotp.processor.base.RuntimeNames.MAILBOX_SPEC;
import static io.loomotp.processor.base.RuntimeNames.OVERFLOW;
import static io.loomotp.processor.base.RuntimeNames.SERVER_CALLBACKS;
import static io.loomotp.processor.base.RuntimeNames.START_OPTIONS;
import static io.loomotp.processor.base.RuntimeNames.STATE_SNAPSHOT;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.RuntimeNames;
import io.loomotp.processor.model.InfoHandler;
import io.loomotp.processor.model.MessageHandler;
import io.loomotp.processor.model.Param;
import io.loomotp.processor.model.ServerModel;
import io.loomotp.processor.model.StateField;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Name>_Dispatch}: the sealed protocol of message records, and the {@code ServerCallbacks} that
 * switches over it and calls the user's methods, with the sys hooks (formatters, snapshot, state check).
 */
public final class DispatchWriter {
    private static final ClassName OBJECT = ClassName.OBJECT;
    private static final ClassName STRING = ClassName.get(String.class);
    private static final ClassName EXCEPTION = ClassName.get(Exception.class);

    private final ServerModel model;
    private final ClassName callProtocol;
    private final ClassName castProtocol;

    public DispatchWriter(ServerModel model) {
        this.model = model;
        this.callProtocol = model.dispatch().nestedClass(GeneratedNames.CALL_PROTOCOL);
        this.castProtocol = model.dispatch().nestedClass(GeneratedNames.CAST_PROTOCOL);
    }

    public TypeSpec write() {
        ClassName server = model.server();
        TypeSpec.Builder t = TypeSpec.classBuilder(model.dispatch())
                .addJavadoc("The dispatch glue of {@link $T}: its messages as records of a sealed protocol, and the\n"
                        + "callbacks that the generic server loop runs, which switch over them and call its methods.\n",
                        server)
                .addAnnotation(Sources.generated())
                .addAnnotation(Sources.suppressions())
                .addModifiers(Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(SERVER_CALLBACKS, server))
                .addField(FieldSpec.builder(model.dispatch(), "INSTANCE", Modifier.STATIC, Modifier.FINAL)
                        .initializer("new $T()", model.dispatch())
                        .build());
        Parts.addFields(t, model.server(), model.fields());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        if (model.hasAnnotationOptions()) {
            t.addMethod(Parts.options("@Server", model.defaultName(), model.mailboxCapacity(), model.overflow()));
        }
        if (model.init() != null) {
            t.addMethod(init());
        }
        if (!model.calls().isEmpty()) {
            t.addMethod(handleCall());
        }
        if (!model.casts().isEmpty()) {
            t.addMethod(handleCast());
        }
        if (!model.infos().isEmpty()) {
            t.addMethod(handleInfo());
        }
        if (!model.continues().isEmpty()) {
            t.addMethod(handleContinue());
        }
        if (model.terminate() != null) {
            t.addMethod(terminate());
        }
        t.addMethod(MethodSpec.methodBuilder("module")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(Class.class),
                        com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)))
                .addStatement("return $T.class", server)
                .build());
        t.addMethod(formatState());
        t.addMethod(MethodSpec.methodBuilder("snapshot")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(OBJECT)
                .addParameter(server, "server")
                .addStatement("return $T.of($S, FIELDS, values(server))", STATE_SNAPSHOT, server.simpleName())
                .build());
        t.addMethod(Parts.values(model.server(), "server", model.fields()));
        t.addMethod(MethodSpec.methodBuilder("acceptsState")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(OBJECT, "candidate")
                .addStatement("return candidate instanceof $T", server)
                .build());
        Parts.addProtocol(t, model.dispatch(), model.server(), callProtocol, model.calls(), "calls", "@Call");
        Parts.addProtocol(t, model.dispatch(), model.server(), castProtocol, model.casts(), "casts", "@Cast");
        return t.build();
    }

    // --- state: fields, snapshot, formatting --------------------------------------------------------------------

    private MethodSpec formatState() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("formatState")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(STRING)
                .addParameter(model.server(), "server");
        if (model.declaresToString()) {
            m.addStatement("return server.toString()");
        } else {
            m.addStatement("return $T.format($S, FIELDS, values(server))", STATE_SNAPSHOT,
                    model.server().simpleName());
        }
        return m.build();
    }

    // --- callbacks ----------------------------------------------------------------------------------------------

    private MethodSpec.Builder callback(String name, TypeName returns, boolean throwsChecked) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns)
                .addParameter(model.server(), "server");
        if (throwsChecked) {
            m.addException(EXCEPTION);
        }
        return m;
    }

    private MethodSpec init() {
        MethodSpec.Builder m = callback("init", INIT, model.init().throwsChecked());
        if (model.init().returnsOrTakesRuntimeType()) {
            return m.addStatement("return server.$L()", model.init().method()).build();
        }
        return m.addStatement("server.$L()", model.init().method()).addStatement("return $T.ok()", INIT).build();
    }

    private MethodSpec terminate() {
        MethodSpec.Builder m = callback("terminate", TypeName.VOID, model.terminate().throwsChecked())
                .addParameter(EXIT_REASON, "reason");
        if (model.terminate().returnsOrTakesRuntimeType()) {
            return m.addStatement("server.$L(reason)", model.terminate().method()).build();
        }
        return m.addStatement("server.$L()", model.terminate().method()).build();
    }

    private MethodSpec handleCall() {
        MethodSpec.Builder m = callback("handleCall", OBJECT,
                        model.calls().stream().anyMatch(MessageHandler::throwsChecked))
                .addParameter(OBJECT, "request")
                .addParameter(FROM, "from")
                .beginControlFlow("if (!(request instanceof $T call))", callProtocol)
                .addStatement("throw $T.notAMessage(this, $S, request)", SERVER_CALLBACKS, "call")
                .endControlFlow()
                .addCode("return switch (call) {\n$>");
        for (MessageHandler h : model.calls()) {
            CodeBlock invoke = invocation(h);
            if (h.deferred()) {
                m.beginControlFlow("case $T $L ->", recordName(h), binding(h))
                        .addStatement("$L", invoke)
                        .addStatement("yield NO_REPLY")
                        .endControlFlow();
            } else if (h.reply().equals(TypeName.VOID)) {
                // a void call answers ok once the handler has run, as OTP's {reply, ok, State}
                m.beginControlFlow("case $T $L ->", recordName(h), binding(h))
                        .addStatement("$L", invoke)
                        .addStatement("yield $S", "ok")
                        .endControlFlow();
            } else {
                m.addStatement("case $T $L -> $L", recordName(h), binding(h), invoke);
            }
        }
        return m.addCode("$<};\n").build();
    }

    private MethodSpec handleCast() {
        MethodSpec.Builder m = callback("handleCast", TypeName.VOID,
                        model.casts().stream().anyMatch(MessageHandler::throwsChecked))
                .addParameter(OBJECT, "message")
                .beginControlFlow("if (!(message instanceof $T cast))", castProtocol)
                .addStatement("throw $T.notAMessage(this, $S, message)", SERVER_CALLBACKS, "cast")
                .endControlFlow()
                .beginControlFlow("switch (cast)");
        for (MessageHandler h : model.casts()) {
            m.addStatement("case $T $L -> $L", recordName(h), binding(h), invocation(h));
        }
        return m.endControlFlow().build();
    }

    private MethodSpec handleInfo() {
        MethodSpec.Builder m = typeSwitch("handleInfo", TypeName.BOOLEAN, model.infos(), "message", "m");
        if (!isTotal(model.infos())) {
            m.beginControlFlow("default ->").addStatement("return false").endControlFlow();
        }
        return m.endControlFlow().addStatement("return true").build();
    }

    private MethodSpec handleContinue() {
        MethodSpec.Builder m = typeSwitch("handleContinue", TypeName.VOID, model.continues(), "continuation", "c");
        if (!isTotal(model.continues())) {
            m.addStatement("default -> throw new $T($S + continuation)", IllegalStateException.class,
                    "no @Continue method of " + model.server().simpleName() + " takes ");
        }
        return m.endControlFlow().build();
    }

    /** A callback that switches on its one argument's type, one case per handler; the caller ends the switch. */
    private MethodSpec.Builder typeSwitch(String name, TypeName returns, List<InfoHandler> handlers, String param,
                                          String binding) {
        MethodSpec.Builder m = callback(name, returns, handlers.stream().anyMatch(InfoHandler::throwsChecked))
                .addParameter(OBJECT, param)
                .beginControlFlow("switch ($L)", param);
        for (InfoHandler h : handlers) {
            m.addStatement("case $T $L -> server.$L($L)", h.pattern(), binding, h.method(), binding);
        }
        return m;
    }

    private static boolean isTotal(List<InfoHandler> handlers) {
        return handlers.stream().anyMatch(h -> h.pattern().equals(OBJECT));
    }

    /** {@code server.allocate(from)}, {@code server.deallocate(m.frequency())}, ... */
    private static CodeBlock invocation(MessageHandler h) {
        CodeBlock.Builder args = CodeBlock.builder();
        List<Param> params = h.params();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            args.add(i == 0 ? "" : ", ");
            switch (p.source()) {
                case MESSAGE -> args.add("m.$L()", p.name());
                case FROM -> args.add("from");
                case REPLY_TO -> args.add("from.typed()");
            }
        }
        return CodeBlock.of("server.$L($L)", h.method(), args.build());
    }

    private static String binding(MessageHandler h) {
        return h.components().isEmpty() ? "_" : "m";
    }

    private ClassName recordName(MessageHandler h) {
        return model.dispatch().nestedClass(h.record());
    }

}
