package io.loomotp.processor.step;

import static io.loomotp.processor.base.Elements2.annotation;
import static io.loomotp.processor.base.Elements2.signature;

import io.loomotp.processor.base.Messages;
import io.loomotp.processor.validation.ServerValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reports handler annotations ({@code @Call}, {@code @Cast}, {@code @Info}, {@code @Init}, {@code @Terminate}) on
 * methods of a class that is no behaviour: they would silently do nothing.
 */
public final class OrphanStep implements Step {
    /** The class annotations under which handler annotations mean something. */
    private static final List<String> HOSTS = List.of(ServerValidator.SERVER, "io.loomotp.StateMachine");

    private final Messager messager;
    private final javax.lang.model.util.Elements elementUtils;

    public OrphanStep(ProcessingEnvironment env) {
        this.messager = env.getMessager();
        this.elementUtils = env.getElementUtils();
    }

    @Override
    public Set<String> annotations() {
        return Set.copyOf(ServerValidator.ROLES.values());
    }

    @Override
    public void process(RoundEnvironment round) {
        for (Map.Entry<String, String> role : ServerValidator.ROLES.entrySet()) {
            TypeElement annotationType = elementUtils.getTypeElement(role.getValue());
            if (annotationType == null) {
                continue;
            }
            for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotationType))) {
                Element owner = m.getEnclosingElement();
                if (HOSTS.stream().noneMatch(h -> annotation(owner, h).isPresent())) {
                    messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.notInBehaviour(role.getKey(),
                            signature(m), owner.getSimpleName().toString()), m);
                }
            }
        }
    }

    @Override
    public void finish() {}
}
