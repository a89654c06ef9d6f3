package io.loomotp.processor.validation;

import static io.loomotp.processor.base.Elements2.annotation;
import static io.loomotp.processor.base.Elements2.signature;
import static io.loomotp.processor.base.Elements2.simpleTypeName;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.TypeResolver;
import io.loomotp.processor.model.Children;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/** Checks a {@code @Supervisor} declaration whole: the type, its flags, and every child. */
public final class SupervisorValidator {
    /** What the generated client of a supervisor has besides its children's methods. */
    public static final Set<String> CLIENT_MEMBERS = Set.of("start", "startLink", "of", "whereis", "whereisGlobal",
            "whereisVia", "pid", "stop",
            "whichChildren", "countChildren", "terminateChild", "restartChild", "deleteChild", "equals", "hashCode",
            "toString", "getClass", "notify", "notifyAll", "wait", "finalize");

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern ZERO = Pattern.compile("0+(ms|s|m|h|d)");

    private final Children children;

    public SupervisorValidator(Children children) {
        this.children = children;
    }

    public Diagnostics validate(TypeElement type, TypeResolver resolver) {
        Diagnostics d = new Diagnostics();
        if (!ClassRules.oneBehaviour(type, Behaviour.SUPERVISOR, d)) {
            return d;
        }
        AnnotationMirror ann = annotation(type, Annotations.SUPERVISOR).orElseThrow();
        HandlerRules.checkRegisteredName(type, ann, d);
        String name = type.getSimpleName().toString();
        boolean isInterface = type.getKind() == ElementKind.INTERFACE;
        boolean isAbstractClass = type.getKind() == ElementKind.CLASS && type.getModifiers().contains(Modifier.ABSTRACT);
        if (!isInterface && !isAbstractClass) {
            d.error(type, Messages.supervisorKind(name, switch (type.getKind()) {
                case ENUM -> "an enum";
                case RECORD -> "a record";
                case ANNOTATION_TYPE -> "an annotation type";
                default -> "a concrete class";
            }));
            return d;
        }
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            d.error(type, Messages.behaviourPrivate("Supervisor", name));
        } else if (ClassRules.privateEnclosing(type) != null) {
            d.error(type, Messages.enclosedInPrivate("Supervisor", name,
                    ClassRules.privateEnclosing(type).getSimpleName().toString()));
        }
        if (!type.getTypeParameters().isEmpty()) {
            d.error(type, Messages.behaviourGeneric("Supervisor", name, "children"));
        }
        if (type.getNestingKind() == NestingKind.LOCAL) {
            d.error(type, Messages.behaviourInner("Supervisor", name));
        }
        Elements2.value(ann, "intensity").ifPresent(v -> {
            if ((Integer) v.getValue() < 0) {
                d.error(type, ann, v, Messages.supervisorIntensity((Integer) v.getValue()));
            }
        });
        Elements2.value(ann, "period").ifPresent(v -> {
            String period = (String) v.getValue();
            if (!DURATION.matcher(period).matches()) {
                d.error(type, ann, v, Messages.supervisorPeriod(period));
            } else if (!fitsTheClock(period)) {
                d.error(type, ann, v, Messages.supervisorPeriodTooLong(period));
            } else if (ZERO.matcher(period).matches()) {
                d.error(type, ann, v, Messages.supervisorPeriodZero(period));
            }
        });
        boolean dynamic = Elements2.value(ann, "strategy").map(v -> v.getValue().toString()
                .equals("SIMPLE_ONE_FOR_ONE")).orElse(false);

