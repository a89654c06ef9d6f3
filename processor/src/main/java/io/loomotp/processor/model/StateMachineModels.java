package io.loomotp.processor.model;

import static io.loomotp.processor.base.Elements2.annotation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.loomotp.processor.base.Role;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.TypeResolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/** Builds the {@link StateMachineModel} of a {@code @StateMachine} class that its validator has passed. */
public final class StateMachineModels {

    private final Elements2 elements;
    private final Types types;
    private final ServerModels servers;
    private TypeResolver resolver;

    public StateMachineModels(Elements2 elements) {
        this.elements = elements;
        this.types = elements.types();
        this.servers = new ServerModels(elements);
    }

    public StateMachineModel build(TypeElement type, TypeResolver resolver) {
        this.resolver = resolver;
        ClassName machine = ClassName.get(type);
        AnnotationMirror ann = annotation(type, Annotations.STATE_MACHINE).orElseThrow();
        String name = Elements2.value(ann, "name").map(v -> (String) v.getValue()).orElse("");
        int capacity = Elements2.value(ann, "mailboxCapacity").map(v -> (Integer) v.getValue()).orElse(0);
        String overflow = Elements2.value(ann, "overflow").map(v -> v.getValue().toString()).orElse("BLOCK");
        boolean logs = Elements2.value(ann, "unhandled").map(v -> v.getValue().toString().equals("LOG"))
                .orElse(false);
        StateSpace space = StateSpace.of(StateSpace.declaredType(type).orElseThrow()).orElseThrow();
        ClassName stateType = ClassName.get(space.type());

        List<StateMachineModel.State> states = new ArrayList<>();
        if (space.isEnum()) {
            space.names().forEach(n -> states.add(new StateMachineModel.State(n, null, true)));
        } else {
            for (TypeElement r : space.records()) {
                states.add(new StateMachineModel.State(r.getSimpleName().toString(), ClassName.get(r),
                        space.isBare(r)));
            }
        }

        Map<String, List<ExecutableElement>> eventMethods = new LinkedHashMap<>();
        List<StateMachineModel.Binding> infos = new ArrayList<>();
        List<TypeMirror> infoTypes = new ArrayList<>();
        List<StateMachineModel.Binding> enters = new ArrayList<>();
        LifecycleHandler init = null;
        LifecycleHandler terminate = null;
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            List<String> inState = inState(m);
            List<Role> roles = Role.on(m, Behaviour.STATE_MACHINE);
            Role role = roles.isEmpty() ? null : roles.get(0);
            if (role == Role.EVENT) {
                eventMethods.computeIfAbsent(m.getSimpleName().toString(), k -> new ArrayList<>()).add(m);
            } else if (role == Role.ENTER) {
                List<? extends VariableElement> ps = m.getParameters();
                enters.add(new StateMachineModel.Binding(m.getSimpleName().toString(),
                        space.bind(ps.get(0).asType(), inState, types).orElseThrow(),
                        resolver.typeName(types.erasure(ps.get(0).asType())), List.of(),
                        m.getReturnType().getKind() != TypeKind.VOID, null, ps.size() == 2, throwsChecked(m)));
            } else if (role == Role.INFO) {
                List<? extends VariableElement> ps = m.getParameters();
                TypeMirror message = boxed(ps.get(ps.size() - 1).asType());
                List<String> bound = ps.size() == 2
                        ? space.bind(ps.get(0).asType(), inState, types).orElseThrow() : inState;
                TypeName stateParam = ps.size() == 2 ? resolver.typeName(types.erasure(ps.get(0).asType())) : null;
                infos.add(new StateMachineModel.Binding(m.getSimpleName().toString(), bound, stateParam, List.of(),
                        m.getReturnType().getKind() != TypeKind.VOID, rawName(message), false, throwsChecked(m)));
                infoTypes.add(message);
            } else if (role == Role.INIT) {
                init = new LifecycleHandler(m.getSimpleName().toString(), true, throwsChecked(m));
            } else if (role == Role.TERMINATE) {
                List<? extends VariableElement> ps = m.getParameters();
                boolean takesState = !ps.isEmpty() && types.isSameType(types.erasure(ps.get(0).asType()),
                        types.erasure(space.type().asType()));
                terminate = new LifecycleHandler(m.getSimpleName().toString(),
                        ps.size() > (takesState ? 1 : 0), throwsChecked(m), takesState);
            }
        }

