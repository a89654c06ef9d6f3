package io.loomotp.sys.jmx;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.server.ServerCallbacks;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator's pattern trace names, checked before it starts: a class that a behaviour runs, and a handler that
 * class has. A class no behaviour could run ({@code java.lang.String}) or a handler name it lacks would start a trace
 * that can never print a line, and it would replace the trace another operator had running.
 */
public final class PatternTargets {
    private PatternTargets() {}

    /**
     * Refuses a class no behaviour runs, or a handler it lacks (null for none), naming them as {@code behaviour} and
     * {@code handler} in the error: for a tool other than the CLI (the observer page).
     *
     * @throws IllegalArgumentException saying which, and what was expected
     */
    public static void check(Node node, Class<?> behaviour, String handler) {
        requireBehaviour(node, behaviour, "behaviour");
        if (handler != null) {
            requireHandler(behaviour, handler, "handler");
        }
    }

    /**
     * Refuses a handler name the class's generated dispatch does not have (a class without one is not checked): a
     * trace of it could never print a line.
     *
     * @throws IllegalArgumentException naming the handlers the class has
     */
    public static void checkHandler(Class<?> behaviour, String handler) {
        requireHandler(behaviour, handler, "handler");
    }

    /**
     * Refuses a class no behaviour runs: one with no generated dispatch (a {@code @Server} or {@code @StateMachine}
     * has one), no {@link ServerCallbacks}, and no live behaviour process of the node whose initial call it is.
     */
    static void requireBehaviour(Node node, Class<?> behaviour) {
        requireBehaviour(node, behaviour, "--behaviour");
    }

    /** As {@link #requireBehaviour(Node, Class)}, naming the option or parameter {@code as} in the error. */
    private static void requireBehaviour(Node node, Class<?> behaviour, String as) {
        if (dispatchOf(behaviour) != null || ServerCallbacks.class.isAssignableFrom(behaviour)) {
            return;
        }
        for (Pid p : node.processes()) {
            ProcessInfo i = node.info(p);
            if (i != null && i.behaviour() != null && behaviour.getName().equals(i.initialCall())) {
                return;
            }
        }
        throw new IllegalArgumentException(as + " " + behaviour.getName() + ": no behaviour runs that class "
                + "(expected the class of a @Server or @StateMachine, such as io.loomotp.telecom.Frequency, or the "
                + "initial call info shows for a process)");
    }

    /**
     * Refuses a handler the class's generated dispatch does not have. A class without one (a hand-written behaviour)
     * is not checked.
     */
    static void requireHandler(Class<?> behaviour, String handler) {
        requireHandler(behaviour, handler, "--handler");
    }

    /** As {@link #requireHandler(Class, String)}, naming the option or parameter {@code as} in the error. */
    private static void requireHandler(Class<?> behaviour, String handler, String as) {
        Class<?> dispatch = dispatchOf(behaviour);
        if (dispatch == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (Class<?> nested : dispatch.getDeclaredClasses()) {
            if (nested.isRecord()) {
                String n = nested.getSimpleName();
                names.add(Character.toLowerCase(n.charAt(0)) + n.substring(1));
            }
        }
        if (!names.contains(handler)) {
            names.sort(null);
            throw new IllegalArgumentException(as + " " + handler + ": " + behaviour.getSimpleName()
                    + " has no such handler (its handlers: " + String.join(", ", names) + ")");
        }
    }

    /** The processor's dispatch of a class ({@code Outer_Inner_Dispatch} beside it), or null if it has none. */
    private static Class<?> dispatchOf(Class<?> behaviour) {
        String pkg = behaviour.getPackageName();
        String simple = behaviour.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
        try {
            return Class.forName((pkg.isEmpty() ? "" : pkg + ".") + simple + "_Dispatch", false,
                    behaviour.getClassLoader());
        } catch (ClassNotFoundException | LinkageError none) {
            return null;
        }
    }
}