        String ref = GeneratedNames.ref(ClassName.get(type)).simpleName();
        Map<String, ExecutableElement> ids = new HashMap<>();
        int count = 0;
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Optional<AnnotationMirror> child = annotation(m, Annotations.CHILD);
            String sig = signature(m);
            boolean isAbstract = m.getModifiers().contains(Modifier.ABSTRACT);
            if (child.isEmpty()) {
                if (isAbstract) {
                    d.error(m, Messages.notAChild(sig, name));
                }
                continue;
            }
            count++;
            if (!isAbstract) {
                d.error(m, Messages.childNotAbstract(sig));
            }
            if (!m.getTypeParameters().isEmpty()) {
                d.error(m, Messages.handlerGeneric("Child", sig));
            }
            String method = m.getSimpleName().toString();
            if (CLIENT_MEMBERS.contains(method)) {
                d.error(m, Messages.childNameClash(method, ref));
            }
            if (!m.getParameters().isEmpty() && !dynamic) {
                d.error(m, Messages.childArgs(sig));
            }
            checkReturn(m, resolver, d, GeneratedNames.ref(ClassName.get(type)), name);
            if (dynamic) {
                warnIfRegistered(m, resolver, d);
            }
            Optional<AnnotationValue> shutdown = Elements2.value(child.get(), "shutdown");
            if (shutdown.isPresent()) {
                String s = (String) shutdown.get().getValue();
                if (!s.isEmpty() && !s.equals("brutal_kill") && !s.equals("infinity")
                        && !DURATION.matcher(s).matches()) {
                    d.error(m, child.get(), shutdown.get(), Messages.childShutdown(sig, s));
                } else if (DURATION.matcher(s).matches() && !fitsTheClock(s)) {
                    d.error(m, child.get(), shutdown.get(), Messages.childShutdownTooLong(sig, s));
                }
            }
            Optional<AnnotationValue> significant = Elements2.value(child.get(), "significant");
            if (significant.isPresent() && (Boolean) significant.get().getValue()) {
                String restart = Elements2.value(child.get(), "restart").map(v -> v.getValue().toString())
                        .orElse("PERMANENT");
                String auto = Elements2.value(ann, "autoShutdown").map(v -> v.getValue().toString()).orElse("NEVER");
                if (auto.equals("NEVER")) {
                    d.error(m, child.get(), significant.get(), Messages.childSignificantNever(sig, name));
                } else if (restart.equals("PERMANENT")) {
                    d.error(m, child.get(), significant.get(), Messages.childSignificantPermanent(sig));
                }
            }
            String id = Elements2.value(child.get(), "id").map(v -> (String) v.getValue()).filter(s -> !s.isEmpty())
                    .orElse(method);
            ExecutableElement other = ids.putIfAbsent(id, m);
            if (other != null) {
                d.error(m, Messages.childDuplicateId(id, sig, signature(other)));
            }
        }
        if (dynamic && count != 1) {
            d.error(type, ann, null, Messages.simpleOneChild(name, count));
        }
        if (dynamic && Elements2.value(ann, "autoShutdown").map(v -> v.getValue().toString())
                .orElse("NEVER").equals("ALL_SIGNIFICANT")) {
            d.warning(type, Messages.allSignificantSimpleOne(name));
        }
        return d;
    }

    /**
     * Whether a duration of {@link #DURATION}'s form fits the runtime's clock, a count of nanoseconds in a long (about
     * 292 years): a longer one would fail the supervisor's start with an overflow.
     */
    static boolean fitsTheClock(String duration) {
        java.util.regex.Matcher m = DURATION.matcher(duration);
        if (!m.matches()) {
            return false;
        }
        java.math.BigInteger nanosPerUnit = java.math.BigInteger.valueOf(switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        });
        return new java.math.BigInteger(m.group(1)).multiply(nanosPerUnit)
                .compareTo(java.math.BigInteger.valueOf(Long.MAX_VALUE)) <= 0;
    }

    /**
     * A SIMPLE_ONE_FOR_ONE template whose behaviour registers a name starts once: every later {@code startChild}
     * fails with {@code already_started}, as in OTP. Legal, so a warning, not an error.
     */
    private void warnIfRegistered(ExecutableElement m, TypeResolver resolver, Diagnostics d) {
        TypeName t;
        try {
            t = resolver.typeName(m.getReturnType());
        } catch (IllegalStateException unresolved) {
            return; // checkReturn reported it
        }
        String registered = t instanceof ClassName c ? children.registeredName(c) : "";
        if (!registered.isEmpty()) {
            d.warning(m, Messages.simpleOneRegisteredChild(signature(m), registered));
        }
    }

    private void checkReturn(ExecutableElement m, TypeResolver resolver, Diagnostics d, ClassName own,
                             String supervisor) {
        TypeName t;
        try {
            t = resolver.typeName(m.getReturnType());
        } catch (IllegalStateException unresolved) {
            d.error(m, Messages.childReturn(signature(m), m.getReturnType().toString()));
            return;
        }
        if (t.equals(own)) {
            // its start would start itself, without end: the starter's stack overflows (a new user's finding)
            d.error(m, Messages.childIsItsSupervisor(signature(m), own.simpleName(), supervisor));
            return;
        }
        Children.Known known = t instanceof ClassName c ? children.of(c) : null;
        ClassName client = t instanceof ClassName c
                ? ClassName.get(c.packageName(), String.join("_", c.simpleNames()) + "Ref") : null;
        if (known == null && client != null && children.of(client) != null) {
            // the behaviour's own class instead of its client: name the client
            d.error(m, Messages.childBehaviourClass(signature(m), simpleTypeName(m.getReturnType()),
                    client.simpleName()));
        } else if (known == null) {
            d.error(m, Messages.childReturn(signature(m), simpleTypeName(m.getReturnType())));
        } else if (!known.startsItself()) {
            d.error(m, Messages.childNoInit(signature(m), simpleTypeName(m.getReturnType())));
        }
    }
}
