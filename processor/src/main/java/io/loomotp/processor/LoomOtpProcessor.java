package io.loomotp.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.TypeResolver;
import io.loomotp.processor.step.OrphanStep;
import io.loomotp.processor.step.ServerStep;
import io.loomotp.processor.step.StateMachineStep;
import io.loomotp.processor.step.SupervisorStep;
import io.loomotp.processor.step.Step;
import io.loomotp.processor.writing.ProtocolIndex;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Loom OTP's annotation processor: generates, for each {@code @Server} and {@code @StateMachine} class, its typed
 * client ({@code …Ref}) and its dispatch glue with the sys hooks ({@code …_Dispatch}); for each {@code @Supervisor},
 * its callback module ({@code …Supervisor}) and its client.
 *
 * <p>Thin by design, as Dagger's is: each annotation family has a {@link Step}; validators produce reports, model
 * factories describe, writers only write. Nothing escapes {@link #process}: an internal failure is reported as an
 * error, anchored on the element being processed, never thrown at javac.
 */
@AutoService(Processor.class)
public final class LoomOtpProcessor extends AbstractProcessor {
    private List<Step> steps = List.of();
    private final ProtocolIndex protocols = new ProtocolIndex();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        steps = List.of(new ServerStep(env, protocols), new StateMachineStep(env, protocols), new SupervisorStep(env),
                new OrphanStep(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> all = new LinkedHashSet<>();
        for (Step s : steps) {
            all.addAll(s.annotations());
        }
        all.add(Annotations.GENERATED); // on our own output: nothing to do, but claimed, so that javac is quiet
        all.add(Annotations.IN_STATE); // read with the @Event or @Enter it qualifies; claimed for -Xlint -Werror
        return all;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeResolver resolver = null;
        try {
            List<ClassName> generated = new ArrayList<>();
            for (Step step : steps) {
                generated.addAll(step.willGenerate(round));
            }
            resolver = new TypeResolver(generated);
        } catch (Throwable t) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.internalError("round", t));
            return true;
        }
        for (Step step : steps) {
            try {
                if (round.processingOver()) {
                    step.finish();
                } else {
                    step.process(round, resolver);
                }
            } catch (Throwable t) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Messages.internalError(step.getClass().getSimpleName(), t));
            }
        }
        if (round.processingOver()) {
            try {
                protocols.write(processingEnv.getFiler());
            } catch (Throwable t) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Messages.internalError("protocol index", t));
            }
        }
        return true; // these annotations are ours alone
    }
}
