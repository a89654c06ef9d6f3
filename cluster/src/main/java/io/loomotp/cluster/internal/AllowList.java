package io.loomotp.cluster.internal;

import io.loomotp.cluster.NodeDown;
import io.loomotp.cluster.NodeDownInfo;
import io.loomotp.cluster.NodeDownReason;
import io.loomotp.cluster.NodeUp;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.RegisteredName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The classes that may cross the wire, in either direction: DESIGN §7's allow-list. Checked by name before a class is
 * even loaded on the reading side, and by class on the writing side, so that nothing else is ever instantiated from
 * cluster input and nothing else leaves.
 *
 * <p>Built in: primitives and their boxes, strings, common immutable JDK values and collections, the runtime's signal
 * types, exit reasons and sys answers, pids, and the message types of every protocol the processor generated
 * (listed by it in {@value #PROTOCOLS} resources). Added by the user: the classes of {@code ClusterConfig.allow},
 * expanded as its Javadoc says. Immutable once built; safe from any thread.
 */
final class AllowList {
    private final Set<String> names;

    AllowList(Set<Class<?>> userClasses, List<Class<?>> runtimeClasses) {
        Set<String> n = new HashSet<>();
        for (Class<?> c : builtIns()) {
            n.add(c.getName());
        }
        for (Class<?> c : runtimeClasses) {
            n.add(c.getName());
        }
        n.addAll(generatedProtocols());
        for (Class<?> c : userClasses) {
            expand(c, n);
        }
        this.names = Set.copyOf(n);
    }

    /** Where the processor lists the message types of the protocols it generated, one binary name a line. */
    static final String PROTOCOLS = "META-INF/loomotp/protocols";

    /**
     * The message types of every generated protocol on the class path, read by name from each
     * {@value #PROTOCOLS} resource the processor wrote (io.loomotp.processor.writing.ProtocolIndex); nothing is loaded.
     */
    static Set<String> generatedProtocols() {
        Set<String> names = new HashSet<>();
        Set<URL> seen = new HashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader cl : new ClassLoader[] {context, AllowList.class.getClassLoader()}) {
            if (cl == null) {
                continue;
            }
            try {
                for (URL url : Collections.list(cl.getResources(PROTOCOLS))) {
                    if (!seen.add(url)) {
                        continue;
                    }
                    try (var in = url.openStream()) {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                .split("\n")) {
                            String t = line.strip();
                            if (!t.isEmpty() && !t.startsWith("#")) {
                                names.add(t);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the generated protocol lists " + PROTOCOLS, e);
            }
        }
        return names;
    }

    /** True if the named class may be read or written; array names ({@code [Lx;}) are judged by their element. */
    boolean allows(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims > 0) {
            String element = name.substring(dims);
            if (element.length() == 1) {
                return true; // an array of a primitive
            }
            if (element.startsWith("L") && element.endsWith(";")) {
                return allows(element.substring(1, element.length() - 1));
            }
            return false;
        }
        return names.contains(name);
    }

    boolean allows(Class<?> c) {
        if (c.isPrimitive()) {
            return true;
        }
        if (c.isArray()) {
            return allows(c.getComponentType());
        }
        if (c.isAnonymousClass() && c.getSuperclass() != null && c.getSuperclass().isEnum()) {
            return allows(c.getSuperclass()); // an enum constant with a body
        }
        return names.contains(c.getName());
    }

    private static void expand(Class<?> c, Set<String> out) {
        if (!out.add(c.getName())) {
            return;
        }
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                expand(sub, out);
            }
        }
        Class<?> dispatch = dispatchOf(c);
        if (dispatch != null) {
            for (Class<?> nested : dispatch.getDeclaredClasses()) {
                if (nested.isRecord() || nested.isEnum() || nested.isSealed()) {
                    expand(nested, out);
                }
            }
            // a behaviour's own nested data types: a state machine's states, which sys:get_state and replace_state
            // carry across with its data (a new user's finding: allowing the machine did not allow its states)
            for (Class<?> nested : c.getDeclaredClasses()) {
                if (nested.isRecord() || nested.isEnum() || nested.isSealed()) {
                    expand(nested, out);
                }
            }
        }
    }

    /** The generated {@code …_Dispatch} of a behaviour class, whose nested records are its protocol; or null. */
    private static Class<?> dispatchOf(Class<?> c) {
        try {
            return Class.forName(c.getName() + "_Dispatch", false, c.getClassLoader());
        } catch (ClassNotFoundException | LinkageError none) {
            return null;
        }
    }

    private static List<Class<?>> builtIns() {
        List<Class<?>> l = new ArrayList<>(List.of(
                String.class, Boolean.class, Byte.class, Short.class, Character.class, Integer.class, Long.class,
                Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class,
                java.time.Instant.class, java.time.Duration.class, java.time.LocalDate.class,
                java.time.LocalDateTime.class, java.time.LocalTime.class,
                ArrayList.class, LinkedList.class, ArrayDeque.class, HashMap.class, LinkedHashMap.class,
                TreeMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
                List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
                Set.of().getClass(), Set.of(1).getClass(), Set.of(1, 2, 3).getClass(),
                Map.of().getClass(), Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass(),
                Down.class, Exit.class, NodeUp.class, NodeDown.class, NodeDownInfo.class,
                NodeDownReason.class, MonitorRef.class, RegisteredName.class,
                io.loomotp.runtime.supervisor.FailedToStartChild.class,
                DistState.class, DistState.App.class, // distributed applications' controllers (docs/adr/0016)
                DistState.Stopped.class,
                io.loomotp.runtime.Alias.class, io.loomotp.runtime.remote.AliasMessage.class)); // process aliases
        for (Class<?> r : ExitReason.class.getPermittedSubclasses()) {
            l.add(r);
        }
        l.addAll(SysTypes.classes());
        return l;
    }
}
