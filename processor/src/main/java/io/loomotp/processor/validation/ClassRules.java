package io.loomotp.processor.validation;

import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Messages;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The rules every annotated behaviour class obeys, whatever its behaviour: one behaviour per class, a concrete class
 * the generated code can reach, name and instantiate. Each message names the class's own annotation, so that a state
 * machine or a supervisor is never told about a server.
 */
final class ClassRules {
    private ClassRules() {}

    /**
     * Checks that {@code type} carries no other behaviour annotation; false if it does (reported once, by the step of
     * the first behaviour, and marked on every step's report so that none generates).
     */
    static boolean oneBehaviour(TypeElement type, Behaviour b, Diagnostics d) {
        List<Behaviour> all = Behaviour.on(type);
        if (all.size() < 2) {
            return true;
        }
        if (all.get(0) == b) {
            d.error(type, Messages.twoBehaviours(type.getSimpleName().toString(), all.get(0).simpleName(),
                    all.get(1).simpleName()));
        } else {
            d.reportedElsewhere();
        }
        return false;
    }

    /**
     * Checks a {@code @Server} or {@code @StateMachine} class; false if it is no class at all (an interface, an enum),
     * when the handler rules would only add noise to the one error that matters.
     */
    static boolean check(TypeElement type, Behaviour b, Diagnostics d) {
        String annotation = b.simpleName();
        String name = type.getSimpleName().toString();
        switch (type.getKind()) {
            case INTERFACE -> d.error(type, Messages.behaviourKind(annotation, name, "an interface"));
            case ENUM -> d.error(type, Messages.behaviourKind(annotation, name, "an enum"));
            case ANNOTATION_TYPE -> d.error(type, Messages.behaviourKind(annotation, name, "an annotation type"));
            default -> {
                Set<Modifier> mods = type.getModifiers();
                if (mods.contains(Modifier.ABSTRACT)) {
                    d.error(type, Messages.behaviourAbstract(annotation, name));
                }
                if (mods.contains(Modifier.PRIVATE)) {
                    d.error(type, Messages.behaviourPrivate(annotation, name));
                } else if (privateEnclosing(type) != null) {
                    d.error(type, Messages.enclosedInPrivate(annotation, name,
                            privateEnclosing(type).getSimpleName().toString()));
                }
                if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS
                        || (type.getNestingKind() == NestingKind.MEMBER && !mods.contains(Modifier.STATIC)
                                && type.getKind() == ElementKind.CLASS)) {
                    d.error(type, Messages.behaviourInner(annotation, name));
                }
                if (!type.getTypeParameters().isEmpty()) {
                    d.error(type, Messages.behaviourGeneric(annotation, name, "messages"));
                }
                // a private class's implicit constructor is private too: making the class reachable fixes both
                if (!mods.contains(Modifier.PRIVATE) && !hasReachableFactory(type)) {
                    d.error(type, Messages.noConstructor(name));
                }
                return true;
            }
        }
        return false;
    }

    /** The innermost private class around {@code type}, or null. */
    static TypeElement privateEnclosing(TypeElement type) {
        for (Element e = type.getEnclosingElement(); e instanceof TypeElement t; e = t.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                return t;
            }
        }
        return null;
    }

    private static boolean hasReachableFactory(TypeElement type) {
        for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (!c.getModifiers().contains(Modifier.PRIVATE)) {
                return true;
            }
        }
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (m.getModifiers().contains(Modifier.STATIC) && !m.getModifiers().contains(Modifier.PRIVATE)
                    && m.getReturnType().toString().equals(type.asType().toString())) {
                return true;
            }
        }
        return false;
    }
}
