package io.loomotp.processor.step;

import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.TypeResolver;
import io.loomotp.processor.writing.ProtocolIndex;
import io.loomotp.processor.writing.Sources;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * What the step of every behaviour annotation ({@code @Server}, {@code @StateMachine}) does: for each annotated class,
 * validate it whole, then (only if the report is clean) build its model and write its {@code …Ref} and
 * {@code …_Dispatch}. A class whose signatures mention types the compiler cannot resolve yet (types another processor
 * will generate) is put off to the next round, and reported only at the end.
 */
abstract class BehaviourStep implements Step {
    protected final Elements2 elements;
    private final Messager messager;
    private final Filer filer;
    private final javax.lang.model.util.Elements elementUtils;
    private final Behaviour behaviour;
    private final String annotation;
    private final Set<String> deferred = new LinkedHashSet<>();
    private final ProtocolIndex protocols;
    /** What this step has written in this compilation, by qualified name, and for which class: to name a clash. */
    private final java.util.Map<String, String> written = new java.util.HashMap<>();

    /** A step that generates no protocol (a supervisor's callback module has none). */
    BehaviourStep(ProcessingEnvironment env, Behaviour behaviour) {
        this(env, behaviour, null);
    }

    /** A step whose dispatch classes' message types go into {@code protocols}. */
    BehaviourStep(ProcessingEnvironment env, Behaviour behaviour, ProtocolIndex protocols) {
        this.protocols = protocols;
        this.elements = new Elements2(env);
        this.messager = env.getMessager();
        this.filer = env.getFiler();
        this.elementUtils = env.getElementUtils();
        this.behaviour = behaviour;
        this.annotation = behaviour.annotation();
    }

    /** Checks one class whole. */
    abstract Diagnostics validate(TypeElement type, TypeResolver resolver);

    /** The files for a class its validator passed: its dispatch, then its client. */
    abstract List<TypeSpec> generate(TypeElement type, TypeResolver resolver);

    /** The classes generated for one annotated class: its client and its dispatch, unless a step says otherwise. */
    List<ClassName> generatedFor(ClassName type) {
        return List.of(GeneratedNames.ref(type), GeneratedNames.dispatch(type));
    }

    /** Called at the start of each round, before any class of it is validated. */
    void beginRound(RoundEnvironment round, TypeResolver resolver) {}

    @Override
    public final Set<String> annotations() {
        return Set.of(annotation);
    }

