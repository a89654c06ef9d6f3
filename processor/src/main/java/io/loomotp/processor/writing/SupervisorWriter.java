package io.loomotp.processor.writing;

import static io.loomotp.processor.base.RuntimeNames.CHILD_ARGS;
import static io.loomotp.processor.base.RuntimeNames.CHILD_COUNT;
import static io.loomotp.processor.base.RuntimeNames.CHILD_INFO;
import static io.loomotp.processor.base.RuntimeNames.CHILD_SPEC;
import static io.loomotp.processor.base.RuntimeNames.DURATIONS;
import static io.loomotp.processor.base.RuntimeNames.GEN_SERVER;
import static io.loomotp.processor.base.RuntimeNames.INJECT;
import static io.loomotp.processor.base.RuntimeNames.NODE;
import static io.loomotp.processor.base.RuntimeNames.PID;
import static io.loomotp.processor.base.RuntimeNames.PROVIDER;
import static io.loomotp.processor.base.RuntimeNames.AUTO_SHUTDOWN;
import static io.loomotp.processor.base.RuntimeNames.RESTART;
import static io.loomotp.processor.base.RuntimeNames.SHUTDOWN;
import static io.loomotp.processor.base.RuntimeNames.START_OPTIONS;
import static io.loomotp.processor.base.RuntimeNames.STRATEGY;
import static io.loomotp.processor.base.RuntimeNames.SUPERVISOR;
import static io.loomotp.processor.base.RuntimeNames.SUPERVISOR_FLAGS;
import static io.loomotp.processor.base.RuntimeNames.SUPERVISOR_MODULE;
import static io.loomotp.processor.base.RuntimeNames.SUPERVISOR_SPEC;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.model.Children;
import io.loomotp.processor.model.Param;
import io.loomotp.processor.model.SupervisorModel;
import io.loomotp.processor.model.SupervisorModel.ChildModel;
import java.util.List;
import java.util.function.Supplier;
import javax.lang.model.element.Modifier;

/**
 * Writes the two classes of a {@code @Supervisor}: {@code <Name>Supervisor}, its callback module (one factory per
 * child, an {@code @Inject} constructor for Dagger and {@code of(...)} without it, and {@code init} building the child
 * specs), and {@code <Name>Ref}, the client of a running supervisor.
 */
public final class SupervisorWriter {
    private static final ClassName SUPPLIER = ClassName.get(Supplier.class);
    private static final ClassName LIST = ClassName.get(List.class);

    private final SupervisorModel model;

