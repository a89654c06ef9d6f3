package io.loomotp.processor.step;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.TypeResolver;
import io.loomotp.processor.model.Children;
import io.loomotp.processor.model.SupervisorModel;
import io.loomotp.processor.model.SupervisorModels;
import io.loomotp.processor.validation.SupervisorValidator;
import io.loomotp.processor.writing.SupervisorWriter;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;

/** The {@code @Supervisor} step: a supervisor's callback module ({@code …Supervisor}) and its client. */
public final class SupervisorStep extends BehaviourStep {
    private final Children children;
    private final SupervisorValidator validator;
    private final SupervisorModels models;

    public SupervisorStep(ProcessingEnvironment env) {
        super(env, Behaviour.SUPERVISOR);
        this.children = new Children(env.getElementUtils());
        this.validator = new SupervisorValidator(children);
        this.models = new SupervisorModels(children);
    }

    @Override
    List<ClassName> generatedFor(ClassName type) {
        return List.of(GeneratedNames.ref(type), GeneratedNames.supervisor(type));
    }

    @Override
    void beginRound(RoundEnvironment round, TypeResolver resolver) {
        children.learn(round);
    }

    @Override
    Diagnostics validate(TypeElement type, TypeResolver resolver) {
        return validator.validate(type, resolver);
    }

    @Override
    List<TypeSpec> generate(TypeElement type, TypeResolver resolver) {
        SupervisorModel model = models.build(type, resolver);
        SupervisorWriter writer = new SupervisorWriter(model);
        return List.of(writer.module(), writer.client());
    }
}
