package io.loomotp.processor.writing;

import static io.loomotp.processor.base.RuntimeNames.EXIT_REASON;
import static io.loomotp.processor.base.RuntimeNames.FROM;
import static io.loomotp.processor.base.RuntimeNames.STATE_MACHINE_CALLBACKS;
import static io.loomotp.processor.base.RuntimeNames.STATE_SNAPSHOT;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.model.Param;
import io.loomotp.processor.model.StateMachineModel;
import io.loomotp.processor.model.StateMachineModel.Binding;
import io.loomotp.processor.model.StateMachineModel.Event;
import io.loomotp.processor.model.StateMachineModel.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Name>_Dispatch} for a {@code @StateMachine}: the sealed protocol of event records, and the
 * {@code StateMachineCallbacks} that chooses the handler by the pair (event, state) with nested pattern switches,
 * with the sys hooks (state and data formatting, snapshot, state check).
 */
public final class StateMachineDispatchWriter {
    private static final ClassName OBJECT = ClassName.OBJECT;
    private static final ClassName STRING = ClassName.get(String.class);
    private static final ClassName EXCEPTION = ClassName.get(Exception.class);

    private final StateMachineModel model;
    private final ClassName protocol;

    public StateMachineDispatchWriter(StateMachineModel model) {
        this.model = model;
        this.protocol = model.dispatch().nestedClass(GeneratedNames.EVENT_PROTOCOL);
    }