        List<StateMachineModel.Event> events = new ArrayList<>();
        for (Map.Entry<String, List<ExecutableElement>> e : eventMethods.entrySet()) {
            events.add(event(e.getKey(), e.getValue(), space));
        }
        return new StateMachineModel(machine, GeneratedNames.ref(machine), GeneratedNames.dispatch(machine),
                type.getModifiers().contains(Modifier.PUBLIC), name, capacity, overflow, stateType, space.isEnum(),
                List.copyOf(states), List.copyOf(events), orderInfos(infos, infoTypes), specificFirst(enters), init,
                terminate, servers.fields(type, resolver), ServerModels.declaresToString(type),
                ServerModels.hasNoArgConstructor(type, elements), logs);
    }

    /** An event: its message (shaped by its first handler) and its handlers, specific states first. */
    private StateMachineModel.Event event(String name, List<ExecutableElement> methods, StateSpace space) {
        ExecutableElement first = methods.get(0);
        List<Param> params = new ArrayList<>();
        TypeName reply = null;
        boolean varargs = false;
        for (VariableElement p : first.getParameters().subList(1, first.getParameters().size())) {
            TypeMirror t = p.asType();
            if (elements.isReplyTo(t)) {
                reply = resolver.typeName(elements.replyToArgument(t));
                params.add(new Param(p.getSimpleName().toString(), resolver.typeName(t), Param.Source.REPLY_TO));
            } else {
                params.add(new Param(p.getSimpleName().toString(), resolver.typeName(t), Param.Source.MESSAGE));
            }
        }
        List<String> componentNames = params.stream().filter(Param::isMessage).map(Param::name).toList();
        MessageHandler message = new MessageHandler(name, GeneratedNames.messageRecord(name), List.copyOf(params),
                reply, reply != null, first.isVarArgs(), methods.stream().anyMatch(this::throwsChecked),
                methods.stream().map(elements::docDescription).filter(java.util.Objects::nonNull).findFirst()
                        .orElse(null));
        List<StateMachineModel.Binding> handlers = new ArrayList<>();
        for (ExecutableElement m : methods) {
            List<? extends VariableElement> ps = m.getParameters();
            List<Param> args = new ArrayList<>();
            int component = 0;
            for (VariableElement p : ps.subList(1, ps.size())) {
                if (elements.isReplyTo(p.asType())) {
                    args.add(new Param(p.getSimpleName().toString(), resolver.typeName(p.asType()),
                            Param.Source.REPLY_TO));
                } else {
                    // the record's component at the same position: handlers may name their parameters differently
                    args.add(new Param(componentNames.get(component++), resolver.typeName(p.asType()),
                            Param.Source.MESSAGE));
                }
            }
            handlers.add(new StateMachineModel.Binding(m.getSimpleName().toString(),
                    space.bind(ps.get(0).asType(), inState(m), types).orElseThrow(),
                    resolver.typeName(types.erasure(ps.get(0).asType())), List.copyOf(args),
                    m.getReturnType().getKind() != TypeKind.VOID, null, false, throwsChecked(m)));
        }
        return new StateMachineModel.Event(message, specificFirst(handlers));
    }

    private static List<StateMachineModel.Binding> specificFirst(List<StateMachineModel.Binding> bindings) {
        List<StateMachineModel.Binding> sorted = new ArrayList<>(bindings);
        sorted.sort(Comparator.comparing(StateMachineModel.Binding::isCatchAll));
        return List.copyOf(sorted);
    }

    /**
     * The {@code @Info} handlers: grouped by message type, a subtype's group before its supertype's (so that the
     * dispatch's type patterns are in an order javac accepts), and within a group, specific states first.
     */
    private List<StateMachineModel.Binding> orderInfos(List<StateMachineModel.Binding> infos,
                                                       List<TypeMirror> messageTypes) {
        List<Integer> order = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            left.add(i);
        }
        while (!left.isEmpty()) {
            int next = left.get(0);
            for (int candidate : left) {
                if (isStrictSubtype(messageTypes.get(candidate), messageTypes.get(next))) {
                    next = candidate;
                }
            }
            // the whole group of that type, in declaration order
            TypeMirror t = types.erasure(messageTypes.get(next));
            for (int i : List.copyOf(left)) {
                if (types.isSameType(types.erasure(messageTypes.get(i)), t)) {
                    order.add(i);
                    left.remove(Integer.valueOf(i));
                }
            }
        }
        List<StateMachineModel.Binding> ordered = new ArrayList<>();
        int start = 0;
        while (start < order.size()) {
            int end = start;
            TypeName group = infos.get(order.get(start)).messageType();
            List<StateMachineModel.Binding> same = new ArrayList<>();
            while (end < order.size() && infos.get(order.get(end)).messageType().equals(group)) {
                same.add(infos.get(order.get(end++)));
            }
            ordered.addAll(specificFirst(same));
            start = end;
        }
        return List.copyOf(ordered);
    }

    private boolean isStrictSubtype(TypeMirror a, TypeMirror b) {
        TypeMirror ea = types.erasure(a);
        TypeMirror eb = types.erasure(b);
        return types.isSubtype(ea, eb) && !types.isSameType(ea, eb);
    }

    private TypeName rawName(TypeMirror t) {
        TypeName n = resolver.typeName(types.erasure(t));
        return n instanceof ParameterizedTypeName p ? p.rawType() : n;
    }

    private TypeMirror boxed(TypeMirror t) {
        return t.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) t).asType() : t;
    }

    private static List<String> inState(ExecutableElement m) {
        return annotation(m, Annotations.IN_STATE)
                .flatMap(a -> Elements2.value(a, "value"))
                .map(v -> v.getValue() instanceof List<?> l
                        ? l.stream().map(x -> String.valueOf(((AnnotationValue) x).getValue())).toList()
                        : List.of(String.valueOf(v.getValue())))
                .orElse(List.of());
    }

    private boolean throwsChecked(ExecutableElement m) {
        return m.getThrownTypes().stream().anyMatch(elements::isChecked);
    }
}
