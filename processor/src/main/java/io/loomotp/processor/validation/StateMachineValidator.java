package io.loomotp.processor.validation;

import static io.loomotp.processor.base.Elements2.annotation;
import static io.loomotp.processor.base.Elements2.signature;
import static io.loomotp.processor.base.Elements2.simpleTypeName;

import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.Role;
import io.loomotp.processor.base.RuntimeNames;
import io.loomotp.processor.model.StateSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Checks a {@code @StateMachine} class, whole: the class, its state type, and every handler, alone and together (one
 * shape per event, one handler per state and event, every event handled in every state). Every problem is reported,
 * anchored on the element it is about; the step generates code only when the report is clean.
 */
public final class StateMachineValidator {
    private final Elements2 elements;
    private final Types types;

    public StateMachineValidator(Elements2 elements) {
        this.elements = elements;
        this.types = elements.types();
    }

    /** One handler of an event, as the checks across handlers see it. */
    private record Handler(ExecutableElement method, List<String> states, List<TypeMirror> components,
                           TypeMirror reply) {}

    /** One {@code @Info} handler: its message type and states. */
    private record InfoBinding(ExecutableElement method, TypeMirror message, List<String> states) {}

    public Diagnostics validate(TypeElement type) {
        Diagnostics d = new Diagnostics();
        if (!ClassRules.oneBehaviour(type, Behaviour.STATE_MACHINE, d)) {
            return d;
        }
        AnnotationMirror ann = annotation(type, Annotations.STATE_MACHINE).orElseThrow();
        if (!ClassRules.check(type, Behaviour.STATE_MACHINE, d)) {
            return d;
        }
        HandlerRules.checkMailbox(type, ann, d);
        HandlerRules.checkRegisteredName(type, ann, d);
        StateSpace space = stateSpace(type, ann, d);

        Map<String, List<Handler>> events = new LinkedHashMap<>();
        Set<String> incomplete = new HashSet<>(); // events with a handler whose states are unknown (reported)
        List<InfoBinding> infos = new ArrayList<>();
        Map<String, ExecutableElement> enters = new LinkedHashMap<>();
        ExecutableElement init = null;
        ExecutableElement terminate = null;
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Role role = HandlerRules.role(m, Behaviour.STATE_MACHINE, d);
            if (role == null) {
                continue;
            }
            List<String> inState = inState(m, space, d);
            switch (role) {
                case EVENT -> {
                    String event = m.getSimpleName().toString();
                    HandlerRules.checkClientName(elements, m, type, Behaviour.STATE_MACHINE, d);
                    Handler h = inState == null ? null : checkEvent(m, space, inState, d);
                    if (h != null) {
                        events.computeIfAbsent(event, k -> new ArrayList<>()).add(h);
                    } else {
                        incomplete.add(event);
                    }
                }
                case ENTER -> {
                    if (inState != null) {
                        checkEnter(m, space, inState, enters, d);
                    }
                }
                case INFO -> {
                    InfoBinding b = inState == null ? null : checkInfo(m, space, inState, d);
                    if (b != null) {
                        infos.add(b);
                    }
                }
                case INIT -> {
                    checkInit(m, space, d);
                    init = HandlerRules.onlyOne(role, init, m, d);
                }
                case TERMINATE -> {
                    checkTerminate(m, space, d);
                    terminate = HandlerRules.onlyOne(role, terminate, m, d);
                }
                default -> throw new IllegalStateException(role + " is not a state machine's role");
            }
        }
        if (space != null) {
            boolean logs = Elements2.value(ann, "unhandled").map(v -> v.getValue().toString().equals("LOG"))
                    .orElse(false);
            for (Map.Entry<String, List<Handler>> e : events.entrySet()) {
                checkEventTogether(e.getKey(), e.getValue(), space, logs || incomplete.contains(e.getKey()), d);
            }
            checkInfosTogether(infos, d);
        }
        // the state type is in every handler's signature (its first parameter, or @Init's result): checked there
        Reachability.check(type, Behaviour.STATE_MACHINE, types, d);
        return d;
    }

    /** The machine's states, or null (reported) if it has none this processor understands. */
    private static StateSpace stateSpace(TypeElement type, AnnotationMirror ann, Diagnostics d) {
        String name = type.getSimpleName().toString();
        Optional<TypeMirror> declared = StateSpace.declaredType(type);
        if (declared.isEmpty()) {
            Element init = initMethod(type);
            if (init != type) { // an @Init that returns what does not name a state type (a Transition, Object)
                d.error(init, Messages.noStatesFromInit(name, init.getSimpleName().toString()));
            } else {
                d.error(type, ann, null, Messages.noStates(name));
            }
            return null;
        }
        Optional<StateSpace> space = StateSpace.of(declared.get());
        if (space.isEmpty()) {
            String typeName = simpleTypeName(declared.get());
            TypeElement notAState = StateSpace.firstNonState(declared.get());
            if (notAState != null) {
                d.error(notAState, Messages.stateNotLeaf(typeName, notAState.getSimpleName().toString(),
                        notAState.getKind() == javax.lang.model.element.ElementKind.INTERFACE));
                return null;
            }
            Optional<AnnotationValue> states = Elements2.value(ann, "states");
            boolean own = declared.get() instanceof javax.lang.model.type.DeclaredType dt
                    && dt.asElement() instanceof TypeElement te && !te.getQualifiedName().toString().startsWith("java.");
            boolean emptyEnum = declared.get() instanceof javax.lang.model.type.DeclaredType et
                    && et.asElement().getKind() == javax.lang.model.element.ElementKind.ENUM;
            String message = emptyEnum ? Messages.stateEnumEmpty(name, typeName)
                    : own ? Messages.stateTypeNotSealed(name, typeName) : Messages.stateType(name, typeName);
            if (states.isPresent()) {
                d.error(type, ann, states.get(), message);
            } else {
                d.error(initMethod(type), message);
            }
            return null;
        }
        return space.get();
    }

    private static Element initMethod(TypeElement type) {
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (annotation(m, Annotations.INIT).isPresent()) {
                return m;
            }
        }
        return type;
    }

    /** The states named by {@code @InState}, checked; empty if there is none, null if one is wrong (reported). */
    private static List<String> inState(ExecutableElement m, StateSpace space, Diagnostics d) {
        Optional<AnnotationMirror> ann = annotation(m, Annotations.IN_STATE);
        if (ann.isEmpty()) {
            return List.of();
        }
        String sig = signature(m);
        if (space == null) {
            return List.of();
        }
        if (!space.isEnum()) {
            d.error(m, ann.get(), null, Messages.inStateOnRecord(sig));
            return null;
        }
        List<String> names = new ArrayList<>();
        AnnotationValue value = Elements2.value(ann.get(), "value").orElseThrow();
        @SuppressWarnings("unchecked")
        List<? extends AnnotationValue> items = value.getValue() instanceof List<?> l
                ? (List<? extends AnnotationValue>) l : List.of(value);
        if (items.isEmpty()) { // it read as every state, silently (a new user's finding)
            d.error(m, ann.get(), value, Messages.inStateEmpty(sig));
            return null;
        }
        for (AnnotationValue item : items) {
            String n = String.valueOf(item.getValue());
            if (!space.names().contains(n)) {
                d.error(m, ann.get(), item, Messages.notAState(sig, n, space.describe()));
                return null;
            }
            names.add(n);
        }
        return names;
    }

    // --- @Event ----------------------------------------------------------------------------------------------------

    private Handler checkEvent(ExecutableElement m, StateSpace space, List<String> inState, Diagnostics d) {
        String sig = signature(m);
        checkReturn("Event", m, space, d);
        if (space == null) {
            return null;
        }
        List<? extends VariableElement> ps = m.getParameters();
        Optional<List<String>> states = ps.isEmpty() ? Optional.empty()
                : space.bind(ps.get(0).asType(), inState, types);
        if (states.isEmpty()) {
            d.error(ps.isEmpty() ? m : ps.get(0), Messages.eventState("Event", sig, stateChoices(space)));
            return null;
        }
        List<TypeMirror> components = new ArrayList<>();
        TypeMirror reply = null;
        int callers = 0;
        for (VariableElement p : ps.subList(1, ps.size())) {
            TypeMirror t = p.asType();
            if (elements.isReplyTo(t)) {
                callers++;
                reply = elements.replyToArgument(t);
                if (reply == null) {
                    d.error(p, Elements2.isRaw(p.asType()) ? Messages.rawReplyTo("Event", sig)
                            : Messages.wildcardReplyTo("Event", sig));
                    return null;
                }
            } else if (elements.isFrom(t)) {
                d.error(p, Messages.eventCaller(sig, simpleTypeName(t)));
                return null;
            } else {
                components.add(t);
            }
        }
        if (callers > 1) {
            d.error(m, Messages.twoCallerParams("Event", sig));
            return null;
        }
        List<? extends VariableElement> messageParams = ps.subList(1, ps.size()).stream()
                .filter(p -> !elements.isReplyTo(p.asType())).toList();
        if (reply != null && !messageParams.isEmpty()
                && types.asElement(messageParams.getLast().asType()) instanceof TypeElement last
                && last.getQualifiedName().contentEquals("java.time.Duration")) {
            d.warning(messageParams.getLast(), Messages.durationLastParam(m.getSimpleName().toString(), sig));
        }
        return new Handler(m, states.get(), components, reply);
    }

    /** A handler returns void, a Transition, or a state. */
    private void checkReturn(String role, ExecutableElement m, StateSpace space, Diagnostics d) {
        TypeMirror r = m.getReturnType();
        if (r.getKind() == TypeKind.VOID || elements.erasedName(r).equals(RuntimeNames.TRANSITION_NAME)) {
            return;
        }
        if (space == null) {
            return; // the state type itself is what is wrong, and reported as such: one error, not one per handler
        }
        if (types.isAssignable(r, types.erasure(space.type().asType()))) {
            return;
        }
        d.error(m, Messages.eventReturn(role, signature(m), simpleTypeName(r),
                space.type().getSimpleName().toString()));
    }

    private void checkEventTogether(String event, List<Handler> handlers, StateSpace space, boolean logs,
                                    Diagnostics d) {
        // per handler, one error: a second handler in a state already handled (remove one, which also settles
        // its shape), else a shape unlike the first handler's
        Handler first = handlers.get(0);
        for (int i = 1; i < handlers.size(); i++) {
            Handler h = handlers.get(i);
            String common = null;
            Handler other = null;
            for (int j = 0; j < i && common == null; j++) {
                common = common(h.states(), handlers.get(j).states());
                other = handlers.get(j);
            }
            if (common != null) {
                d.error(h.method(), Messages.eventDuplicate(event, signature(h.method()), signature(other.method()),
                        common));
            } else if (!sameShape(first, h)) {
                d.error(h.method(), Messages.eventShape(event, signature(h.method()), signature(first.method())));
            }
        }
        if (logs || handlers.stream().anyMatch(h -> h.states().isEmpty())) {
            return;
        }
        List<String> missing = new ArrayList<>(space.names());
        handlers.forEach(h -> missing.removeAll(h.states()));
        if (!missing.isEmpty()) {
            d.error(first.method(), Messages.eventUnhandled(event, String.join(", ", missing),
                    space.type().getSimpleName().toString()));
        }
    }

    /** The first state two handlers both apply to, or null; "every state" if both are catch-alls. */
    private static String common(List<String> a, List<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return "(every state)";
        }
        for (String s : a) {
            if (b.contains(s)) {
                return s;
            }
        }
        return null;
    }

    private boolean sameShape(Handler a, Handler b) {
        if (a.components().size() != b.components().size() || (a.reply() == null) != (b.reply() == null)) {
            return false;
        }
        for (int i = 0; i < a.components().size(); i++) {
            if (!types.isSameType(a.components().get(i), b.components().get(i))) {
                return false;
            }
        }
        return a.reply() == null || types.isSameType(a.reply(), b.reply());
    }

    private static String stateChoices(StateSpace space) {
        String t = space.type().getSimpleName().toString();
        return space.isEnum() ? t + " (with @InState to name the states)" : t + "'s records (" + space.describe()
                + ")";
    }

    // --- @Enter ----------------------------------------------------------------------------------------------------

    private void checkEnter(ExecutableElement m, StateSpace space, List<String> inState,
                            Map<String, ExecutableElement> enters, Diagnostics d) {
        String sig = signature(m);
        TypeMirror r = m.getReturnType();
        if (r.getKind() != TypeKind.VOID && !elements.erasedName(r).equals(RuntimeNames.ENTER_TRANSITION_NAME)) {
            d.error(m, Messages.enterReturn(sig, simpleTypeName(r)));
        }
        if (space == null) {
            return;
        }
        List<? extends VariableElement> ps = m.getParameters();
        String stateType = space.type().getSimpleName().toString();
        if (ps.isEmpty() || ps.size() > 2) {
            d.error(m, Messages.enterParams(sig, stateType));
            return;
        }
        Optional<List<String>> states = space.bind(ps.get(0).asType(), inState, types);
        if (states.isEmpty()) {
            d.error(ps.get(0), Messages.eventState("Enter", sig, stateChoices(space)));
            return;
        }
        if (ps.size() == 2 && !types.isSameType(types.erasure(ps.get(1).asType()),
                types.erasure(space.type().asType()))) {
            d.error(ps.get(1), Messages.enterParams(sig, stateType));
        }
        List<String> keys = states.get().isEmpty() ? List.of("(every state)") : states.get();
        for (String k : keys) {
            ExecutableElement previous = enters.putIfAbsent(k, m);
            if (previous != null) {
                d.error(m, Messages.enterDuplicate(sig, signature(previous), k));
                return;
            }
        }
    }

    // --- @Info -----------------------------------------------------------------------------------------------------

    private InfoBinding checkInfo(ExecutableElement m, StateSpace space, List<String> inState, Diagnostics d) {
        String sig = signature(m);
        checkReturn("Info", m, space, d);
        List<? extends VariableElement> ps = m.getParameters();
        if (ps.isEmpty() || ps.size() > 2) {
            d.error(m, Messages.stateMachineInfoParams(sig, ps.size()));
            return null;
        }
        if (space == null) {
            return null;
        }
        List<String> states = inState;
        if (ps.size() == 2) {
            Optional<List<String>> bound = space.bind(ps.get(0).asType(), inState, types);
            if (bound.isEmpty()) {
                d.error(ps.get(0), Messages.eventState("Info", sig, stateChoices(space)));
                return null;
            }
            states = bound.get();
        }
        VariableElement message = ps.get(ps.size() - 1);
        if (Elements2.hasConcreteTypeArguments(message.asType())) {
            d.error(message, Messages.infoGeneric("Info", sig, simpleTypeName(message.asType())));
            return null;
        }
        return new InfoBinding(m, boxed(message.asType()), states);
    }

    private void checkInfosTogether(List<InfoBinding> infos, Diagnostics d) {
        for (int i = 0; i < infos.size(); i++) {
            for (int j = 0; j < i; j++) {
                InfoBinding a = infos.get(i);
                InfoBinding b = infos.get(j);
                TypeMirror ta = boxed(a.message());
                TypeMirror tb = boxed(b.message());
                boolean same = types.isSameType(types.erasure(ta), types.erasure(tb));
                if (!same && !TypeOverlap.mayOverlap(types, ta, tb)) {
                    continue; // apart, or one more specific than the other (it takes what it matches first)
                }
                // one type's handler for a state beats its handler for every state; two types' handlers share every
                // state a handler for every state shares (which one the dispatch tries first is not the state's)
                String common = same ? common(a.states(), b.states()) : shared(a.states(), b.states());
                if (common != null && same) {
                    d.error(a.method(), Messages.infoStateDuplicate(signature(a.method()), signature(b.method()),
                            simpleTypeName(a.message()), common));
                } else if (common != null) {
                    d.error(a.method(), Messages.infoStateAmbiguous(signature(a.method()), signature(b.method()),
                            simpleTypeName(ta), simpleTypeName(tb), common));
                }
            }
        }
    }

    /** A state both handle, an empty list being every state; null if none. */
    private static String shared(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty() ? "(every state)" : a.isEmpty() ? b.get(0) : a.get(0);
        }
        return common(a, b);
    }

    private TypeMirror boxed(TypeMirror t) {
        return t.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) t).asType() : t;
    }

    // --- @Init, @Terminate -----------------------------------------------------------------------------------------

    /**
     * A state machine's {@code @Terminate} takes nothing, the state, an {@code ExitReason}, or the state then an
     * {@code ExitReason}, and returns nothing: OTP's {@code terminate/3} sees the state the machine stops in.
     */
    private void checkTerminate(ExecutableElement m, StateSpace space, Diagnostics d) {
        List<? extends VariableElement> ps = m.getParameters();
        int reasonAt = 0;
        boolean ok = m.getReturnType().getKind() == TypeKind.VOID;
        if (!ps.isEmpty() && !isExitReason(ps.get(0))) {
            if (space == null) {
                return; // the state type itself is what is wrong, and reported as such
            }
            ok &= types.isSameType(types.erasure(ps.get(0).asType()), types.erasure(space.type().asType()));
            reasonAt = 1;
        }
        ok &= ps.size() == reasonAt || (ps.size() == reasonAt + 1 && isExitReason(ps.get(reasonAt)));
        if (!ok) {
            d.error(m, Messages.stateMachineTerminate(signature(m),
                    space == null ? "state" : space.type().getSimpleName().toString()));
        }
    }

    private boolean isExitReason(VariableElement p) {
        return p.asType().getKind() == TypeKind.DECLARED
                && elements.erasedName(p.asType()).equals(RuntimeNames.EXIT_REASON_NAME);
    }

    private void checkInit(ExecutableElement m, StateSpace space, Diagnostics d) {
        TypeMirror r = m.getReturnType();
        String erased = r.getKind() == TypeKind.DECLARED ? elements.erasedName(r) : "";
        boolean ok = erased.equals(RuntimeNames.TRANSITION_NAME) || erased.equals(RuntimeNames.INIT_NAME)
                || erased.equals("java.lang.Object")
                || (space != null && r.getKind() == TypeKind.DECLARED
                        && types.isAssignable(r, types.erasure(space.type().asType())));
        if (space == null && r.getKind() == TypeKind.DECLARED) {
            ok = true; // the state type itself is what is wrong, and reported as such
        }
        if (!m.getParameters().isEmpty() || !ok) {
            d.error(m, Messages.stateMachineInit(signature(m),
                    space == null ? "state" : space.type().getSimpleName().toString()));
        }
    }
}
