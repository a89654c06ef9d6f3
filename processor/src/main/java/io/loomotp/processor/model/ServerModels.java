package io.loomotp.processor.model;

import static io.loomotp.processor.base.Elements2.annotation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.loomotp.processor.base.Role;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.TypeResolver;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/** Builds the {@link ServerModel} of a {@code @Server} class that its validator has passed. */
public final class ServerModels {

    private final Elements2 elements;
    private final Types types;
    private TypeResolver resolver;

    public ServerModels(Elements2 elements) {
        this.elements = elements;
        this.types = elements.types();
    }

    public ServerModel build(TypeElement type, TypeResolver resolver) {
        this.resolver = resolver;
        ClassName server = ClassName.get(type);
        AnnotationMirror ann = annotation(type, Annotations.SERVER).orElseThrow();
        String name = Elements2.value(ann, "name").map(v -> (String) v.getValue()).orElse("");
        int capacity = Elements2.value(ann, "mailboxCapacity").map(v -> (Integer) v.getValue()).orElse(0);
        String overflow = Elements2.value(ann, "overflow").map(v -> v.getValue().toString()).orElse("BLOCK");

        List<MessageHandler> calls = new ArrayList<>();
        List<MessageHandler> casts = new ArrayList<>();
        List<ExecutableElement> infoMethods = new ArrayList<>();
        List<ExecutableElement> continueMethods = new ArrayList<>();
        LifecycleHandler init = null;
        LifecycleHandler terminate = null;
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            List<Role> roles = Role.on(m, Behaviour.SERVER);
            if (roles.isEmpty()) {
                continue;
            }
            switch (roles.get(0)) {
                case CALL -> calls.add(messageHandler(m, true));
                case CAST -> casts.add(messageHandler(m, false));
                case INFO -> infoMethods.add(m);
                case CONTINUE -> continueMethods.add(m);
                case INIT -> init = new LifecycleHandler(m.getSimpleName().toString(),
                        m.getReturnType().getKind() != TypeKind.VOID, throwsChecked(m));
                case TERMINATE -> terminate = new LifecycleHandler(m.getSimpleName().toString(),
                        !m.getParameters().isEmpty(), throwsChecked(m));
                default -> throw new IllegalStateException(roles.get(0) + " is not a server's role");
            }
        }
        return new ServerModel(server, GeneratedNames.ref(server), GeneratedNames.dispatch(server),
                type.getModifiers().contains(Modifier.PUBLIC), name, capacity, overflow, calls, casts,
                byType(infoMethods), byType(continueMethods), init, terminate, fields(type), declaresToString(type),
                hasNoArgConstructor(type, elements));
    }

    private MessageHandler messageHandler(ExecutableElement m, boolean call) {
        List<Param> params = new ArrayList<>();
        TypeName reply = null;
        boolean deferred = false;
        for (VariableElement p : m.getParameters()) {
            TypeMirror t = p.asType();
            Param.Source source = Param.Source.MESSAGE;
            if (elements.isFrom(t)) {
                source = Param.Source.FROM;
                if (call && m.getReturnType().getKind() == TypeKind.VOID) {
                    deferred = true; // void with From: it answers later, through the From; any reply type
                    reply = ClassName.OBJECT;
                }
            } else if (elements.isReplyTo(t)) {
                source = Param.Source.REPLY_TO;
                reply = resolver.typeName(elements.replyToArgument(t));
                deferred = true;
            }
            params.add(new Param(p.getSimpleName().toString(), resolver.typeName(t), source));
        }
        if (call && !deferred) {
            reply = resolver.typeName(m.getReturnType());
        }
        String method = m.getSimpleName().toString();
        return new MessageHandler(method, GeneratedNames.messageRecord(method), List.copyOf(params),
                call ? reply : null, deferred, m.isVarArgs(), throwsChecked(m), elements.docDescription(m));
    }

    /**
     * Handlers chosen by their one parameter's type (@Info, @Continue), ordered so that a handler of a subtype comes
     * before one of its supertype.
     */
    private List<InfoHandler> byType(List<ExecutableElement> methods) {
        List<ExecutableElement> left = new ArrayList<>(methods);
        List<InfoHandler> ordered = new ArrayList<>();
        while (!left.isEmpty()) {
            ExecutableElement next = left.get(0);
            for (ExecutableElement candidate : left) {
                if (isStrictSubtype(messageType(candidate), messageType(next))) {
                    next = candidate;
                }
            }
            left.remove(next);
            ordered.add(new InfoHandler(next.getSimpleName().toString(), resolver.typeName(messageType(next)),
                    throwsChecked(next)));
        }
        return List.copyOf(ordered);
    }

    private TypeMirror messageType(ExecutableElement info) {
        TypeMirror t = info.getParameters().get(0).asType();
        return t.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) t).asType() : t;
    }

    private boolean isStrictSubtype(TypeMirror a, TypeMirror b) {
        TypeMirror ea = types.erasure(a);
        TypeMirror eb = types.erasure(b);
        return types.isSubtype(ea, eb) && !types.isSameType(ea, eb);
    }

    /** The instance fields of a behaviour class, for its snapshot and trace lines. */
    List<StateField> fields(TypeElement type, TypeResolver resolver) {
        this.resolver = resolver;
        return fields(type);
    }

    private List<StateField> fields(TypeElement type) {
        List<StateField> fields = new ArrayList<>();
        for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (f.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            fields.add(new StateField(f.getSimpleName().toString(), erasure(f.asType()),
                    f.getModifiers().contains(Modifier.PRIVATE)));
        }
        return List.copyOf(fields);
    }

    /** The erased type, for a VarHandle lookup; a class about to be generated is already raw. */
    private TypeName erasure(TypeMirror t) {
        TypeName n = resolver.typeName(types.erasure(t));
        return n instanceof com.palantir.javapoet.ParameterizedTypeName p ? p.rawType() : n;
    }

    static boolean declaresToString(TypeElement type) {
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (m.getSimpleName().contentEquals("toString") && m.getParameters().isEmpty()
                    && !m.getModifiers().contains(Modifier.STATIC)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if the generated {@code start(Node)} can use {@code Type::new} as a {@code Supplier}: a reachable
     * no-argument constructor that throws no checked exception (a {@code Supplier} cannot throw one). Without it, the
     * client has only the starts that take a factory.
     */
    static boolean hasNoArgConstructor(TypeElement type, Elements2 elements) {
        for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE)
                    && c.getThrownTypes().stream().noneMatch(elements::isChecked)) {
                return true;
            }
        }
        return false;
    }

    private boolean throwsChecked(ExecutableElement m) {
        return m.getThrownTypes().stream().anyMatch(elements::isChecked);
    }
}
