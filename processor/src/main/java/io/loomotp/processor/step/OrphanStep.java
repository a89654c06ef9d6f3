package io.loomotp.processor.step;

import static io.loomotp.processor.base.Elements2.signature;

import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.Role;
import io.loomotp.processor.base.TypeResolver;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Reports handler annotations where they would silently do nothing: on a method of a class that is no behaviour, or of
 * a behaviour they are not for ({@code @Call} in a state machine, {@code @Event} in a server).
 */
public final class OrphanStep implements Step {
    private final Messager messager;
    private final javax.lang.model.util.Elements elementUtils;

    public OrphanStep(ProcessingEnvironment env) {
        this.messager = env.getMessager();
        this.elementUtils = env.getElementUtils();
    }

    @Override
    public Set<String> annotations() {
        return Arrays.stream(Role.values()).map(Role::annotation).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void process(RoundEnvironment round, TypeResolver resolver) {
        for (Role role : Role.values()) {
            TypeElement annotationType = elementUtils.getTypeElement(role.annotation());
            if (annotationType == null) {
                continue;
            }
            for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotationType))) {
                check(role, m);
            }
        }
    }

    private void check(Role role, ExecutableElement m) {
        Element owner = m.getEnclosingElement();
        List<Behaviour> behaviours = Behaviour.on(owner);
        if (behaviours.stream().anyMatch(role::isFor)) {
            return;
        }
        String r = role.simpleName();
        String name = owner.getSimpleName().toString();
        String message;
        if (behaviours.contains(Behaviour.SERVER)) {
            message = Messages.wrongRole(r, signature(m), Behaviour.SERVER.noun(), switch (role) {
                case ENTER -> "@Init for what runs when the server starts, or @Continue for work after a handler "
                        + "(a server has no states to enter)";
                case EVENT -> "@Call for a request the caller waits on, @Cast for one it does not, @Info for any "
                        + "other message";
                default -> "@Call or @Cast";
            });
        } else if (behaviours.contains(Behaviour.STATE_MACHINE)) {
            message = Messages.wrongRole(r, signature(m), Behaviour.STATE_MACHINE.noun(), role == Role.CONTINUE
                    ? "an @Info method, and insert its event with Transition.nextEvent"
                    : "@Event (with a ReplyTo parameter for an event the caller waits on)");
        } else if (behaviours.contains(Behaviour.SUPERVISOR)) {
            message = Messages.wrongRole(r, signature(m), Behaviour.SUPERVISOR.noun(),
                    "@Child, and put the handler in the child's own @Server or @StateMachine class");
        } else if (role != Role.CHILD && (owner.getKind() == ElementKind.INTERFACE
                || owner.getKind() == ElementKind.CLASS && owner.getModifiers().contains(Modifier.ABSTRACT))) {
            message = Messages.inheritedHandler(r, signature(m), name, owner.getKind() == ElementKind.INTERFACE);
        } else {
            message = Messages.notInBehaviour(r, signature(m), name, String.join(" or ",
                    role.hosts().stream().map(h -> "@" + h.simpleName()).toList()));
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