    public TypeSpec write() {
        ClassName machine = model.machine();
        TypeSpec.Builder t = TypeSpec.classBuilder(model.dispatch())
                .addJavadoc("The dispatch glue of {@link $T}: its events as records of a sealed protocol, and the\n"
                        + "callbacks that the generic state machine runs, which choose the handler by event and state\n"
                        + "and call its methods.\n", machine)
                .addAnnotation(Sources.generated())
                .addAnnotation(Sources.suppressions())
                .addModifiers(Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(STATE_MACHINE_CALLBACKS, machine))
                .addField(FieldSpec.builder(model.dispatch(), "INSTANCE", Modifier.STATIC, Modifier.FINAL)
                        .initializer("new $T()", model.dispatch())
                        .build());
        Parts.addFields(t, machine, model.fields());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        if (model.hasAnnotationOptions()) {
            t.addMethod(Parts.options("@StateMachine", model.defaultName(), model.mailboxCapacity(),
                    model.overflow()));
        }
        t.addMethod(init());
        t.addMethod(handleEvent());
        if (!model.infos().isEmpty()) {
            t.addMethod(handleInfo());
        }
        if (!model.enters().isEmpty()) {
            t.addMethod(MethodSpec.methodBuilder("hasEnterCalls")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.BOOLEAN)
                    .addStatement("return true")
                    .build());
            t.addMethod(enter());
        }
        if (model.terminate() != null) {
            t.addMethod(terminate());
        }
        t.addMethod(MethodSpec.methodBuilder("module")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)))
                .addStatement("return $T.class", machine)
                .build());
        if (model.logsUnhandled()) {
            t.addMethod(MethodSpec.methodBuilder("logsUnhandled")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.BOOLEAN)
                    .addStatement("return true")
                    .build());
        }
        if (model.states().stream().anyMatch(s -> s.bare() && s.record() != null)) {
            t.addMethod(formatState());
        }
        t.addMethod(formatData());
        t.addMethod(MethodSpec.methodBuilder("snapshotData")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(OBJECT)
                .addParameter(machine, "data")
                .addStatement("return $T.of($S, FIELDS, values(data))", STATE_SNAPSHOT, machine.simpleName())
                .build());
        t.addMethod(Parts.values(machine, "data", model.fields()));
        t.addMethod(accepts("acceptsState", model.stateType()));
        t.addMethod(accepts("acceptsData", machine));
        Parts.addProtocol(t, model.dispatch(), machine, protocol,
                model.events().stream().map(Event::message).toList(), "events", "@Event");
        return t.build();
    }

    // --- callbacks --------------------------------------------------------------------------------------------------

    private MethodSpec.Builder callback(String name, TypeName returns, boolean throwsChecked) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns)
                .addParameter(model.machine(), "data");
        if (throwsChecked) {
            m.addException(EXCEPTION);
        }
        return m;
    }

    private MethodSpec init() {
        if (model.init() == null) {
            return callback("init", OBJECT, false)
                    .addStatement("throw new $T($S)", IllegalStateException.class, model.machine().simpleName()
                            + " has no @Init: start it with its first state")
                    .build();
        }
        return callback("init", OBJECT, model.init().throwsChecked())
                .addStatement("return data.$L()", model.init().method())
                .build();
    }

    private MethodSpec terminate() {
        MethodSpec.Builder m = callback("terminate", TypeName.VOID, model.terminate().throwsChecked())
                .addParameter(OBJECT, "state")
                .addParameter(EXIT_REASON, "reason");
        CodeBlock.Builder args = CodeBlock.builder();
        if (model.terminate().takesState()) {
            args.add("($T) state", model.stateType()); // OTP's terminate/3: the state it stops in
        }
        if (model.terminate().returnsOrTakesRuntimeType()) {
            args.add(model.terminate().takesState() ? ", reason" : "reason");
        }
        return m.addStatement("data.$L($L)", model.terminate().method(), args.build()).build();
    }

    /** {@code switch (event) { case Pay m -> switch ((State) state) { case Selection s -> ... } ... }}. */
    private MethodSpec handleEvent() {
        MethodSpec.Builder m = callback("handleEvent", OBJECT,
                        model.events().stream().flatMap(e -> e.handlers().stream()).anyMatch(Binding::throwsChecked))
                .addParameter(OBJECT, "state")
                .addParameter(OBJECT, "event")
                .addParameter(FROM, "from");
        if (model.events().isEmpty()) {
            return m.addStatement("return UNHANDLED").build();
        }
        m.beginControlFlow("if (!(event instanceof $T e))", protocol)
                .addStatement("return UNHANDLED")
                .endControlFlow()
                .addCode("return switch (e) {\n$>");
        for (Event e : model.events()) {
            String binding = e.message().components().isEmpty() ? "_" : "m";
            ClassName record = model.dispatch().nestedClass(e.message().record());
            m.addCode("case $T $L -> ", record, binding);
            m.addCode(byState(e.handlers(), b -> eventArgs(b)));
        }
        return m.addCode("$<};\n").build();
    }

    private MethodSpec handleInfo() {
        MethodSpec.Builder m = callback("handleInfo", OBJECT,
                        model.infos().stream().anyMatch(Binding::throwsChecked))
                .addParameter(OBJECT, "state")
                .addParameter(OBJECT, "message")
                .addCode("return switch (message) {\n$>");
        Map<TypeName, List<Binding>> groups = new LinkedHashMap<>();
        for (Binding b : model.infos()) {
            groups.computeIfAbsent(b.messageType(), k -> new ArrayList<>()).add(b);
        }
        int left = groups.size();
        for (Map.Entry<TypeName, List<Binding>> g : groups.entrySet()) {
            left--;
            // A type handled in some states only, before a less specific type (or one a message may have too): in the
            // other states its message goes on to the next case, as the guard's failing does, not to UNHANDLED
            CodeBlock guard = left > 0 ? statesGuard(g.getValue()) : null;
            if (guard != null) {
                m.addCode("case $T m when $L -> ", g.getKey(), guard);
            } else {
                m.addCode("case $T m -> ", g.getKey());
            }
            m.addCode(byState(g.getValue(), b -> CodeBlock.of("m")));
        }
        if (!groups.containsKey(OBJECT)) {
            m.addCode("default -> UNHANDLED;\n");
        }
        return m.addCode("$<};\n").build();
    }

    /** A test that {@code state} is one of the handlers' states; null if one of them takes every state. */
    private CodeBlock statesGuard(List<Binding> handlers) {
        if (handlers.stream().anyMatch(Binding::isCatchAll)) {
            return null;
        }
        List<CodeBlock> tests = new ArrayList<>();
        for (Binding b : handlers) {
            for (String st : b.states()) {
                tests.add(model.enumStates() ? CodeBlock.of("state == $T.$L", model.stateType(), st)
                        : CodeBlock.of("state instanceof $T", recordOf(st)));
            }
        }
        if (tests.size() >= model.states().size()) {
            return null;
        }
        return tests.size() == 1 ? tests.get(0) : CodeBlock.of("($L)", CodeBlock.join(tests, " || "));
    }

    private MethodSpec enter() {
        MethodSpec.Builder m = callback("enter", OBJECT, model.enters().stream().anyMatch(Binding::throwsChecked))
                .addParameter(OBJECT, "oldState")
                .addParameter(OBJECT, "state");
        Function<Binding, CodeBlock> old = b -> b.takesOldState()
                ? CodeBlock.of("($T) oldState", model.stateType()) : CodeBlock.of("");
        Binding only = model.enters().get(0);
        if (model.enters().size() == 1 && only.isCatchAll() && !only.returnsValue()) {
            CodeBlock args = old.apply(only).isEmpty() ? stateArgument(only, null)
                    : CodeBlock.of("$L, $L", stateArgument(only, null), old.apply(only));
            return m.addStatement("data.$L($L)", only.method(), args).addStatement("return KEEP").build();
        }
        m.addCode("return ");
        m.addCode(byState(model.enters(), old, "KEEP"));
        return m.build();
    }

    private CodeBlock byState(List<Binding> handlers, Function<Binding, CodeBlock> args) {
        return byState(handlers, args, "UNHANDLED");
    }

    /**
     * The arm for one event (or message type): the call, if one handler takes every state; else a switch over the
     * state, ending with the handler for every other state, or {@code otherwise} if some state has none.
     */
    private CodeBlock byState(List<Binding> handlers, Function<Binding, CodeBlock> args, String otherwise) {
        CodeBlock.Builder c = CodeBlock.builder();
        if (handlers.size() == 1 && handlers.get(0).isCatchAll()) {
            return c.add(arm(handlers.get(0), stateArgument(handlers.get(0), null), args.apply(handlers.get(0))))
                    .build();
        }
        c.add("switch (($T) state) {\n$>", model.stateType());
        List<String> covered = new ArrayList<>();
        Binding catchAll = null;
        for (Binding b : handlers) {
            if (b.isCatchAll()) {
                catchAll = b;
                continue;
            }
            covered.addAll(b.states());
            if (model.enumStates()) {
                c.add("case $L -> ", String.join(", ", b.states()));
                c.add(arm(b, stateArgument(b, null), args.apply(b)));
            } else {
                c.add("case $T s -> ", recordOf(b.states().get(0)));
                c.add(arm(b, stateArgument(b, "s"), args.apply(b)));
            }
        }
        if (catchAll != null) {
            c.add("default -> ");
            c.add(arm(catchAll, stateArgument(catchAll, null), args.apply(catchAll)));
        } else if (covered.size() < model.states().size()) {
            c.add("default -> $L;\n", otherwise);
        }
        return c.add("$<};\n").build();
    }

    /** What a handler gets as its state: the bound record, the state cast to the state type, or nothing. */
    private CodeBlock stateArgument(Binding b, String bound) {
        if (b.stateParam() == null) {
            return CodeBlock.of("");
        }
        return bound != null ? CodeBlock.of("$L", bound) : CodeBlock.of("($T) state", model.stateType());
    }

    /** {@code data.pay(s, m.amount());} or, for a void handler, {@code { data.pay(s, m.amount()); yield KEEP; }}. */
    private static CodeBlock arm(Binding b, CodeBlock state, CodeBlock rest) {
        CodeBlock.Builder args = CodeBlock.builder().add(state);
        if (!rest.isEmpty()) {
            args.add(state.isEmpty() ? "$L" : ", $L", rest);
        }
        if (b.returnsValue()) {
            return CodeBlock.of("data.$L($L);\n", b.method(), args.build());
        }
        return CodeBlock.builder()
                .add("{\n$>")
                .addStatement("data.$L($L)", b.method(), args.build())
                .addStatement("yield KEEP")
                .add("$<}\n")
                .build();
    }

    /** The event's arguments after the state: record components by position, and the caller. */
    private static CodeBlock eventArgs(Binding b) {
        CodeBlock.Builder c = CodeBlock.builder();
        List<Param> params = b.args();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            c.add(i == 0 ? "" : ", ");
            switch (p.source()) {
                case MESSAGE -> c.add("m.$L()", p.name());
                case FROM -> c.add("from");
                case REPLY_TO -> c.add("from.typed()");
            }
        }
        return c.build();
    }

    private ClassName recordOf(String state) {
        return model.states().stream().filter(s -> s.name().equals(state)).findFirst().map(State::record)
                .orElseThrow();
    }

    // --- sys hooks --------------------------------------------------------------------------------------------------

    /** Records without components print as their name, {@code Idle}, not {@code Idle[]}. */
    private MethodSpec formatState() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("formatState")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(STRING)
                .addParameter(OBJECT, "state");
        for (State s : model.states()) {
            if (s.bare() && s.record() != null) {
                m.beginControlFlow("if (state instanceof $T)", s.record())
                        .addStatement("return $S", s.name())
                        .endControlFlow();
            }
        }
        return m.addStatement("return $T.valueOf(state)", String.class).build();
    }

    private MethodSpec formatData() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("formatData")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(STRING)
                .addParameter(model.machine(), "data");
        if (model.declaresToString()) {
            return m.addStatement("return data.toString()").build();
        }
        return m.addStatement("return $T.format($S, FIELDS, values(data))", STATE_SNAPSHOT,
                model.machine().simpleName()).build();
    }

    private static MethodSpec accepts(String name, ClassName type) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(OBJECT, "candidate")
                .addStatement("return candidate instanceof $T", type)
                .build();
    }
}
