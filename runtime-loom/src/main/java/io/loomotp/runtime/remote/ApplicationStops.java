package io.loomotp.runtime.remote;

import io.loomotp.runtime.Node;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Which applications were stopped on request ({@code Applications.stop}) rather than ending on their own, so that the
 * cluster's distributed application controller, which sees only its application's top supervisor go, can tell the
 * two apart: OTP's {@code dist_ac} keeps an application stopped on request stopped on every node
 * ({@code dist_ac_app_stopped}), and starts one that ended on its own elsewhere. Not an API: exported to the cluster
 * module only.
 *
 * <p>Thread-safe: written by the stopping caller, read once by the controller.
 */
public final class ApplicationStops {
    private static final Map<Node, Set<String>> REQUESTED = new WeakHashMap<>();

    private ApplicationStops() {}

    /** For the runtime: {@code application} is being stopped on request, before its tree is stopped. */
    public static void requested(Node node, String application) {
        synchronized (REQUESTED) {
            REQUESTED.computeIfAbsent(node, n -> new HashSet<>()).add(application);
        }
    }

    /** For the runtime: {@code application} starts (again); an earlier request is over. */
    public static void started(Node node, String application) {
        take(node, application);
    }

    /** True, once, if {@code application}'s last end was a stop on request. */
    public static boolean take(Node node, String application) {
        synchronized (REQUESTED) {
            Set<String> s = REQUESTED.get(node);
            return s != null && s.remove(application);
        }
    }
}
