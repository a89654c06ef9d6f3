package io.loomotp.processor.validation;

import static io.loomotp.processor.base.Elements2.signature;

import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.Role;
import io.loomotp.processor.base.RuntimeNames;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The rules every handler obeys in every behaviour that runs handlers ({@code @Server}, {@code @StateMachine}): one
 * role per method, reachable and non-static and not generic, one {@code @Init} and one {@code @Terminate}, no name of
 * the generated client's own, and the annotation's mailbox bound. The validators of each behaviour add their own.
 */
final class HandlerRules {
    private HandlerRules() {}

    /**
     * The one role of {@code m} that behaviour {@code b} handles, after the rules every handler obeys; null if it has
     * none, or more than one (reported). A role of another behaviour is the orphan check's to report.
     */
    static Role role(ExecutableElement m, Behaviour b, Diagnostics d) {
        List<Role> found = Role.on(m, b);
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            d.error(m, Messages.twoRoles(signature(m), found.get(0).simpleName(), found.get(1).simpleName()));
            return null;
        }
        checkCommon(m, found.get(0), d);
        return found.get(0);
    }

    /** Not private, not static, not generic. */
    private static void checkCommon(ExecutableElement m, Role role, Diagnostics d) {
        String sig = signature(m);
        String r = role.simpleName();
        if (m.getModifiers().contains(Modifier.PRIVATE)) {
            d.error(m, Messages.handlerPrivate(r, sig));
        }
        if (m.getModifiers().contains(Modifier.STATIC)) {
            d.error(m, Messages.handlerStatic(r, sig));
        }
        if (!m.getTypeParameters().isEmpty()) {
            d.error(m, Messages.handlerGeneric(r, sig));
        }
    }

    /** The first of two {@code @Init} or two {@code @Terminate}: reports the second, and keeps the first. */
    static ExecutableElement onlyOne(Role role, ExecutableElement first, ExecutableElement m, Diagnostics d) {
        if (first == null) {
            return m;
        }
        d.error(m, Messages.onlyOne(role.simpleName(), signature(m), signature(first)));
        return first;
    }

    /** {@code @Terminate} takes nothing or an {@code ExitReason}, and returns nothing. */
    static void checkTerminate(Elements2 elements, ExecutableElement m, Diagnostics d) {
        List<? extends VariableElement> ps = m.getParameters();
        boolean okParams = ps.isEmpty()
                || (ps.size() == 1 && elements.erasedName(ps.get(0).asType()).equals(RuntimeNames.EXIT_REASON_NAME));
        if (!okParams || m.getReturnType().getKind() != TypeKind.VOID) {
            d.error(m, Messages.terminateSignature(signature(m)));
        }
    }

    /**
     * A method the client is generated for (a server's call or cast, a state machine's event, in behaviour {@code
     * b}) may not take the name of a member every client has, nor the name and parameter types of a method of
     * Object; in the default package, where the generated dispatch cannot qualify a name, its message record may not
     * be named like a top-level class the dispatch names (the behaviour's own, or one in a handler's signature).
     */
    static void checkClientName(Elements2 elements, ExecutableElement m, TypeElement type, Behaviour b,
                                Diagnostics d) {
        String name = m.getSimpleName().toString();
        String ref = GeneratedNames.ref(ClassName.get(type)).simpleName();
        if (GeneratedNames.REF_MEMBERS.contains(name)) {
            d.error(m, Messages.nameClash(name, ref));
            return;
        }
        // The client's method takes the message's parameters, as does its twin in sendRequest()'s view; the same
        // signature as one of Object's is a final method redeclared, or an override of one the client defines (or
        // must not). An overload (notify(Alarm), equals(Order)) is plain Java. A call's variant with a timeout adds
        // a Duration, which no method of Object takes.
        ExecutableElement object = elements.objectMethod(name, clientParameters(elements, m, b));
        if (object != null) {
            d.error(m, Messages.objectClash(signature(m), ref, signature(object),
                    object.getModifiers().contains(Modifier.FINAL),
                    b == Behaviour.STATE_MACHINE ? "the state or ReplyTo" : "From or ReplyTo"));
            return;
        }
        if (!Reachability.packageOf(type).isEmpty()) {
            return;
        }
        String record = GeneratedNames.messageRecord(name);
        for (TypeElement named : namedTopLevel(type)) {
            if (named.getSimpleName().contentEquals(record)) {
                d.error(m, Messages.defaultPackageClash(signature(m), record, named.getSimpleName().toString()));
                return;
            }
        }
    }

    /**
     * The types of the parameters of the client method generated for {@code m}: its own, without those the runtime
     * supplies ({@code From}, {@code ReplyTo}) and a state machine's state.
     */
    private static List<TypeMirror> clientParameters(Elements2 elements, ExecutableElement m, Behaviour b) {
        List<? extends VariableElement> ps = m.getParameters();
        List<TypeMirror> types = new ArrayList<>();
        for (int i = b == Behaviour.STATE_MACHINE ? 1 : 0; i < ps.size(); i++) {
            if (!elements.isCallerParam(ps.get(i))) {
                types.add(ps.get(i).asType());
            }
        }
        return types;
    }

    /** The top-level classes of the default package that the generated dispatch of {@code type} names. */
    private static List<TypeElement> namedTopLevel(TypeElement type) {
        List<TypeElement> named = new ArrayList<>();
        named.add(topLevel(type));
        for (ExecutableElement h : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (Role.on(h).isEmpty()) {
                continue;
            }
            for (VariableElement p : h.getParameters()) {
                if (p.asType() instanceof DeclaredType dt && dt.asElement() instanceof TypeElement te) {
                    named.add(topLevel(te));
                }
            }
        }
        return named;
    }

    private static TypeElement topLevel(TypeElement t) {
        while (t.getEnclosingElement() instanceof TypeElement outer) {
            t = outer;
        }
        return t;
    }

    /**
     * Checks the {@code name} a behaviour registers under: not blank, and without whitespace, which no operator could
     * type at a console or the CLI (they split a command at spaces).
     */
    static void checkRegisteredName(TypeElement type, AnnotationMirror ann, Diagnostics d) {
        Elements2.value(ann, "name").ifPresent(v -> {
            String name = (String) v.getValue();
            if (!name.isEmpty() && (name.isBlank() || name.chars().anyMatch(Character::isWhitespace))) {
                d.error(type, ann, v, Messages.registeredName(name));
            }
        });
    }

    /**
     * The annotation's mailbox bound: 0 (unbounded) or more; and an overflow policy only with a bound, since an
     * unbounded mailbox never overflows (a "limit of 0" meant as "refuse everything" would otherwise silently be no
     * limit). Start options that name a mailbox give their own policy with their bound.
     */
    static void checkMailbox(TypeElement type, AnnotationMirror ann, Diagnostics d) {
        java.util.Optional<? extends javax.lang.model.element.AnnotationValue> capacityValue =
                Elements2.value(ann, "mailboxCapacity");
        int capacity = capacityValue.map(v -> (Integer) v.getValue()).orElse(0);
        capacityValue.ifPresent(v -> {
            if (capacity < 0) {
                d.error(type, ann, v, Messages.mailboxCapacity(capacity));
            }
        });
        if (capacity == 0) {
            Elements2.value(ann, "overflow").ifPresent(v -> d.error(type, ann, v,
                    Messages.overflowWithoutBound(v.getValue().toString())));
        }
    }
}
