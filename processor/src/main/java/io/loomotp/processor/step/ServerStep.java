package io.loomotp.processor.step;

import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.TypeResolver;
import io.loomotp.processor.model.ServerModel;
import io.loomotp.processor.model.ServerModels;
import io.loomotp.processor.validation.ServerValidator;
import io.loomotp.processor.writing.DispatchWriter;
import io.loomotp.processor.writing.RefWriter;
import io.loomotp.processor.writing.ProtocolIndex;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/** The {@code @Server} step: a gen_server's client and its dispatch glue. */
public final class ServerStep extends BehaviourStep {
    private final ServerValidator validator;
    private final ServerModels models;

    public ServerStep(ProcessingEnvironment env, ProtocolIndex protocols) {
        super(env, Behaviour.SERVER, protocols);
        this.validator = new ServerValidator(elements);
        this.models = new ServerModels(elements);
    }

    @Override
    Diagnostics validate(TypeElement type, TypeResolver resolver) {
        return validator.validate(type);
    }

    @Override
    List<TypeSpec> generate(TypeElement type, TypeResolver resolver) {
        ServerModel model = models.build(type, resolver);
        return List.of(new DispatchWriter(model).write(), new RefWriter(model.client()).write());
    }
}
