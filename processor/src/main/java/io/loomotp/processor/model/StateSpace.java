package io.loomotp.processor.model;

import static io.loomotp.processor.base.Elements2.annotation;

import io.loomotp.processor.base.RuntimeNames;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Elements2;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * The states of a state machine, and which of them a handler's state parameter stands for. Shared by the validator,
 * which reports what does not fit, and the model factory, which relies on what does.
 */
public final class StateSpace {
    private final TypeElement type;
    private final boolean isEnum;
    private final List<String> names;
    private final List<TypeElement> records;

    private StateSpace(TypeElement type, boolean isEnum, List<String> names, List<TypeElement> records) {
        this.type = type;
        this.isEnum = isEnum;
        this.names = names;
        this.records = records;
    }

    /** The declared state type: {@code @StateMachine(states)} if given, else {@code @Init}'s return type. */
    public static Optional<TypeMirror> declaredType(TypeElement machine) {
        AnnotationMirror ann = annotation(machine, Annotations.STATE_MACHINE).orElseThrow();
        Optional<AnnotationValue> states = Elements2.value(ann, "states");
        if (states.isPresent() && states.get().getValue() instanceof TypeMirror t && t.getKind() == TypeKind.DECLARED) {
            return Optional.of(t);
        }
        for (ExecutableElement m : ElementFilter.methodsIn(machine.getEnclosedElements())) {
            if (annotation(m, Annotations.INIT).isPresent() && m.getReturnType().getKind() == TypeKind.DECLARED) {
                TypeElement r = (TypeElement) ((DeclaredType) m.getReturnType()).asElement();
                String n = r.getQualifiedName().toString();
                if (!n.equals(RuntimeNames.TRANSITION_NAME) && !n.equals("java.lang.Object")
                        && !n.equals(RuntimeNames.INIT_NAME)) {
                    return Optional.of(m.getReturnType());
                }
            }
        }
        return Optional.empty();
    }

    /** The states of a type, or empty if it is neither an enum nor a sealed type of records and final classes. */
    public static Optional<StateSpace> of(TypeMirror declared) {
        TypeElement t = (TypeElement) ((DeclaredType) declared).asElement();
        if (t.getKind() == ElementKind.ENUM) {
            List<String> constants = new ArrayList<>();
            for (Element e : t.getEnclosedElements()) {
                if (e.getKind() == ElementKind.ENUM_CONSTANT) {
                    constants.add(e.getSimpleName().toString());
                }
            }
            return constants.isEmpty() ? Optional.empty() : Optional.of(new StateSpace(t, true, constants, List.of()));
        }
        if (!t.getModifiers().contains(Modifier.SEALED)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        List<TypeElement> records = new ArrayList<>();
        for (TypeMirror p : t.getPermittedSubclasses()) {
            TypeElement s = (TypeElement) ((DeclaredType) p).asElement();
            if (!isLeaf(s)) {
                return Optional.empty();
            }
            names.add(s.getSimpleName().toString());
            records.add(s);
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(new StateSpace(t, false, names, records));
    }

    /**
     * The permitted subclass of a sealed state type that is no single state (neither a record, an enum nor a final
     * class: a non-sealed or open class, or a nested sealed interface), or null: what a "not a state type" error
     * should name.
     */
    public static TypeElement firstNonState(TypeMirror declared) {
        TypeElement t = (TypeElement) ((DeclaredType) declared).asElement();
        if (!t.getModifiers().contains(Modifier.SEALED)) {
            return null;
        }
        for (TypeMirror p : t.getPermittedSubclasses()) {
            TypeElement s = (TypeElement) ((DeclaredType) p).asElement();
            if (!isLeaf(s)) {
                return s;
            }
        }
        return null;
    }

    private static boolean isLeaf(TypeElement s) {
        return s.getKind() == ElementKind.RECORD || s.getKind() == ElementKind.ENUM
                || (s.getKind() == ElementKind.CLASS && s.getModifiers().contains(Modifier.FINAL));
    }

    public TypeElement type() {
        return type;
    }

    public boolean isEnum() {
        return isEnum;
    }

    /** The states' names: the records' simple names, or the enum's constants. */
    public List<String> names() {
        return names;
    }

    public List<TypeElement> records() {
        return records;
    }

    /** How diagnostics list the states: {@code Idle, Calling, ...}. */
    public String describe() {
        return String.join(", ", names);
    }

    /**
     * The states a handler's state parameter stands for: one (a record), several (an enum with {@code @InState}), or
     * all (an empty list: the state type itself, or an enum without {@code @InState}). Empty optional if the
     * parameter is not a state at all.
     */
    public Optional<List<String>> bind(TypeMirror parameter, List<String> inState, Types types) {
        TypeMirror erased = types.erasure(parameter);
        if (types.isSameType(erased, types.erasure(type.asType()))) {
            return Optional.of(isEnum ? List.copyOf(inState) : List.of());
        }
        if (isEnum) {
            return Optional.empty();
        }
        for (TypeElement r : records) {
            if (types.isSameType(erased, types.erasure(r.asType()))) {
                return Optional.of(List.of(r.getSimpleName().toString()));
            }
        }
        return Optional.empty();
    }

    /** True if a record state has no components: it prints as its simple name, {@code Idle}. */
    public boolean isBare(TypeElement record) {
        return record.getKind() == ElementKind.RECORD && record.getRecordComponents().isEmpty();
    }
}
