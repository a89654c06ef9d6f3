package io.loomotp.processor.step;

import io.loomotp.processor.base.Diagnostics;
import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.TypeResolver;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.model.ServerModel;
import io.loomotp.processor.model.ServerModels;
import io.loomotp.processor.validation.ServerValidator;
import io.loomotp.processor.writing.DispatchWriter;
import io.loomotp.processor.writing.RefWriter;
import io.loomotp.processor.writing.Sources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
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
 * The {@code @Server} step: for each annotated class, validate it whole, then (only if the report is clean) build its
 * model and write its {@code …Ref} and {@code …_Dispatch}. A class whose signatures mention types the compiler cannot
 * resolve yet (types another processor will generate) is put off to the next round, and reported only at the end.
 */
public final class ServerStep implements Step {
    private final Elements2 elements;
    private final Messager messager;
    private final Filer filer;
    private final ServerValidator validator;
    private final ServerModels models;
    private final javax.lang.model.util.Elements elementUtils;
    private final Set<String> deferred = new LinkedHashSet<>();

    public ServerStep(ProcessingEnvironment env) {
        this.elements = new Elements2(env);
        this.messager = env.getMessager();
        this.filer = env.getFiler();
        this.validator = new ServerValidator(elements);
        this.models = new ServerModels(elements);
        this.elementUtils = env.getElementUtils();
    }

    @Override
    public Set<String> annotations() {
        return Set.of(ServerValidator.SERVER);
    }

    @Override
    public void process(RoundEnvironment round) {
        Set<TypeElement> types = new LinkedHashSet<>();
        for (String name : deferred) {
            TypeElement t = elementUtils.getTypeElement(name);
            if (t != null) {
                types.add(t);
            }
        }
        deferred.clear();
        TypeElement serverAnnotation = elementUtils.getTypeElement(ServerValidator.SERVER);
        if (serverAnnotation != null) {
            types.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(serverAnnotation)));
        }
        List<ClassName> generated = new ArrayList<>();
        for (TypeElement type : types) {
            ClassName c = ClassName.get(type);
            generated.add(GeneratedNames.ref(c));
            generated.add(GeneratedNames.dispatch(c));
        }
        TypeResolver resolver = new TypeResolver(generated);
        for (TypeElement type : types) {
            Step.guarded(type, messager, () -> processOne(type, resolver));
        }
    }

    private void processOne(TypeElement type, TypeResolver resolver) throws IOException {
        if (unresolved(type, resolver) != null) {
            deferred.add(type.getQualifiedName().toString());
            return;
        }
        Diagnostics report = validator.validate(type);
        report.printTo(messager);
        if (!report.isClean()) {
            return;
        }
        ServerModel model = models.build(type, resolver);
        String pkg = model.server().packageName();
        Sources.write(pkg, new DispatchWriter(model).write().toBuilder().addOriginatingElement(type).build(), filer);
        Sources.write(pkg, new RefWriter(model).write().toBuilder().addOriginatingElement(type).build(), filer);
    }

    /**
     * The first element of a server whose type the compiler could not resolve and that is not a class this step is
     * about to generate, or null.
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
    public void finish() {
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
