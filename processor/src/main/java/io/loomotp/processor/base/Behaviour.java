package io.loomotp.processor.base;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * The behaviours a class annotation declares, and how diagnostics name each: a message about a state machine says
 * "state machine", never "server". Owns the mapping from class annotation to behaviour; {@link Role} owns the
 * mapping from method annotation to role.
 */
public enum Behaviour {
    SERVER("Server", Annotations.SERVER, "server"),
    STATE_MACHINE("StateMachine", Annotations.STATE_MACHINE, "state machine"),
    SUPERVISOR("Supervisor", Annotations.SUPERVISOR, "supervisor");

    private final String simpleName;
    private final String annotation;
    private final String noun;

    Behaviour(String simpleName, String annotation, String noun) {
        this.simpleName = simpleName;
        this.annotation = annotation;
        this.noun = noun;
    }

    /** The annotation's simple name, as messages write it after {@code @}: {@code StateMachine}. */
    public String simpleName() {
        return simpleName;
    }

    /** The annotation's qualified name. */
    public String annotation() {
        return annotation;
    }

    /** How prose names it: {@code state machine}. */
    public String noun() {
        return noun;
    }

    /** The behaviours declared on an element, in declaration order of this enum; more than one is an error. */
    public static List<Behaviour> on(Element e) {
        List<Behaviour> found = new ArrayList<>();
        for (Behaviour b : values()) {
            if (Elements2.annotation(e, b.annotation).isPresent()) {
                found.add(b);
            }
        }
        return found;
    }
}
