package io.loomotp.processor.validation;

import static io.loomotp.processor.base.Elements2.annotation;
import static io.loomotp.processor.base.Elements2.signature;
import static io.loomotp.processor.base.Elements2.simpleTypeName;

import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.Role;
import io.loomotp.processor.base.RuntimeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Checks a {@code @Server} class, whole: the class itself and every handler. It reports every problem it finds, each
 * anchored on the element (and annotation value) it is about; the step generates code only when the report is clean.
 */
public final class ServerValidator {
    private final Elements2 elements;
    private final Types types;

    public ServerValidator(Elements2 elements) {
        this.elements = elements;
        this.types = elements.types();
    }

    public Diagnostics validate(TypeElement type) {
        Diagnostics d = new Diagnostics();
        if (!ClassRules.oneBehaviour(type, Behaviour.SERVER, d)) {
            return d;
        }
        AnnotationMirror server = annotation(type, Annotations.SERVER).orElseThrow();
        if (!ClassRules.check(type, Behaviour.SERVER, d)) {
            return d;
        }
        HandlerRules.checkMailbox(type, server, d);
        HandlerRules.checkRegisteredName(type, server, d);

        Map<String, ExecutableElement> messages = new HashMap<>();
        List<ExecutableElement> infos = new ArrayList<>();
        List<ExecutableElement> continues = new ArrayList<>();
        ExecutableElement init = null;
        ExecutableElement terminate = null;
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Role role = HandlerRules.role(m, Behaviour.SERVER, d);
            if (role == null) {
                continue;
            }
            switch (role) {
                case CALL, CAST -> {
                    if (role == Role.CALL) {
                        checkCall(m, d);
                    } else {
                        checkCast(m, d);
                    }
                    HandlerRules.checkClientName(elements, m, type, Behaviour.SERVER, d);
                    ExecutableElement previous = messages.putIfAbsent(
                            GeneratedNames.messageRecord(m.getSimpleName().toString()), m);
                    if (previous != null) {
                        d.error(m, Messages.duplicateMessage(signature(m), signature(previous)));
                    }
                }
                case INFO, CONTINUE -> {
                    if (checkByType(role.simpleName(), m, d)) {
                        (role == Role.INFO ? infos : continues).add(m);
                    }
                }
                case INIT -> {
                    checkInit(m, d);
                    init = HandlerRules.onlyOne(role, init, m, d);
                }
                case TERMINATE -> {
                    HandlerRules.checkTerminate(elements, m, d);
                    terminate = HandlerRules.onlyOne(role, terminate, m, d);
                }
                default -> throw new IllegalStateException(role + " is not a server's role");
            }
        }
        checkTogether("Info", infos, d);
        checkTogether("Continue", continues, d);
        Reachability.check(type, Behaviour.SERVER, types, d);
        return d;
    }

    private void checkCall(ExecutableElement m, Diagnostics d) {
        String sig = signature(m);
        int callers = 0;
        boolean replyTo = false;
        for (VariableElement p : m.getParameters()) {
            if (elements.isCallerParam(p)) {
                callers++;
                if (elements.isReplyTo(p.asType())) {
                    replyTo = true;
                    if (elements.replyToArgument(p.asType()) == null) {
                        d.error(p, Elements2.isRaw(p.asType()) ? Messages.rawReplyTo("Call", sig)
                            : Messages.wildcardReplyTo("Call", sig));
                    }
                }
            }
        }
        if (callers > 1) {
            d.error(m, Messages.twoCallerParams("Call", sig));
        }
        List<? extends VariableElement> params = m.getParameters().stream().filter(p -> !elements.isCallerParam(p))
                .toList();
        if (!params.isEmpty() && types.asElement(params.getLast().asType()) instanceof TypeElement last
                && last.getQualifiedName().contentEquals("java.time.Duration")) {
            d.warning(params.getLast(), Messages.durationLastParam(m.getSimpleName().toString(), sig));
        }
        boolean returnsVoid = m.getReturnType().getKind() == TypeKind.VOID;
        // void without a caller parameter: a call that waits for the handler and answers ok (OTP's {reply, ok, S});
        // void with From: the handler answers later through it (OTP's {noreply, S} and gen_server:reply/2)
        if (!returnsVoid && replyTo) {
            d.error(m, Messages.callReplyTwice(sig));
        }
    }

    private void checkCast(ExecutableElement m, Diagnostics d) {
        String sig = signature(m);
        if (m.getReturnType().getKind() != TypeKind.VOID) {
            d.error(m, Messages.castReturns(sig, simpleTypeName(m.getReturnType())));
        }
        for (VariableElement p : m.getParameters()) {
            if (elements.isCallerParam(p)) {
                d.error(p, Messages.castWithCaller(sig, simpleTypeName(p.asType())));
            }
        }
    }

    /**
     * Checks one handler chosen by its parameter's type (@Info or @Continue, the role) alone; true if it is well-formed
     * enough to compare with the others of its role.
     */
    private boolean checkByType(String role, ExecutableElement m, Diagnostics d) {
        String sig = signature(m);
        if (m.getReturnType().getKind() != TypeKind.VOID) {
            d.error(m, Messages.infoReturns(role, sig, simpleTypeName(m.getReturnType())));
        }
        if (m.getParameters().size() != 1) {
            d.error(m, Messages.infoParams(role, sig, m.getParameters().size()));
            return false;
        }
        VariableElement p = m.getParameters().get(0);
        if (Elements2.hasConcreteTypeArguments(p.asType())) {
            d.error(p, Messages.infoGeneric(role, sig, simpleTypeName(p.asType())));
            return false;
        }
        return true;
    }

    /**
     * Two handlers of one role may not take the same type, nor types one object could have both of (see
     * {@link TypeOverlap}).
     */
    private void checkTogether(String role, List<ExecutableElement> infos, Diagnostics d) {
        for (int i = 0; i < infos.size(); i++) {
            for (int j = 0; j < i; j++) {
                ExecutableElement a = infos.get(i);
                ExecutableElement b = infos.get(j);
                TypeMirror ta = boxed(a.getParameters().get(0).asType());
                TypeMirror tb = boxed(b.getParameters().get(0).asType());
                if (types.isSameType(types.erasure(ta), types.erasure(tb))) {
                    d.error(a, Messages.infoDuplicate(role, signature(a), signature(b), simpleTypeName(ta)));
                } else if (TypeOverlap.mayOverlap(types, ta, tb)) {
                    d.error(a, Messages.infoAmbiguous(role, signature(a), signature(b), simpleTypeName(ta),
                            simpleTypeName(tb)));
                }
            }
        }
    }

    private TypeMirror boxed(TypeMirror t) {
        return t.getKind().isPrimitive() ? types.boxedClass((javax.lang.model.type.PrimitiveType) t).asType() : t;
    }

    private void checkInit(ExecutableElement m, Diagnostics d) {
        TypeMirror r = m.getReturnType();
        boolean okReturn = r.getKind() == TypeKind.VOID || elements.erasedName(r).equals(RuntimeNames.INIT_NAME);
        if (!m.getParameters().isEmpty() || !okReturn) {
            d.error(m, Messages.initSignature(signature(m)));
        }
    }
}
