package io.loomotp.processor.base;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * What a method of a behaviour is, by its annotation: the one decision that the validators, the model builders and
 * the orphan check share. The order of the constants is the order in which a clash between two roles names them.
 */
public enum Role {
    CALL("Call", EnumSet.of(Behaviour.SERVER)),
    CAST("Cast", EnumSet.of(Behaviour.SERVER)),
    EVENT("Event", EnumSet.of(Behaviour.STATE_MACHINE)),
    ENTER("Enter", EnumSet.of(Behaviour.STATE_MACHINE)),
    INFO("Info", EnumSet.of(Behaviour.SERVER, Behaviour.STATE_MACHINE)),
    CONTINUE("Continue", EnumSet.of(Behaviour.SERVER)),
    INIT("Init", EnumSet.of(Behaviour.SERVER, Behaviour.STATE_MACHINE)),
    TERMINATE("Terminate", EnumSet.of(Behaviour.SERVER, Behaviour.STATE_MACHINE)),
    CHILD("Child", EnumSet.of(Behaviour.SUPERVISOR));

    private final String simpleName;
    private final Set<Behaviour> hosts;

    Role(String simpleName, Set<Behaviour> hosts) {
        this.simpleName = simpleName;
        this.hosts = hosts;
    }

    /** The annotation's simple name, as messages write it after {@code @}: {@code Call}. */
    public String simpleName() {
        return simpleName;
    }

    /** The annotation's qualified name. */
    public String annotation() {
        return Annotations.PACKAGE + "." + simpleName;
    }

    /** The behaviours whose classes this role's methods belong to. */
    public Set<Behaviour> hosts() {
        return hosts;
    }

    /** True if a method of this role belongs in a class of behaviour {@code b}. */
    public boolean isFor(Behaviour b) {
        return hosts.contains(b);
    }

    /** Every role annotation on {@code e}, in this enum's order. */
    public static List<Role> on(Element e) {
        List<Role> found = new ArrayList<>();
        for (Role r : values()) {
            if (Elements2.annotation(e, r.annotation()).isPresent()) {
                found.add(r);
            }
        }
        return found;
    }

    /** The methods of {@code type} that have role {@code r}, in declaration order. */
    public static List<ExecutableElement> methods(TypeElement type, Role r) {
        return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                .filter(m -> Elements2.annotation(m, r.annotation()).isPresent()).toList();
    }

    /** The roles of {@code e} that behaviour {@code b} handles, in this enum's order. */
    public static List<Role> on(Element e, Behaviour b) {
        return on(e).stream().filter(r -> r.isFor(b)).toList();
    }
}