    public SupervisorWriter(SupervisorModel model) {
        this.model = model;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The callback module

    public TypeSpec module() {
        ClassName module = model.module();
        TypeSpec.Builder t = TypeSpec.classBuilder(module)
                .addJavadoc("The callback module of supervisor {@link $T}: its flags and its children, each made by a\n"
                        + "factory that gives a fresh instance on every start and restart. Build it with Dagger\n"
                        + "(its constructor is {@code @Inject}), or with {@link #of}; start it with {@link $T}.\n",
                        model.declaration(), model.ref())
                .addAnnotation(Sources.generated())
                .addAnnotation(Sources.suppressions())
                .addModifiers(Modifier.FINAL)
                .addSuperinterface(SUPERVISOR_MODULE);
        if (model.isPublic()) {
            t.addModifiers(Modifier.PUBLIC);
        }
        for (ChildModel c : model.children()) {
            if (c.needsFactoryInterface()) {
                t.addType(factoryInterface(c));
            }
            t.addField(FieldSpec.builder(storedType(c), c.method(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        boolean needsSupplierConstructor = model.children().stream().anyMatch(c -> !c.needsFactoryInterface());
        MethodSpec.Builder inject = MethodSpec.constructorBuilder()
                .addAnnotation(INJECT)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("For Dagger: one {@code Provider} (or factory) per child, each asked again on every "
                        + "restart.\n");
        MethodSpec.Builder plain = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE);
        MethodSpec.Builder of = MethodSpec.methodBuilder("of")
                .addJavadoc("Without a DI container: one factory per child, each called again on every restart.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(module);
        CodeBlock.Builder ofArgs = CodeBlock.builder();
        for (int i = 0; i < model.children().size(); i++) {
            ChildModel c = model.children().get(i);
            TypeName injected = c.needsFactoryInterface() ? factoryName(c)
                    : ParameterizedTypeName.get(PROVIDER, c.instance());
            inject.addParameter(injected, c.method());
            plain.addParameter(storedType(c), c.method());
            of.addParameter(storedType(c), c.method());
            ofArgs.add(i == 0 ? "$L" : ", $L", c.method());
            if (needsSupplierConstructor) {
                plain.addStatement("this.$L = $T.requireNonNull($L, $S)", c.method(), java.util.Objects.class,
                        c.method(), c.method());
            }
            if (c.needsFactoryInterface()) {
                inject.addStatement("this.$L = $T.requireNonNull($L, $S)", c.method(), java.util.Objects.class,
                        c.method(), c.method());
            } else {
                inject.addStatement("this.$L = $L::get", c.method(), c.method());
            }
        }
        t.addMethod(inject.build());
        if (needsSupplierConstructor) {
            t.addMethod(plain.build());
        }
        t.addMethod(of.addStatement("return new $T($L)", module, ofArgs.build()).build());
        t.addMethod(init());
        t.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S", module.simpleName())
                .build());
        return t.build();
    }

    /** What the module keeps per child: a {@code Supplier} of instances, or the child's factory interface. */
    private TypeName storedType(ChildModel c) {
        return c.needsFactoryInterface() ? factoryName(c) : ParameterizedTypeName.get(SUPPLIER, c.instance());
    }

    private ClassName factoryName(ChildModel c) {
        return model.module().nestedClass(c.factoryInterface());
    }

    /** {@code PhoneFactory { PhoneController create(String msisdn); }} or {@code OverloadStart { Pid start(); }}. */
    private TypeSpec factoryInterface(ChildModel c) {
        boolean pid = c.kind() == Children.Kind.PID;
        MethodSpec.Builder m = MethodSpec.methodBuilder(pid ? "start" : "create")
                .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .returns(pid ? PID : c.instance());
        for (Param p : c.args()) {
            m.addParameter(p.type(), p.name());
        }
        if (pid) {
            m.addException(Exception.class)
                    .addJavadoc("Starts the child linked to the calling process (the supervisor); returns its pid, or"
                            + " null if it chose not to start.\n");
        } else {
            m.addJavadoc("Makes a fresh instance of the child for these start arguments.\n");
        }
        return TypeSpec.interfaceBuilder(c.factoryInterface())
                .addJavadoc("How child {@code $L} is $L.\n", c.id(), pid ? "started" : "made")
                .addAnnotation(FunctionalInterface.class)
                .addModifiers(Modifier.PUBLIC)
                .addMethod(m.build())
                .build();
    }

    private MethodSpec init() {
        CodeBlock.Builder specs = CodeBlock.builder();
        for (ChildModel c : model.children()) {
            specs.add(",\n$L", childSpec(c));
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder("init")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(SUPERVISOR_SPEC);
        if (model.children().stream().flatMap(c -> c.args().stream()).anyMatch(p -> p.type()
                instanceof ParameterizedTypeName)) {
            m.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked")
                    .build());
        }
        CodeBlock autoShutdown = model.autoShutdown().equals("NEVER") ? CodeBlock.of("")
                : CodeBlock.of(".withAutoShutdown($T.$L)", AUTO_SHUTDOWN, model.autoShutdown());
        return m.addStatement("return $T.of(new $T($T.$L, $L, $T.parse($S))$L$>$L$<)", SUPERVISOR_SPEC,
                        SUPERVISOR_FLAGS, STRATEGY, model.strategy(), model.intensity(), DURATIONS, model.period(),
                        autoShutdown, specs.build())
                .build();
    }

    /** {@code ChildSpec.worker("frequency", () -> { FrequencyRef r = ...; return r == null ? null : r.pid(); })}. */
    private CodeBlock childSpec(ChildModel c) {
        boolean dynamic = !c.args().isEmpty();
        CodeBlock.Builder args = CodeBlock.builder();
        for (int i = 0; i < c.args().size(); i++) {
            args.add(i == 0 ? "($T) args.get($L)" : ", ($T) args.get($L)", c.args().get(i).type().box(), i);
        }
        // the factory fields are read as this.name: a child may be named like the lambda's parameter or the local
        // the start, as the statements of a lambda's body
        CodeBlock start;
        switch (c.kind()) {
            case PID -> start = CodeBlock.of("return this.$L.start($L);\n", c.method(), args.build());
            case SUPERVISOR -> start = startClient(c, dynamic ? CodeBlock.of("this.$L.create($L)", c.method(),
                    args.build()) : CodeBlock.of("this.$L.get()", c.method()));
            default -> start = startClient(c, dynamic ? CodeBlock.of("() -> this.$L.create($L)", c.method(),
                    args.build()) : CodeBlock.of("this.$L", c.method()));
        }
        CodeBlock spec = dynamic
                ? CodeBlock.of("$T.$L($S, given -> {\n$>$T<$T> args = $T.check($S, given$L);\n$L$<})", CHILD_SPEC,
                        c.supervisor() ? "supervisor" : "worker", c.id(), List.class, Object.class, CHILD_ARGS,
                        signature(c), argTypes(c), start)
                : CodeBlock.of("$T.$L($S, () -> $L)", CHILD_SPEC, c.supervisor() ? "supervisor" : "worker", c.id(),
                        c.kind() == Children.Kind.PID ? CodeBlock.of("this.$L.start()", c.method())
                                : CodeBlock.of("{\n$>$L$<}", start));
        CodeBlock.Builder b = spec.toBuilder();
        if (!c.restart().equals("PERMANENT")) {
            b.add(".withRestart($T.$L)", RESTART, c.restart());
        }
        if (!c.shutdown().isEmpty()) {
            b.add(".withShutdown($T.parse($S))", SHUTDOWN, c.shutdown());
        }
        if (c.significant()) {
            b.add(".withSignificant(true)");
        }
        return b.build();
    }

    /** A dynamic child's method as the user declared it, for ChildArgs' messages: {@code phone(String number)}. */
    private static String signature(ChildModel c) {
        StringBuilder b = new StringBuilder(c.method()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
            TypeName t = c.args().get(i).type();
            TypeName raw = t instanceof ParameterizedTypeName p ? p.rawType() : t;
            b.append(i == 0 ? "" : ", ").append(raw instanceof ClassName n ? n.simpleName() : raw.toString())
                    .append(' ').append(c.args().get(i).name());
        }
        return b.append(')').toString();
    }

    /** {@code , String.class, int.class}: the class of each start argument (a parameterized type's raw class). */
    private static CodeBlock argTypes(ChildModel c) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (var a : c.args()) {
            TypeName t = a.type();
            b.add(", $T.class", t instanceof ParameterizedTypeName p ? p.rawType() : t);
        }
        return b.build();
    }

    /** Statements that start the child through its client and answer its pid, or null if it chose not to start. */
    private static CodeBlock startClient(ChildModel c, CodeBlock factory) {
        return CodeBlock.of("$T child = $T.startLink($L);\nreturn child == null ? null : child.pid();\n",
                c.client(), c.client(), factory);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The client

    public TypeSpec client() {
        ClassName ref = model.ref();
        String kind = model.isDynamic() ? "dynamic supervisor" : "supervisor";
        TypeSpec.Builder t = TypeSpec.classBuilder(ref)
                .addSuperinterface(io.loomotp.processor.base.RuntimeNames.PROCESS_REF)
                .addJavadoc("The client of a running $L {@link $T}: its children's clients, and the supervisor API.\n",
                        kind, model.declaration())
                .addAnnotation(Sources.generated())
                .addAnnotation(Sources.suppressions())
                .addModifiers(Modifier.FINAL)
                .addField(PID, "pid", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(PID, "pid")
                        .addStatement("this.pid = $T.requireNonNull(pid, $S)", java.util.Objects.class, "pid")
                        .build());
        if (model.isPublic()) {
            t.addModifiers(Modifier.PUBLIC);
        }
        String named = model.defaultName().isEmpty() ? ""
                : " It is registered as {@code \"" + model.defaultName() + "\"} unless the options name it otherwise.";
        t.addMethod(MethodSpec.methodBuilder("start")
                .addJavadoc("Starts an unlinked supervisor, and returns once all its children have started, in order."
                        + "$L\n\n@return the client, or null if it chose not to start\n@throws $T if a child failed "
                        + "to start (the others were stopped)\n", named, ClassName.get("io.loomotp.runtime",
                        "StartFailedException"))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(NODE, "node")
                .addParameter(model.module(), "supervisor")
                .addStatement("return start(node, supervisor, $T.defaults())", START_OPTIONS)
                .build());
        t.addMethod(MethodSpec.methodBuilder("start")
                .addJavadoc("Starts an unlinked supervisor with options; see {@link #start($T, $T)}.\n", NODE,
                        model.module())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(NODE, "node")
                .addParameter(model.module(), "supervisor")
                .addParameter(START_OPTIONS, "options")
                .addStatement("$T pid = $T.start(node, supervisor, options(options))", PID, SUPERVISOR)
                .addStatement("return pid == null ? null : new $T(pid)", ref)
                .build());
        t.addMethod(MethodSpec.methodBuilder("startLink")
                .addJavadoc("Starts a supervisor linked to the calling process, as its own supervisor does.$L\n",
                        named)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(model.module(), "supervisor")
                .addStatement("return startLink(supervisor, $T.defaults())", START_OPTIONS)
                .build());
        t.addMethod(MethodSpec.methodBuilder("startLink")
                .addJavadoc("Starts a linked supervisor with options; see {@link #startLink($T)}.\n", model.module())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(model.module(), "supervisor")
                .addParameter(START_OPTIONS, "options")
                .addStatement("$T pid = $T.startLink(supervisor, options(options))", PID, SUPERVISOR)
                .addStatement("return pid == null ? null : new $T(pid)", ref)
                .build());
        MethodSpec.Builder options = MethodSpec.methodBuilder("options")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(START_OPTIONS)
                .addParameter(START_OPTIONS, "options");
        if (model.defaultName().isEmpty()) {
            options.addStatement("return options");
        } else {
            // only where the start names it in no other way: a start has one name, local, global or via
            options.beginControlFlow("if (options.name() != null || options.globalName() != null"
                            + " || options.via() != null)")
                    .addStatement("return options")
                    .endControlFlow()
                    .addStatement("return options.withName($S)", model.defaultName());
        }
        t.addMethod(options.build());
        Parts.addLookups(t, ref, kind, model.defaultName());
        for (ChildModel c : model.children()) {
            t.addMethod(model.isDynamic() ? startChild(c) : currentChild(c));
        }
        addSupervisorApi(t);
        t.addMethod(MethodSpec.methodBuilder("stop")
                .addJavadoc("Stops the supervisor: its children stop first, in reverse start order.\n")
                .addModifiers(Modifier.PUBLIC)
                .addStatement("$T.stop(pid)", GEN_SERVER)
                .build());
        Parts.addValueMethods(t, ref);
        return t.build();
    }

    /** {@code FrequencyRef frequency()}: the child's client while it runs, else null. */
    private MethodSpec currentChild(ChildModel c) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(c.method())
                .addJavadoc("Child {@code $L} while it runs, else null (it may be restarting).\n", c.id())
                .addModifiers(Modifier.PUBLIC)
                .addStatement("$T child = $T.whereis(pid, $S)", PID, SUPERVISOR, c.id());
        if (c.kind() == Children.Kind.PID) {
            return m.returns(PID).addStatement("return child").build();
        }
        return m.returns(c.client()).addStatement("return child == null ? null : $T.of(child)", c.client()).build();
    }

    /** {@code PhoneRef phone(String msisdn)}: starts a child of a dynamic supervisor with these arguments. */
    private MethodSpec startChild(ChildModel c) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(c.method())
                .addJavadoc("Starts a child with these arguments; null if it chose not to start.\n\n@throws $T if its "
                        + "start failed\n", ClassName.get("io.loomotp.runtime", "StartFailedException"))
                .addModifiers(Modifier.PUBLIC);
        CodeBlock.Builder args = CodeBlock.builder();
        List<String> names = c.args().stream().map(Param::name).toList();
        for (int i = 0; i < c.args().size(); i++) {
            Param p = c.args().get(i);
            m.addParameter(p.type(), p.name());
            args.add(i == 0 ? "$L" : ", $L", p.name());
        }
        // the user's parameter names are kept: a parameter named like the field or the local must not hide them
        String child = GeneratedNames.freshName("child", names);
        String pid = names.contains("pid") ? "this.pid" : "pid";
        // Arrays.asList: an argument may be null, as an Erlang term may be undefined
        m.addStatement("$T $L = $T.startChild($L, $T.asList($L))", PID, child, SUPERVISOR, pid,
                java.util.Arrays.class, args.build());
        if (c.kind() == Children.Kind.PID) {
            return m.returns(PID).addStatement("return $L", child).build();
        }
        return m.returns(c.client()).addStatement("return $L == null ? null : $T.of($L)", child, c.client(), child)
                .build();
    }

    private void addSupervisorApi(TypeSpec.Builder t) {
        t.addMethod(MethodSpec.methodBuilder("whichChildren")
                .addJavadoc("The children, the last started first, as OTP's {@code which_children/1} lists them.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(LIST, CHILD_INFO))
                .addStatement("return $T.whichChildren(pid)", SUPERVISOR)
                .build());
        t.addMethod(MethodSpec.methodBuilder("countChildren")
                .addModifiers(Modifier.PUBLIC)
                .returns(CHILD_COUNT)
                .addStatement("return $T.countChildren(pid)", SUPERVISOR)
                .build());
        t.addMethod(delegate("terminateChild", TypeName.VOID, PID, "child", "Stops a child by pid.\n"));
        t.addMethod(delegate("getChildSpec", CHILD_SPEC, PID, "child",
                "The spec of a child, by its pid: {@code get_childspec/2}.\n"));
        if (model.isDynamic()) {
            return;
        }
        t.addMethod(delegate("getChildSpec", CHILD_SPEC, ClassName.get(String.class), "id",
                "The spec of a child, by its id: {@code get_childspec/2}.\n"));
        t.addMethod(delegate("startChild", PID, CHILD_SPEC, "spec", "Adds a child and starts it: {@code start_child/2},"
                + " as the book's {@code phone_sup} starts\na phone per number; null if it chose not to start.\n\n"
                + "@throws io.loomotp.runtime.StartFailedException if its start failed\n"));
        t.addMethod(delegate("terminateChild", TypeName.VOID, ClassName.get(String.class), "id",
                "Stops a child: {@code terminate_child/2}. A permanent or transient child's spec is\n"
                        + "kept for {@link #restartChild}; a temporary child's is deleted, as in OTP.\n"));
        t.addMethod(delegate("restartChild", PID, ClassName.get(String.class), "id",
                "Starts again a child that was terminated.\n"));
        t.addMethod(delegate("deleteChild", TypeName.VOID, ClassName.get(String.class), "id",
                "Forgets a child that is not running.\n"));
    }

    /** {@code public R name(P param) { [return] Supervisor.name(pid, param); }}, with its Javadoc. */
    private static MethodSpec delegate(String name, TypeName returns, TypeName paramType, String param, String doc) {
        return MethodSpec.methodBuilder(name)
                .addJavadoc(doc)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns)
                .addParameter(paramType, param)
                .addStatement("$L$T.$L(pid, $L)", returns.equals(TypeName.VOID) ? "" : "return ", SUPERVISOR, name,
                        param)
                .build();
    }
}
