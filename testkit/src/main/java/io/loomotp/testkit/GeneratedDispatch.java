package io.loomotp.testkit;

import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.statem.StateMachineCallbacks;
import java.lang.reflect.Field;

/** Finds the dispatch the processor generated for a behaviour class: {@code <Flat_Name>_Dispatch.INSTANCE}. */
final class GeneratedDispatch {
    private GeneratedDispatch() {}

    /** The dispatch of a {@code @Server}. */
    @SuppressWarnings("unchecked")
    static <S> ServerCallbacks<S> of(Class<S> type) {
        Object callbacks = instance(type, "@Server");
        if (!(callbacks instanceof ServerCallbacks<?>)) {
            throw new IllegalArgumentException(type.getName() + " is not a @Server: its dispatch is a state "
                    + "machine's; use StateMachineHarness");
        }
        return (ServerCallbacks<S>) callbacks;
    }

    /** The dispatch of a {@code @StateMachine}. */
    @SuppressWarnings("unchecked")
    static <D> StateMachineCallbacks<D> ofMachine(Class<D> type) {
        Object callbacks = instance(type, "@StateMachine");
        if (!(callbacks instanceof StateMachineCallbacks<?>)) {
            throw new IllegalArgumentException(type.getName() + " is not a @StateMachine: its dispatch is a "
                    + "server's; use ServerHarness");
        }
        return (StateMachineCallbacks<D>) callbacks;
    }

    private static Object instance(Class<?> type, String annotation) {
        String pkg = type.getPackageName();
        String flat = (pkg.isEmpty() ? type.getName() : type.getName().substring(pkg.length() + 1)).replace('$', '_');
        String name = (pkg.isEmpty() ? "" : pkg + ".") + flat + "_Dispatch";
        try {
            Class<?> dispatch = Class.forName(name, true, type.getClassLoader());
            Field instance = dispatch.getDeclaredField("INSTANCE");
            instance.setAccessible(true);
            return instance.get(null);
        } catch (ClassNotFoundException | NoSuchFieldException e) {
            throw new IllegalArgumentException("no generated dispatch " + name + " for " + type.getName()
                    + ": is it a " + annotation + ", and did the annotation processor run?", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read " + name + ".INSTANCE: on the module path, open "
                    + pkg + " to io.loomotp.testkit, or pass the dispatch to the harness's of(callbacks, ...)", e);
        }
    }
}
