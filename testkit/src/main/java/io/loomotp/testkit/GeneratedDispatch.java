package io.loomotp.testkit;

import io.loomotp.runtime.server.ServerCallbacks;
import java.lang.reflect.Field;

/** Finds the dispatch the processor generated for a behaviour class: {@code <Flat_Name>_Dispatch.INSTANCE}. */
final class GeneratedDispatch {
    private GeneratedDispatch() {}

    @SuppressWarnings("unchecked")
    static <S> ServerCallbacks<S> of(Class<S> type) {
        String pkg = type.getPackageName();
        String flat = (pkg.isEmpty() ? type.getName() : type.getName().substring(pkg.length() + 1)).replace('$', '_');
        String name = (pkg.isEmpty() ? "" : pkg + ".") + flat + "_Dispatch";
        try {
            Class<?> dispatch = Class.forName(name, true, type.getClassLoader());
            Field instance = dispatch.getDeclaredField("INSTANCE");
            instance.setAccessible(true);
            Object callbacks = instance.get(null);
            if (!(callbacks instanceof ServerCallbacks<?>)) {
                throw new IllegalArgumentException(name + " is not a server's dispatch: " + type.getName()
                        + " is not a @Server (a state machine has no synchronous harness yet)");
            }
            return (ServerCallbacks<S>) callbacks;
        } catch (ClassNotFoundException | NoSuchFieldException e) {
            throw new IllegalArgumentException("no generated dispatch " + name + " for " + type.getName()
                    + ": is it a @Server, and did the annotation processor run?", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read " + name + ".INSTANCE: on the module path, open "
                    + pkg + " to io.loomotp.testkit, or pass the dispatch with ServerHarness.of(callbacks, server)", e);
        }
    }
}
