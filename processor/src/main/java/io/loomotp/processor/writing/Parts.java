package io.loomotp.processor.writing;

import static io.loomotp.processor.base.RuntimeNames.MAILBOX_SPEC;
import static io.loomotp.processor.base.RuntimeNames.OVERFLOW;
import static io.loomotp.processor.base.RuntimeNames.START_OPTIONS;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.RuntimeNames;
import io.loomotp.processor.model.MessageHandler;
import io.loomotp.processor.model.Param;
import io.loomotp.processor.model.StateField;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What every behaviour's dispatch has, whatever the behaviour: the fields of the user's class for the sys snapshot,
 * and the sealed protocol of message records the client sends.
 */
final class Parts {
    private static final ClassName STRING = ClassName.get(String.class);

    private Parts() {}

    /** {@code FIELDS}, the names of the fields, and a VarHandle per private field, for the snapshot. */
    static void addFields(TypeSpec.Builder t, ClassName owner, List<StateField> fields) {
        CodeBlock.Builder names = CodeBlock.builder();
        for (int i = 0; i < fields.size(); i++) {
            names.add(i == 0 ? "$S" : ", $S", fields.get(i).name());
        }
        t.addField(FieldSpec.builder(String[].class, "FIELDS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("{$L}", names.build())
                .build());
        List<StateField> hidden = fields.stream().filter(StateField::isPrivate).toList();
        if (hidden.isEmpty()) {
            return;
        }
        CodeBlock.Builder init = CodeBlock.builder()
                .beginControlFlow("try")
                .addStatement("$T.Lookup lookup = $T.privateLookupIn($T.class, $T.lookup())", MethodHandles.class,
                        MethodHandles.class, owner, MethodHandles.class);
        java.util.Map<String, String> handles = GeneratedNames.fieldHandles(fields.stream().map(StateField::name)
                .toList());
        for (StateField f : hidden) {
            String handle = handles.get(f.name());
            t.addField(FieldSpec.builder(VarHandle.class, handle, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .build());
            // the field's type from reflection: a private type of the user's (a private record) cannot be named here
            init.addStatement("$L = lookup.findVarHandle($T.class, $S, $T.class.getDeclaredField($S).getType())",
                    handle, owner, f.name(), owner, f.name());
        }
        init.nextControlFlow("catch ($T e)", ReflectiveOperationException.class)
                .addStatement("throw new $T(e)", ExceptionInInitializerError.class)
                .endControlFlow();
        t.addStaticBlock(CodeBlock.builder()
                .add("// private fields are read through VarHandles, on the sys path only (state snapshot and trace)\n")
                .add(init.build())
                .build());
    }

    /** {@code values(owner)}: the fields' values, in the order of {@code FIELDS}. */
    static MethodSpec values(ClassName owner, String param, List<StateField> fields) {
        java.util.Map<String, String> handles = GeneratedNames.fieldHandles(fields.stream().map(StateField::name)
                .toList());
        CodeBlock.Builder values = CodeBlock.builder();
        for (int i = 0; i < fields.size(); i++) {
            StateField f = fields.get(i);
            values.add(i == 0 ? "" : ", ");
            if (f.isPrivate()) {
                values.add("$L.get($L)", handles.get(f.name()), param);
            } else {
                values.add("$L.$L", param, f.name());
            }
        }
        return MethodSpec.methodBuilder("values")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(Object[].class)
                .addParameter(owner, param)
                .addStatement("return new $T[] {$L}", Object.class, values.build())
                .build();
    }

    /** A sealed protocol interface and one record per message, each printing as {@code name(arg, ...)}. */
    static void addProtocol(TypeSpec.Builder t, ClassName dispatch, ClassName owner, ClassName protocol,
                            List<MessageHandler> handlers, String what, String annotation) {
        if (handlers.isEmpty()) {
            return;
        }
        TypeSpec.Builder sealed = TypeSpec.interfaceBuilder(protocol)
                .addJavadoc(annotation.equals("@Event")
                        ? CodeBlock.of("The $L of {@link $T}: one record per event, whichever states handle it.\n", what,
                                owner)
                        : CodeBlock.of("The $L of {@link $T}: one record per {@code $L} method.\n", what, owner,
                                annotation))
                .addModifiers(Modifier.SEALED);
        for (MessageHandler h : handlers) {
            sealed.addPermittedSubclass(dispatch.nestedClass(h.record()));
        }
        t.addType(sealed.build());
        for (MessageHandler h : handlers) {
            t.addType(record(dispatch.nestedClass(h.record()), h, protocol));
        }
    }

    private static TypeSpec record(ClassName name, MessageHandler h, ClassName protocol) {
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
        List<Param> components = h.components();
        CodeBlock.Builder text = CodeBlock.builder();
        if (components.isEmpty()) {
            text.add("return $S", h.method() + "()");
        } else {
            text.add("return $S", h.method() + "(");
            for (int i = 0; i < components.size(); i++) {
                Param p = components.get(i);
                ctor.addParameter(p.type(), p.name());
                if (i > 0) {
                    text.add(" + $S", ", ");
                }
                if (p.type().isPrimitive()) {
                    text.add(" + $L", p.name());
                } else {
                    text.add(" + $T.show($L)", RuntimeNames.TERMS, p.name());
                }
            }
            text.add(" + $S", ")");
        }
        TypeSpec.Builder r = TypeSpec.recordBuilder(name)
                .addJavadoc("The message of {@code $L}.\n", h.method())
                .addSuperinterface(protocol)
                .recordConstructor(ctor.build());
        if (components.isEmpty()) {
            r.addField(FieldSpec.builder(name, "INSTANCE", Modifier.STATIC, Modifier.FINAL)
                    .initializer("new $T()", name)
                    .build());
        }
        return r.addMethod(MethodSpec.methodBuilder("toString")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(STRING)
                        .addStatement(text.build())
                        .build())
                .build();
    }

    /** {@code options(options)}: the start options, completed with what the class annotation declares. */
    static MethodSpec options(String annotation, String defaultName, int mailboxCapacity, String overflow) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("options")
                .addJavadoc("The start options, completed with what {@code $L} declares.\n", annotation)
                .addModifiers(Modifier.STATIC)
                .returns(START_OPTIONS)
                .addParameter(START_OPTIONS, "options")
                .addStatement("$T completed = options", START_OPTIONS);
        if (!defaultName.isEmpty()) {
            m.beginControlFlow("if (completed.name() == null && completed.globalName() == null"
                            + " && completed.via() == null)")
                    .addStatement("completed = completed.withName($S)", defaultName)
                    .endControlFlow();
        }
        if (mailboxCapacity > 0) {
            m.beginControlFlow("if (!completed.mailboxGiven())")
                    .addStatement("completed = completed.withMailbox($T.bounded($L, $T.$L))", MAILBOX_SPEC,
                            mailboxCapacity, OVERFLOW, overflow)
                    .endControlFlow();
        }
        return m.addStatement("return completed").build();
    }


    /**
     * A client's lookups: {@code of(pid)}, {@code whereis(node, name)}, {@code whereisGlobal(node, name)},
     * {@code whereisVia(registry, name)}, {@code whereis(node)} when the process has a default name, and
     * {@code pid()}. {@code what} names the process in the Javadoc ("server", "supervisor").
     */
    static void addLookups(TypeSpec.Builder t, ClassName ref, String what, String defaultName) {
        addLookups(t, ref, what, defaultName, false);
    }

    /**
     * The lookups of {@link #addLookups(TypeSpec.Builder, ClassName, String, String)}, and with {@code byName} the
     * clients that look their process up at each use: {@code byName(node, name)}, {@code byName(node)} when the
     * process has a default name, {@code byGlobalName(node, name)} and {@code byVia(node, registry, name)} (OTP's
     * {@code gen_server:call(Name, Req)}, {@code call({global, Name}, Req)} and {@code call({via, Mod, Name}, Req)}).
     * Their {@code pid()} asks the registry; the client then has a second field, {@code byName}, and a second
     * constructor taking a {@code ProcessName}.
     */
    static void addLookups(TypeSpec.Builder t, ClassName ref, String what, String defaultName, boolean byName) {
        t.addMethod(MethodSpec.methodBuilder("of")
                .addJavadoc("A client for a running $L, such as one found by name. The pid is not checked: a message"
                        + " to a process\nthat is not one fails as any call to it would.\n", what)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(RuntimeNames.PID, "pid")
                .addStatement("return new $T($T.requireNonNull(pid, $S))", ref, java.util.Objects.class, "pid")
                .build());
        t.addMethod(lookup("whereis", ref, RuntimeNames.NODE, "node", String.class,
                CodeBlock.of("node.whereis(name)"))
                .addJavadoc("The $L registered under {@code name} on {@code node}, or null if none is.\n", what)
                .build());
        t.addMethod(lookup("whereisGlobal", ref, RuntimeNames.NODE, "node", String.class,
                CodeBlock.of("$T.whereis(node, name)", RuntimeNames.GLOBAL_NAMES))
                .addJavadoc("The $L registered under the global {@code name}, as {@code node} sees its cluster, or null"
                        + " if none is:\n{@code global:whereis_name/1}. The node must have joined a cluster.\n", what)
                .build());
        t.addMethod(lookup("whereisVia", ref, RuntimeNames.NAME_REGISTRY, "registry", Object.class,
                CodeBlock.of("registry.whereisName(name)"))
                .addJavadoc("The $L that {@code registry} names {@code name}, or null if it names none:"
                        + " {@code Mod:whereis_name(Name)}\nof OTP's {@code {via, Mod, Name}}.\n", what)
                .build());
        if (!defaultName.isEmpty()) {
            t.addMethod(MethodSpec.methodBuilder("whereis")
                    .addJavadoc("The $L registered under its default name, {@code $S}, or null.\n", what, defaultName)
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(ref)
                    .addParameter(RuntimeNames.NODE, "node")
                    .addStatement("return whereis(node, $S)", defaultName)
                    .build());
        }
        if (byName) {
            addByName(t, ref, what, defaultName);
            return;
        }
        t.addMethod(MethodSpec.methodBuilder("pid")
                .addJavadoc("The $L's pid.\n", what)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeNames.PID)
                .addStatement("return pid")
                .build());
    }

