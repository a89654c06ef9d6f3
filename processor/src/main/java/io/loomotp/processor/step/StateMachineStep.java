package io.loomotp.processor.step;

import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.TypeResolver;
import io.loomotp.processor.model.StateMachineModel;
import io.loomotp.processor.model.StateMachineModels;
import io.loomotp.processor.validation.StateMachineValidator;
import io.loomotp.processor.writing.RefWriter;
import io.loomotp.processor.writing.StateMachineDispatchWriter;
import io.loomotp.processor.writing.ProtocolIndex;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/** The {@code @StateMachine} step: a gen_statem's client (one method per event) and its dispatch glue. */
public final class StateMachineStep extends BehaviourStep {
    private final StateMachineValidator validator;
    private final StateMachineModels models;

    public StateMachineStep(ProcessingEnvironment env, ProtocolIndex protocols) {
        super(env, Behaviour.STATE_MACHINE, protocols);
        this.validator = new StateMachineValidator(elements);
        this.models = new StateMachineModels(elements);
    }

    @Override
    Diagnostics validate(TypeElement type, TypeResolver resolver) {
        return validator.validate(type);
    }

    @Override
    List<TypeSpec> generate(TypeElement type, TypeResolver resolver) {
        StateMachineModel model = models.build(type, resolver);
        return List.of(new StateMachineDispatchWriter(model).write(), new RefWriter(model.client()).write());
    }
}
