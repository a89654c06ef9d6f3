package io.loomotp.runtime.internal;

import io.loomotp.runtime.inline.InlineMachine;
import io.loomotp.runtime.statem.StateMachineCallbacks;

/**
 * The door from the test kit's hook ({@code io.loomotp.runtime.inline}) to the state machine's generic part, which is
 * package-private in {@code io.loomotp.runtime.statem}: that package hands over a factory of its adapter when it is
 * loaded, as {@code Node} hands over its runtime to {@link Starts}. So the kit runs the runtime's own gen_statem
 * semantics, not a copy of them, and no public type grows for it.
 */
public final class InlineMachines {
    /** Makes the adapter the server loop would run, over a machine holding {@code data}. */
    public interface Factory {
        InlineMachine create(StateMachineCallbacks<?> callbacks, Object data, Object initialState);
    }

    private static volatile Factory factory;

    private InlineMachines() {}

    /** Called once, by the state machine adapter's static initializer. */
    public static void factory(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("the inline state machine factory is already set");
        }
        factory = f;
    }

    /** The adapter over {@code data}, through the factory the statem package handed over. */
    public static InlineMachine create(StateMachineCallbacks<?> callbacks, Object data, Object initialState) {
        if (factory == null) {
            try { // loading the adapter runs its static initializer, which sets the factory
                Class.forName("io.loomotp.runtime.statem.StateMachineBehaviour", true,
                        InlineMachines.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the state machine adapter is missing from the runtime", e);
            }
        }
        return factory.create(callbacks, data, initialState);
    }
}