    /** A static lookup {@code method(where, name)}: a client of the pid that {@code pid} evaluates to, or null. */
    private static MethodSpec.Builder lookup(String method, ClassName ref, TypeName whereType, String where,
            Class<?> nameType, CodeBlock pid) {
        return MethodSpec.methodBuilder(method)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(whereType, where)
                .addParameter(nameType, "name")
                .addStatement("$T pid = $L", RuntimeNames.PID, pid)
                .addStatement("return pid == null ? null : new $T(pid)", ref);
    }

    private static void addByName(TypeSpec.Builder t, ClassName ref, String what, String defaultName) {
        t.addMethod(MethodSpec.methodBuilder("byName")
                .addJavadoc("A client of whichever $L is registered under {@code name} on {@code node} when it is"
                        + " used: each call,\ncast or stop looks the name up again, as a call to a registered name does in OTP,"
                        + " so the client\nreaches a supervisor's"
                        + " restarted child. A call or a stop while nobody holds the name throws\n"
                        + "{@code NoProcessException}; a cast is dropped.\n", what)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(RuntimeNames.NODE, "node")
                .addParameter(String.class, "name")
                .addStatement("return new $T($T.local(node, name))", ref, RuntimeNames.PROCESS_NAME)
                .build());
        if (!defaultName.isEmpty()) {
            t.addMethod(MethodSpec.methodBuilder("byName")
                    .addJavadoc("A client of whichever $L holds its default name, {@code $S}, when it is used; see"
                            + " {@link #byName($T, String)}.\n", what, defaultName, RuntimeNames.NODE)
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(ref)
                    .addParameter(RuntimeNames.NODE, "node")
                    .addStatement("return byName(node, $S)", defaultName)
                    .build());
        }
        t.addMethod(MethodSpec.methodBuilder("byName")
                .addJavadoc("A client of whichever $L is registered under the local {@code name} on node"
                        + " {@code nodeName} of\n{@code node}'s cluster when it is used, as OTP's"
                        + " {@code call({Name, Node}, Request)}: each call, cast or stop\nlooks the name up on that node"
                        + " (one round trip). While nobody there holds it, a call or a stop throws\n"
                        + "{@code NoProcessException}; while that node is not connected, {@code ProcessExitException}"
                        + " ({@code noconnection},\nas a call whose node is lost); a cast is dropped in both cases."
                        + " See {@link #byName($T, String)}."
                        + "\n\n", what, RuntimeNames.NODE)
                .addJavadoc("@throws IllegalStateException if {@code nodeName} is another node and {@code node} has"
                        + " joined no cluster\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(RuntimeNames.NODE, "node")
                .addParameter(String.class, "nodeName")
                .addParameter(String.class, "name")
                .addStatement("return new $T($T.on(node, nodeName, name))", ref, RuntimeNames.PROCESS_NAME)
                .build());
        t.addMethod(MethodSpec.methodBuilder("byGlobalName")
                .addJavadoc("A client of whichever $L holds the global {@code name} when it is used, as {@code node}"
                        + " sees its\ncluster, as OTP's {@code call({global, Name}, Request)}. See"
                        + " {@link #byName($T, String)}.\n\n", what, RuntimeNames.NODE)
                .addJavadoc("@throws IllegalStateException if the node has joined no cluster\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(RuntimeNames.NODE, "node")
                .addParameter(String.class, "name")
                .addStatement("return new $T($T.global(node, name))", ref, RuntimeNames.PROCESS_NAME)
                .build());
        t.addMethod(MethodSpec.methodBuilder("byVia")
                .addJavadoc("A client of whichever $L is registered under {@code name} in {@code registry}, a"
                        + " registry of your\nown, when it is used, as OTP's"
                        + " {@code call({via, Module, Name}, Request)}: each call, cast or\nstop asks the registry's"
                        + " {@code whereisName}. See {@link #byName($T, String)}.\n",
                        what, RuntimeNames.NODE)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ref)
                .addParameter(RuntimeNames.NODE, "node")
                .addParameter(RuntimeNames.NAME_REGISTRY, "registry")
                .addParameter(Object.class, "name")
                .addStatement("return new $T($T.via(node, registry, name))", ref, RuntimeNames.PROCESS_NAME)
                .build());
        t.addMethod(MethodSpec.methodBuilder("pid")
                .addJavadoc("The $L's pid; for a client made by name, the pid of the process that holds the name"
                        + " now.\n\n", what)
                .addJavadoc("@throws io.loomotp.runtime.NoProcessException if the client is by name and nobody holds"
                        + " it\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeNames.PID)
                .addStatement("return pid != null ? pid : byName.resolve($S)", ref.simpleName())
                .build());
    }

    /**
     * {@code equals}, {@code hashCode} and {@code toString} of a client that may be by name (see
     * {@link #addLookups(TypeSpec.Builder, ClassName, String, String, boolean)}): equal when their pids are, or their
     * names; shown as {@code FrequencyRef[<0.7>]} or {@code FrequencyRef[frequency]}.
     */
    static void addValueMethodsByName(TypeSpec.Builder t, ClassName ref) {
        addValueMethods(t, ref,
                CodeBlock.of("$T.equals(pid, that.pid) && $T.equals(byName, that.byName)", java.util.Objects.class,
                        java.util.Objects.class),
                CodeBlock.of("pid != null ? pid.hashCode() : byName.hashCode()"),
                CodeBlock.of("(pid != null ? pid : byName)"));
    }

    /** {@code equals}, {@code hashCode} and {@code toString} of a client: equal when their pids are. */
    static void addValueMethods(TypeSpec.Builder t, ClassName ref) {
        addValueMethods(t, ref, CodeBlock.of("pid.equals(that.pid)"), CodeBlock.of("pid.hashCode()"),
                CodeBlock.of("pid"));
    }

    private static void addValueMethods(TypeSpec.Builder t, ClassName ref, CodeBlock same, CodeBlock hash,
                                        CodeBlock shown) {
        t.addMethod(MethodSpec.methodBuilder("equals")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(com.palantir.javapoet.TypeName.BOOLEAN)
                .addParameter(Object.class, "other")
                .addStatement("return other instanceof $T that && $L", ref, same)
                .build());
        t.addMethod(MethodSpec.methodBuilder("hashCode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(com.palantir.javapoet.TypeName.INT)
                .addStatement("return $L", hash)
                .build());
        t.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S + $L + $S", ref.simpleName() + "[", shown, "]")
                .build());
    }
}
