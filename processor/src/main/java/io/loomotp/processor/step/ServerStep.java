package io.loomotp.processor.step;

import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.model.ServerModel;
import io.loomotp.processor.model.ServerModels;
import io.loomotp.processor.validation.ServerValidator;
import io.loomotp.processor.writing.DispatchWriter;
import io.loomotp.processor.writing.RefWriter;
import io.loomotp.processor.writing.Sources;
import java.io.IOException;
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
import javax.lang.model.type.TypeKind;
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
        for (TypeElement type : types) {
            Step.guarded(type, messager, () -> processOne(type));
        }
    }

    private void processOne(TypeElement type) throws IOException {
        if (unresolved(type) != null) {
            deferred.add(type.getQualifiedName().toString());
            return;
        }
        Diagnostics report = validator.validate(type);
        report.printTo(messager);
        if (!report.isClean()) {
            return;
        }
        ServerModel model = models.build(type);
        String pkg = model.server().packageName();
        Sources.write(pkg, new DispatchWriter(model).write().toBuilder().addOriginatingElement(type).build(), filer);
        Sources.write(pkg, new RefWriter(model).write().toBuilder().addOriginatingElement(type).build(), filer);
    }

    /** The first element of a server whose type the compiler could not resolve, or null. */
    private static Element unresolved(TypeElement type) {
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (Elements2.firstUnresolved(m) != null) {
                return m;
            }
        }
        for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (f.asType().getKind() == TypeKind.ERROR) {
                return f;
            }
        }
        return null;
    }

    @Override
    public void finish() {
        for (String name : deferred) {
            TypeElement type = elementUtils.getTypeElement(name);
            if (type == null) {
                continue;
            }
            Element e = unresolved(type);
            TypeMirror t = e instanceof ExecutableElement m ? Elements2.firstUnresolved(m) : e.asType();
            messager.printMessage(Diagnostic.Kind.ERROR, Messages.unresolved(e.getSimpleName().toString(),
                    String.valueOf(t)), e);
        }
        deferred.clear();
    }
}
