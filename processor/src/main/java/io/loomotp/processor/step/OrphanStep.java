package io.loomotp.processor.step;

import static io.loomotp.processor.base.Elements2.annotation;
import static io.loomotp.processor.base.Elements2.signature;

import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.TypeResolver;
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
import javax.tools.Diagnostic;

/**
 * Reports handler annotations where they would silently do nothing: on a method of a class that is no behaviour, or of
 * a behaviour they are not for ({@code @Call} in a state machine, {@code @Event} in a server).
 */
public final class OrphanStep implements Step {
    static final String SERVER = "io.loomotp.Server";
    static final String STATE_MACHINE = "io.loomotp.StateMachine";
    static final String SUPERVISOR = "io.loomotp.Supervisor";

    /** Each handler annotation, and the class annotations it belongs under. */
    private static final Map<String, List<String>> HOSTS = Map.of(
            "Call", List.of(SERVER), "Cast", List.of(SERVER),
            "Event", List.of(STATE_MACHINE), "Enter", List.of(STATE_MACHINE), "InState", List.of(STATE_MACHINE),
            "Info", List.of(SERVER, STATE_MACHINE), "Continue", List.of(SERVER),
            "Init", List.of(SERVER, STATE_MACHINE), "Terminate", List.of(SERVER, STATE_MACHINE),
            "Child", List.of(SUPERVISOR));

    private final Messager messager;
    private final javax.lang.model.util.Elements elementUtils;

    public OrphanStep(ProcessingEnvironment env) {
        this.messager = env.getMessager();
        this.elementUtils = env.getElementUtils();
    }

    @Override
    public Set<String> annotations() {
        return Set.copyOf(HOSTS.keySet().stream().map(r -> "io.loomotp." + r).toList());
    }

    @Override
    public void process(RoundEnvironment round, TypeResolver resolver) {
        for (Map.Entry<String, List<String>> role : HOSTS.entrySet()) {
            TypeElement annotationType = elementUtils.getTypeElement("io.loomotp." + role.getKey());
            if (annotationType == null) {
                continue;
            }
            for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotationType))) {
                check(role.getKey(), role.getValue(), m);
            }
        }
    }

    private void check(String role, List<String> hosts, ExecutableElement m) {
        Element owner = m.getEnclosingElement();
        if (hosts.stream().anyMatch(h -> annotation(owner, h).isPresent())) {
            return;
        }
        String name = owner.getSimpleName().toString();
        String message;
        if (annotation(owner, SERVER).isPresent()) {
            message = Messages.wrongRole(role, signature(m), "server", "@Call or @Cast");
        } else if (annotation(owner, STATE_MACHINE).isPresent()) {
            message = Messages.wrongRole(role, signature(m), "state machine", role.equals("Continue")
                    ? "an @Info method, and insert its event with Transition.nextEvent"
                    : "@Event (with a ReplyTo parameter for an event the caller waits on)");
        } else {
            message = Messages.notInBehaviour(role, signature(m), name, hosts.size() == 2
                    ? "@Server or @StateMachine" : "@" + hosts.get(0).substring("io.loomotp.".length()));
        }
        messager.printMessage(Diagnostic.Kind.ERROR, message, m);
    }

    @Override
    public List<com.palantir.javapoet.ClassName> willGenerate(RoundEnvironment round) {
        return List.of();
    }

    @Override
    public void finish() {}
}
