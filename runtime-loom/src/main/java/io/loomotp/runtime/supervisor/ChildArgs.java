package io.loomotp.runtime.supervisor;

import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The check a generated {@code SIMPLE_ONE_FOR_ONE} supervisor makes of {@code startChild}'s arguments before it starts
 * anything: as many as its child method takes, each of its type. A mismatch fails that {@code startChild} with an
 * {@link IllegalArgumentException} naming the method and the arguments (the caller gets a
 * {@code StartFailedException}), where OTP's {@code apply} of the wrong arity fails with {@code undef}; no process is
 * started, so no crash report is written.
 */
public final class ChildArgs {
    private ChildArgs() {}

    /**
     * Returns {@code args} if they fit {@code types} (primitive types take their boxes, and no null).
     *
     * @param child the child method, as the user declared it: {@code "phone(String number)"}
     */
    public static List<Object> check(String child, List<Object> args, Class<?>... types) {
        if (args.size() != types.length) {
            throw new IllegalArgumentException(child + " takes " + types.length + " start argument"
                    + (types.length == 1 ? "" : "s") + ", but startChild gave " + args.size() + ": " + args);
        }
        for (int i = 0; i < types.length; i++) {
            Object a = args.get(i);
            Class<?> t = types[i];
            Class<?> box = t.isPrimitive() ? MethodType.methodType(t).wrap().returnType() : t;
            if (a == null ? t.isPrimitive() : !box.isInstance(a)) {
                throw new IllegalArgumentException("start argument " + (i + 1) + " of " + child + " must be "
                        + (t.isPrimitive() ? "a non-null " : "a ") + box.getSimpleName() + ", but startChild gave "
                        + (a == null ? "null" : a.getClass().getSimpleName() + " " + a));
            }
        }
        return args;
    }
}
