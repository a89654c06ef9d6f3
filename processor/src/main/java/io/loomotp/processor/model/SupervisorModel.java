package io.loomotp.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * Everything the writers need to know about one {@code @Supervisor} declaration.
 *
 * @param declaration the user's interface or abstract class
 * @param ref the generated client of the running supervisor
 * @param module the generated callback module, {@code <Name>Supervisor}
 * @param isPublic whether the declaration (and so what is generated) is public
 * @param strategy the constant name of the strategy
 * @param intensity restarts allowed within the period
 * @param period the period, as written ({@code 1h})
 * @param autoShutdown the constant name of its auto shutdown
 * @param defaultName the name from the annotation, or empty
 * @param children the children, in declaration (start) order
 */
public record SupervisorModel(ClassName declaration, ClassName ref, ClassName module, boolean isPublic,
                              String strategy, int intensity, String period, String autoShutdown,
                              String defaultName,
                              List<ChildModel> children) {

    public boolean isDynamic() {
        return strategy.equals("SIMPLE_ONE_FOR_ONE");
    }

    /**
     * One child.
     *
     * @param method the {@code @Child} method, also the client's method and the factory's name
     * @param id the child's id
     * @param restart the constant name of its restart type
     * @param shutdown its shutdown as written, or empty for the default of its type
     * @param supervisor whether it is a supervisor (for its type and default shutdown)
     * @param kind what starts it
     * @param client the client type the method returns; null for a {@code Pid} child
     * @param instance what its factory makes (a behaviour class, or a supervisor's module); null for a {@code Pid}
     * @param args the start arguments of a dynamic child
     * @param significant whether its end counts toward the supervisor's auto shutdown
     */
    public record ChildModel(String method, String id, String restart, String shutdown, boolean supervisor,
                             Children.Kind kind, ClassName client, ClassName instance, List<Param> args,
                             boolean significant) {

        /** A nested factory interface is generated when the factory takes arguments or starts a {@code Pid}. */
        public boolean needsFactoryInterface() {
            return kind == Children.Kind.PID || !args.isEmpty();
        }

        /** The name of that interface: {@code PhoneFactory}, or {@code OverloadStart} for a {@code Pid} child. */
        public String factoryInterface() {
            String cap = Character.toUpperCase(method.charAt(0)) + method.substring(1);
            return cap + (kind == Children.Kind.PID ? "Start" : "Factory");
        }

        /** The type of the start arguments' list elements, for the casts in the start function. */
        public List<TypeName> argTypes() {
            return args.stream().map(Param::type).toList();
        }
    }
}