    /** This round's classes: the annotated ones and those put off from earlier rounds. */
    private Set<TypeElement> types(RoundEnvironment round) {
        Set<TypeElement> types = new LinkedHashSet<>();
        for (String name : deferred) {
            TypeElement t = elementUtils.getTypeElement(name);
            if (t != null) {
                types.add(t);
            }
        }
        TypeElement annotationType = elementUtils.getTypeElement(annotation);
        if (annotationType != null) {
            types.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(annotationType)));
        }
        return types;
    }

    @Override
    public final List<ClassName> willGenerate(RoundEnvironment round) {
        List<ClassName> generated = new ArrayList<>();
        for (TypeElement type : types(round)) {
            generated.addAll(generatedFor(ClassName.get(type)));
        }
        return generated;
    }

    @Override
    public final void process(RoundEnvironment round, TypeResolver resolver) {
        Set<TypeElement> types = types(round);
        deferred.clear();
        beginRound(round, resolver);
        for (TypeElement type : types) {
            Step.guarded(type, messager, () -> processOne(type, resolver));
        }
    }

    private void processOne(TypeElement type, TypeResolver resolver) throws IOException {
        resolver = resolver.in(ClassName.get(type).packageName());
        if (unresolved(type, resolver) != null) {
            deferred.add(type.getQualifiedName().toString());
            return;
        }
        Diagnostics report = validate(type, resolver);
        checkNoBehaviourSuperclass(type, report);
        if (report.isClean()) {
            checkGeneratedNamesFree(type, report);
        }
        report.printTo(messager);
        if (!report.isClean()) {
            return;
        }
        String pkg = ClassName.get(type).packageName();
        ClassName dispatch = GeneratedNames.dispatch(ClassName.get(type));
        for (TypeSpec spec : generate(type, resolver)) {
            if (protocols != null && spec.name().equals(dispatch.simpleName())) {
                protocols.add(dispatch, spec);
            }
            String qualified = pkg.isEmpty() ? spec.name() : pkg + "." + spec.name();
            String mine = type.getQualifiedName().toString();
            String other = written.putIfAbsent(qualified, mine);
            try {
                if (other != null && !other.equals(mine)) {
                    throw new javax.annotation.processing.FilerException(qualified); // not asked of the Filer twice
                }
                Sources.write(pkg, spec.toBuilder().addOriginatingElement(type).build(), filer);
            } catch (javax.annotation.processing.FilerException taken) {
                // written in this compilation for another class whose name flattens the same (Foo.Bar and Foo_Bar)
                messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.generatedNameFlattened(spec.name(),
                        pkg.isEmpty() ? "the default package" : "package '" + pkg + "'", mine,
                        other != null && !other.equals(mine) ? "'" + other + "'" : "another behaviour class"), type);
                return;
            }
        }
    }

    /**
     * A behaviour class that extends another behaviour class would silently lose its parent's handlers: they are
     * read from the class itself, and the parent's generated protocol is its own.
     */
    private void checkNoBehaviourSuperclass(TypeElement type, Diagnostics report) {
        for (javax.lang.model.type.TypeMirror t = type.getSuperclass();
                t.getKind() == javax.lang.model.type.TypeKind.DECLARED; ) {
            TypeElement parent = (TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement();
            if (!Behaviour.on(parent).isEmpty()) {
                report.error(type, Messages.behaviourSuperclass(type.getSimpleName().toString(),
                        parent.getSimpleName().toString(), Behaviour.on(parent).getFirst().simpleName()));
                return;
            }
            t = parent.getSuperclass();
        }
    }

    /**
     * Reports a class of the user's that has the name of a class this step generates for {@code type}: the Filer
     * would refuse to create it. A class carrying {@code @Generated} is this processor's own output of an earlier
     * compilation, which is written anew.
     */
    private void checkGeneratedNamesFree(TypeElement type, Diagnostics report) {
        for (ClassName generated : generatedFor(ClassName.get(type))) {
            TypeElement existing = elementUtils.getTypeElement(generated.canonicalName());
            if (existing != null && Elements2.annotation(existing, Annotations.GENERATED).isEmpty()) {
                String pkg = generated.packageName().isEmpty() ? "the default package"
                        : "package '" + generated.packageName() + "'";
                report.error(type, Messages.generatedNameTaken(generated.simpleName(), pkg,
                        type.getSimpleName().toString(), behaviour.simpleName()));
            }
        }
    }

    /**
     * The first element of a class whose type the compiler could not resolve and that is not a class a step is about
     * to generate, or null.
     */
    private static Element unresolved(TypeElement type, TypeResolver resolver) {
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (!resolver.isResolvable(m.getReturnType())) {
                return m;
            }
            for (VariableElement p : m.getParameters()) {
                if (!resolver.isResolvable(p.asType())) {
                    return m;
                }
            }
        }
        for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (!resolver.isResolvable(f.asType())) {
                return f;
            }
        }
        return null;
    }

    @Override
    public final void finish() {
        TypeResolver nothingPending = new TypeResolver(List.of());
        for (String name : deferred) {
            TypeElement type = elementUtils.getTypeElement(name);
            if (type == null) {
                continue;
            }
            Element e = unresolved(type, nothingPending);
            TypeMirror t = e instanceof ExecutableElement m ? Elements2.firstUnresolved(m) : e.asType();
            messager.printMessage(Diagnostic.Kind.ERROR, Messages.unresolved(e.getSimpleName().toString(),
                    String.valueOf(t)), e);
        }
        deferred.clear();
    }
}
