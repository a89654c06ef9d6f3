package io.loomotp.processor.validation;

import static io.loomotp.processor.base.Elements2.annotation;
import static io.loomotp.processor.base.Elements2.signature;
import static io.loomotp.processor.base.Elements2.simpleTypeName;

import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.RuntimeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
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
    public static final String SERVER = "io.loomotp.Server";
    public static final String CALL = "io.loomotp.Call";
    public static final String CAST = "io.loomotp.Cast";
    public static final String INFO = "io.loomotp.Info";
    public static final String CONTINUE = "io.loomotp.Continue";
    public static final String INIT = "io.loomotp.Init";
    public static final String TERMINATE = "io.loomotp.Terminate";

    /** The handler annotations, by simple name, in the order roles are reported. */
    /** A server's method annotations by role, in the order a clash between two of them names them. */
    private static final Map<String, String> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put("Call", CALL);
        ROLES.put("Cast", CAST);
        ROLES.put("Info", INFO);
        ROLES.put("Continue", CONTINUE);
        ROLES.put("Init", INIT);
        ROLES.put("Terminate", TERMINATE);
    }

    private final Elements2 elements;
    private final Types types;

    public ServerValidator(Elements2 elements) {
        this.elements = elements;
        this.types = elements.types();
    }

    public Diagnostics validate(TypeElement type) {
        Diagnostics d = new Diagnostics();
        AnnotationMirror server = annotation(type, SERVER).orElseThrow();
        ClassRules.check(type, "Server", d);
        Elements2.value(server, "mailboxCapacity").ifPresent(v -> {
            int capacity = (Integer) v.getValue();
            if (capacity < 0) {
                d.error(type, server, v, Messages.mailboxCapacity(capacity));
            }
        });

        String ref = GeneratedNames.ref(ClassName.get(type)).simpleName();
        Map<String, ExecutableElement> messages = new HashMap<>();
        List<ExecutableElement> infos = new ArrayList<>();
        List<ExecutableElement> continues = new ArrayList<>();
        ExecutableElement init = null;
        ExecutableElement terminate = null;
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            String role = role(m, ROLES, d);
            if (role == null) {
                continue;
            }
            switch (role) {
                case "Call", "Cast" -> {
                    if (role.equals("Call")) {
                        checkCall(m, d);
                    } else {
                        checkCast(m, d);
                    }
                    String name = m.getSimpleName().toString();
                    if (GeneratedNames.REF_MEMBERS.contains(name)) {
                        d.error(m, Messages.nameClash(name, ref));
                    }
                    ExecutableElement previous = messages.putIfAbsent(GeneratedNames.messageRecord(name), m);
                    if (previous != null) {
                        d.error(m, Messages.duplicateMessage(signature(m), signature(previous)));
                    }
                }
                case "Info", "Continue" -> {
                    if (checkByType(role, m, d)) {
                        (role.equals("Info") ? infos : continues).add(m);
                    }
                }
                case "Init" -> {
                    checkInit(m, d);
                    if (init != null) {
                        d.error(m, Messages.onlyOne("Init", signature(m), signature(init)));
                    } else {
                        init = m;
                    }
                }
                case "Terminate" -> {
                    checkTerminate(elements, m, d);
                    if (terminate != null) {
                        d.error(m, Messages.onlyOne("Terminate", signature(m), signature(terminate)));
                    } else {
                        terminate = m;
                    }
                }
                default -> throw new IllegalStateException(role);
            }
        }
        checkTogether("Info", infos, d);
        checkTogether("Continue", continues, d);
        return d;
    }

    /**
     * The one role annotation on {@code m} among {@code roles} (role name to annotation, in the order a clash names
     * them), after the rules every handler obeys; null if it has none, or more than one (reported).
     */
    static String role(ExecutableElement m, Map<String, String> roles, Diagnostics d) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> r : roles.entrySet()) {
            if (annotation(m, r.getValue()).isPresent()) {
                found.add(r.getKey());
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            d.error(m, Messages.twoRoles(signature(m), found.get(0), found.get(1)));
            return null;
        }
        checkCommon(m, found.get(0), d);
        return found.get(0);
    }

    /** Rules every handler obeys, in every behaviour: not private, not static, not generic. */
    static void checkCommon(ExecutableElement m, String role, Diagnostics d) {
        String sig = signature(m);
        if (m.getModifiers().contains(Modifier.PRIVATE)) {
            d.error(m, Messages.handlerPrivate(role, sig));
        }
        if (m.getModifiers().contains(Modifier.STATIC)) {
            d.error(m, Messages.handlerStatic(role, sig));
        }
        if (!m.getTypeParameters().isEmpty()) {
            d.error(m, Messages.handlerGeneric(role, sig));
        }
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
                        d.error(p, Messages.rawReplyTo("Call", sig));
                    }
                }
            }
        }
        if (callers > 1) {
            d.error(m, Messages.twoCallerParams("Call", sig));
        }
        boolean returnsVoid = m.getReturnType().getKind() == TypeKind.VOID;
        if (returnsVoid && !replyTo) {
            d.error(m, Messages.callReturnsVoid(sig));
        }
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

    /** Two handlers of one role may not take the same type, nor types one object could have both of. */
    private void checkTogether(String role, List<ExecutableElement> infos, Diagnostics d) {
        for (int i = 0; i < infos.size(); i++) {
            for (int j = 0; j < i; j++) {
                ExecutableElement a = infos.get(i);
                ExecutableElement b = infos.get(j);
                TypeMirror ta = boxed(a.getParameters().get(0).asType());
                TypeMirror tb = boxed(b.getParameters().get(0).asType());
                if (types.isSameType(types.erasure(ta), types.erasure(tb))) {
                    d.error(a, Messages.infoDuplicate(role, signature(a), signature(b), simpleTypeName(ta)));
                } else if (mayOverlap(ta, tb)) {
                    d.error(a, Messages.infoAmbiguous(role, signature(a), signature(b), simpleTypeName(ta),
                            simpleTypeName(tb)));
                }
            }
        }
    }

    private TypeMirror boxed(TypeMirror t) {
        return t.getKind().isPrimitive() ? types.boxedClass((javax.lang.model.type.PrimitiveType) t).asType() : t;
    }

    /**
     * True if one object could be an instance of both types while neither type is a subtype of the other: then no
     * order of the handlers is right for every message.
     */
    private boolean mayOverlap(TypeMirror a, TypeMirror b) {
        TypeMirror ea = types.erasure(a);
        TypeMirror eb = types.erasure(b);
        if (types.isSubtype(ea, eb) || types.isSubtype(eb, ea)) {
            return false;
        }
        Element xa = types.asElement(ea);
        Element xb = types.asElement(eb);
        if (xa == null || xb == null) {
            return false;
        }
        boolean ia = xa.getKind() == ElementKind.INTERFACE;
        boolean ib = xb.getKind() == ElementKind.INTERFACE;
        if (ia && ib) {
            return true;
        }
        if (ia) {
            return !xb.getModifiers().contains(Modifier.FINAL) && xb.getKind() == ElementKind.CLASS;
        }
        if (ib) {
            return !xa.getModifiers().contains(Modifier.FINAL) && xa.getKind() == ElementKind.CLASS;
        }
        return false; // two classes, neither a subclass of the other: no object is both
    }

    private void checkInit(ExecutableElement m, Diagnostics d) {
        TypeMirror r = m.getReturnType();
        boolean okReturn = r.getKind() == TypeKind.VOID || elements.erasedName(r).equals(RuntimeNames.INIT_NAME);
        if (!m.getParameters().isEmpty() || !okReturn) {
            d.error(m, Messages.initSignature(signature(m)));
        }
    }

    /** {@code @Terminate} takes nothing or an {@code ExitReason}, and returns nothing, in every behaviour. */
    static void checkTerminate(Elements2 elements, ExecutableElement m, Diagnostics d) {
        List<? extends VariableElement> ps = m.getParameters();
        boolean okParams = ps.isEmpty()
                || (ps.size() == 1 && elements.erasedName(ps.get(0).asType()).equals(RuntimeNames.EXIT_REASON_NAME));
        if (!okParams || m.getReturnType().getKind() != TypeKind.VOID) {
            d.error(m, Messages.terminateSignature(signature(m)));
        }
    }

    /** Rules every annotated behaviour class obeys, whatever its behaviour. */
    public static final class ClassRules {
        private ClassRules() {}

        public static void check(TypeElement type, String annotation, Diagnostics d) {
            String name = type.getSimpleName().toString();
            switch (type.getKind()) {
                case INTERFACE -> d.error(type, Messages.serverKind(annotation, name, "an interface"));
                case ENUM -> d.error(type, Messages.serverKind(annotation, name, "an enum"));
                case ANNOTATION_TYPE -> d.error(type, Messages.serverKind(annotation, name, "an annotation type"));
                default -> {
                    Set<Modifier> mods = type.getModifiers();
                    if (mods.contains(Modifier.ABSTRACT)) {
                        d.error(type, Messages.serverAbstract(annotation, name));
                    }
                    if (mods.contains(Modifier.PRIVATE)) {
                        d.error(type, Messages.serverPrivate(annotation, name));
                    }
                    if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS
                            || (type.getNestingKind() == NestingKind.MEMBER && !mods.contains(Modifier.STATIC)
                                    && type.getKind() == ElementKind.CLASS)) {
                        d.error(type, Messages.serverInner(annotation, name));
                    }
                    if (!type.getTypeParameters().isEmpty()) {
                        d.error(type, Messages.serverGeneric(annotation, name));
                    }
                    if (!hasReachableFactory(type)) {
                        d.error(type, Messages.noConstructor(name));
                    }
                }
            }
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
}
