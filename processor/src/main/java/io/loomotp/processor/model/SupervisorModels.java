package io.loomotp.processor.model;

import static io.loomotp.processor.base.Elements2.annotation;

import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.Annotations;
import io.loomotp.processor.base.Elements2;
import io.loomotp.processor.base.Role;
import io.loomotp.processor.base.GeneratedNames;
import io.loomotp.processor.base.TypeResolver;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Builds the {@link SupervisorModel} of a {@code @Supervisor} declaration that its validator has passed. */
public final class SupervisorModels {
    private final Children children;

    public SupervisorModels(Children children) {
        this.children = children;
    }

    public SupervisorModel build(TypeElement type, TypeResolver resolver) {
        ClassName declaration = ClassName.get(type);
        AnnotationMirror ann = annotation(type, Annotations.SUPERVISOR).orElseThrow();
        String strategy = Elements2.value(ann, "strategy").map(v -> v.getValue().toString()).orElse("ONE_FOR_ONE");
        int intensity = Elements2.value(ann, "intensity").map(v -> (Integer) v.getValue()).orElse(1);
        String period = Elements2.value(ann, "period").map(v -> (String) v.getValue()).orElse("5s");
        String name = Elements2.value(ann, "name").map(v -> (String) v.getValue()).orElse("");
        String autoShutdown = Elements2.value(ann, "autoShutdown").map(v -> v.getValue().toString()).orElse("NEVER");
        List<SupervisorModel.ChildModel> kids = new ArrayList<>();
        for (ExecutableElement m : Role.methods(type, Role.CHILD)) {
            AnnotationMirror child = annotation(m, Annotations.CHILD).orElseThrow();
            String method = m.getSimpleName().toString();
            ClassName client = (ClassName) resolver.typeName(m.getReturnType());
            Children.Known known = children.of(client);
            boolean isSupervisor = known.kind() == Children.Kind.SUPERVISOR
                    || Elements2.value(child, "type").map(v -> v.getValue().toString().equals("SUPERVISOR"))
                            .orElse(false);
            List<Param> args = new ArrayList<>();
            for (VariableElement p : m.getParameters()) {
                args.add(new Param(p.getSimpleName().toString(), resolver.typeName(p.asType()), Param.Source.MESSAGE));
            }
            kids.add(new SupervisorModel.ChildModel(method,
                    Elements2.value(child, "id").map(v -> (String) v.getValue()).filter(s -> !s.isEmpty())
                            .orElse(method),
                    Elements2.value(child, "restart").map(v -> v.getValue().toString()).orElse("PERMANENT"),
                    Elements2.value(child, "shutdown").map(v -> (String) v.getValue()).orElse(""),
                    isSupervisor, known.kind(), known.kind() == Children.Kind.PID ? null : client,
                    known.instance(), List.copyOf(args),
                    Elements2.value(child, "significant").map(v -> (Boolean) v.getValue()).orElse(false)));
        }
        return new SupervisorModel(declaration, GeneratedNames.ref(declaration),
                GeneratedNames.supervisor(declaration), type.getModifiers().contains(Modifier.PUBLIC), strategy,
                intensity, period, autoShutdown, name, List.copyOf(kids));
    }
}
