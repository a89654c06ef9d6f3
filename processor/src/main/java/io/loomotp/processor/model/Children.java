package io.loomotp.processor.model;

import static io.loomotp.processor.base.Elements2.annotation;

import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * What a supervisor's child is, from the client type its {@code @Child} method returns: the behaviour behind a
 * {@code …Ref}, found among the annotated classes of this and earlier rounds (whose clients may not exist yet), or,
 * for a client compiled earlier, from its {@code startLink} method.
 */
public final class Children {
    /** The kinds of child a supervisor starts. */
    public enum Kind {
        /** A {@code @Server} or a {@code @StateMachine}: its client starts it from a {@code Supplier} of instances. */
        BEHAVIOUR,
        /** A {@code @Supervisor}: its client starts it from an instance of its generated callback module. */
        SUPERVISOR,
        /** A {@code Pid}: started by a start function of the user's. */
        PID
    }

    /**
     * What starts a child.
     *
     * @param kind its kind
     * @param instance the class its factory makes: the behaviour class, or the supervisor's generated module
     * @param startsItself false for a state machine without {@code @Init}, which a supervisor cannot start
     */
    public record Known(Kind kind, ClassName instance, boolean startsItself) {}


    private final Elements elements;
    private final Map<ClassName, Known> byRef = new HashMap<>();
    /** The annotated class behind each client learned in a round. */
    private final Map<ClassName, TypeElement> annotatedByRef = new HashMap<>();

    public Children(Elements elements) {
        this.elements = elements;
    }

    /** Learns the behaviours annotated in a round: their clients may be children. */
    public void learn(RoundEnvironment round) {
        for (Behaviour a : Behaviour.values()) {
            TypeElement annotationType = elements.getTypeElement(a.annotation());
            if (annotationType == null) {
                continue;
            }
            for (Element e : round.getElementsAnnotatedWith(annotationType)) {
                if (e instanceof TypeElement t) {
                    ClassName c = ClassName.get(t);
                    annotatedByRef.put(GeneratedNames.ref(c), t);
                    if (a == Behaviour.SUPERVISOR) {
                        byRef.put(GeneratedNames.ref(c), new Known(Kind.SUPERVISOR, GeneratedNames.supervisor(c),
                                true));
                    } else {
                        byRef.put(GeneratedNames.ref(c), new Known(Kind.BEHAVIOUR, c,
                                a != Behaviour.STATE_MACHINE || hasInit(t)));
                    }
                }
            }
        }
    }

    private static boolean hasInit(TypeElement t) {
        return ElementFilter.methodsIn(t.getEnclosedElements()).stream()
                .anyMatch(m -> annotation(m, Annotations.INIT).isPresent());
    }

    /** What a {@code @Child} method's return type starts, or null if it is no client nor {@code Pid}. */
    public Known of(ClassName returned) {
        if (returned.canonicalName().equals("io.loomotp.runtime.Pid")) {
            return new Known(Kind.PID, null, true);
        }
        Known k = byRef.get(returned);
        if (k != null) {
            return k;
        }
        TypeElement ref = elements.getTypeElement(returned.canonicalName());
        return ref == null ? null : fromCompiledClient(ref);
    }

    /**
     * The name under which a child registers itself when it starts: its {@code @Server}, {@code @StateMachine} or
     * {@code @Supervisor} annotation's {@code name}, or empty if it registers none or is not known here.
     */
    public String registeredName(ClassName returned) {
        TypeElement annotated = annotatedByRef.get(returned);
        if (annotated == null) {
            Known k = of(returned);
            annotated = k != null && k.kind() == Kind.BEHAVIOUR && k.instance() != null
                    ? elements.getTypeElement(k.instance().canonicalName()) : null;
        }
        if (annotated == null) {
            return "";
        }
        for (Behaviour b : Behaviour.values()) {
            String name = annotation(annotated, b.annotation())
                    .flatMap(a -> Elements2.value(a, "name"))
                    .map(v -> v.getValue().toString()).orElse("");
            if (!name.isBlank()) {
                return name;
            }
        }
        return "";
    }

    /** A client compiled before: {@code startLink(Supplier<X>)} or {@code startLink(XSupervisor)}. */
    private static Known fromCompiledClient(TypeElement ref) {
        boolean onlyWithFirstState = false;
        for (ExecutableElement m : ElementFilter.methodsIn(ref.getEnclosedElements())) {
            if (!m.getSimpleName().contentEquals("startLink") || !m.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            if (m.getParameters().size() != 1) {
                onlyWithFirstState |= m.getParameters().size() == 2;
                continue;
            }
            TypeMirror p = m.getParameters().get(0).asType();
            if (p.getKind() != TypeKind.DECLARED) {
                continue;
            }
            DeclaredType d = (DeclaredType) p;
            TypeElement e = (TypeElement) d.asElement();
            if (e.getQualifiedName().contentEquals("java.util.function.Supplier") && d.getTypeArguments().size() == 1
                    && d.getTypeArguments().get(0) instanceof DeclaredType arg) {
                return new Known(Kind.BEHAVIOUR, ClassName.get((TypeElement) arg.asElement()), true);
            }
            if (e.getInterfaces().stream().anyMatch(i -> i.toString().equals(
                    "io.loomotp.runtime.supervisor.SupervisorModule"))) {
                return new Known(Kind.SUPERVISOR, ClassName.get(e), true);
            }
        }
        return onlyWithFirstState ? new Known(Kind.BEHAVIOUR, null, false) : null;
    }
}
