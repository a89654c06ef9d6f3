package io.loomotp.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.loomotp.runtime.Node;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random valid {@code @Server} and {@code @StateMachine} classes (the default package or a named one, nested up to two deep, class and handler
 * and parameter names close to the generated ones, varargs, records, enums, generic parameters): each must compile
 * with its generated code under {@code -Xlint:all -Werror}, and every call through the generated client must reach
 * its handler, started on a real node. QuickTheories draws the classes from a fixed seed ({@code -DQT_SEED=<n>} for
 * another) and shrinks a failing one towards fewer, simpler handlers, whose source the report shows.
 */
class GeneratedServerProperties {
    private static final long SEED = Long.getLong("QT_SEED", 20261201L);

    private static final List<String> CLASS_NAMES = List.of("S", "Server", "Ping", "Ref", "Dispatch", "Message");
    private static final List<String> HANDLER_NAMES = List.of("go", "ping", "callMessage", "castMessage", "instance",
            "message", "server", "dispatch", "handleCall", "options");
    private static final List<String> PARAM_NAMES = List.of("x", "pid", "timeout", "node", "factory", "options",
            "message", "state", "child", "from2");
    private static final List<String> TYPES = List.of("int", "String", "java.util.List<String>", "Rec", "Mode",
            "long...");

    /** One handler: a call (returns its name) or a cast (records its name), with parameters by type index. */
    record Handler(boolean call, int name, List<Integer> params) {}

    /**
     * One class: a server or a state machine (enum states, every event handled in every state, a call being an event
     * with a {@code ReplyTo}), where it is, what it is called, and its handlers.
     */
    record Spec(boolean machine, boolean defaultPackage, int nesting, int className, List<Handler> handlers) {
        String pkg() {
            return defaultPackage ? "" : "gen.p";
        }

        List<String> path() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < nesting; i++) {
                names.add("Outer" + i);
            }
            names.add(CLASS_NAMES.get(className));
            return names;
        }

        String handlerName(int i) {
            return HANDLER_NAMES.get(handlers.get(i).name()) + i;
        }

        /** A parameter's name: exactly one of the tricky names (pid, timeout, ...), numbered only if repeated. */
        String paramName(int handler, int j) {
            List<Integer> ps = handlers.get(handler).params();
            String base = PARAM_NAMES.get((ps.get(j) * 3 + j * 7 + handler) % PARAM_NAMES.size());
            for (int k = 0; k < j; k++) {
                if (PARAM_NAMES.get((ps.get(k) * 3 + k * 7 + handler) % PARAM_NAMES.size()).equals(base)) {
                    return base + j;
                }
            }
            return base;
        }

        String source() {
            StringBuilder b = new StringBuilder();
            if (!defaultPackage) {
                b.append("package gen.p;\n");
            }
            List<String> path = path();
            for (int i = 0; i < nesting; i++) {
                b.append(i == 0 ? "" : "static ").append("final class ").append(path.get(i)).append(" {\n");
            }
            String name = path.get(nesting);
            // qualified annotations: a class may be named like one of them (Server), as a user's may
            b.append(machine ? "@io.loomotp.StateMachine " : "@io.loomotp.Server ")
                    .append(nesting == 0 ? "" : "static ").append("final class ").append(name)
                    .append(" {\n  record Rec(int n) {}\n  enum Mode { A, B }\n  private String last = \"\";\n");
            if (machine) {
                b.append("  enum St { IDLE, BUSY }\n  @io.loomotp.Init St init() { return St.IDLE; }\n")
                        .append("  @io.loomotp.Event void lastCast(St state, io.loomotp.runtime.ReplyTo<String> r) ")
                        .append("{ r.reply(last); }\n");
            } else {
                b.append("  @io.loomotp.Call String lastCast() { return last; }\n");
            }
            for (int i = 0; i < handlers.size(); i++) {
                Handler h = handlers.get(i);
                if (machine) {
                    b.append("  @io.loomotp.Event void ").append(handlerName(i)).append("(St st")
                            .append(h.params().isEmpty() ? "" : ", ");
                } else {
                    b.append(h.call() ? "  @io.loomotp.Call String " : "  @io.loomotp.Cast void ")
                            .append(handlerName(i)).append('(');
                }
                List<Integer> ps = h.params();
                if (machine && h.call()) {
                    // the ReplyTo comes last, so no parameter before it may be varargs
                    ps = ps.stream().map(t -> TYPES.get(t).endsWith("...") ? 0 : t).toList();
                }
                for (int j = 0; j < ps.size(); j++) {
                    String type = TYPES.get(ps.get(j));
                    if (type.endsWith("...") && j < ps.size() - 1) {
                        type = "long[]";
                    }
                    b.append(j == 0 ? "" : ", ").append(type).append(' ').append(paramName(i, j));
                }
                if (machine && h.call()) {
                    b.append(", io.loomotp.runtime.ReplyTo<String> r) { r.reply(\"")
                            .append(handlerName(i)).append("\"); }\n");
                } else {
                    b.append(h.call() ? ") { return \"" : ") { last = \"").append(handlerName(i)).append("\"; }\n");
                }
            }
            b.append("}\n");
            b.append("}\n".repeat(nesting));
            return b.toString();
        }

        @Override
        public String toString() {
            return "\n" + source();
        }
    }

    @Test
    void everyValidBehaviour_compilesAndItsCallsReachTheirHandlers() {
        Gen<Handler> handler = Generate.booleans().zip(integers().between(0, HANDLER_NAMES.size() - 1),
                lists().of(integers().between(0, TYPES.size() - 1)).ofSizeBetween(0, 3), Handler::new);
        Gen<Spec> spec = Generate.booleans().zip(Generate.booleans(), integers().between(0, 2),
                integers().between(0, CLASS_NAMES.size() - 1), lists().of(handler).ofSizeBetween(1, 4), Spec::new);
        qt().withFixedSeed(SEED).withExamples(40).withShrinkCycles(100)
                .forAll(spec)
                .checkAssert(GeneratedServerProperties::compilesAndAnswers);
    }

    private static void compilesAndAnswers(Spec spec) {
        String top = spec.path().get(0);
        JavaFileObject source = JavaFileObjects.forSourceString(
                spec.defaultPackage() ? top : spec.pkg() + "." + top, spec.source());
        Compilation c = Compilations.compile(source);
        assertThat(c.status()).as("%s", c.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(c.warnings()).as("warnings").isEmpty();
        ClassLoader loader = new CompiledClasses(c);
        String prefix = spec.defaultPackage() ? "" : spec.pkg() + ".";
        try (Node node = Node.create("property")) {
            Class<?> ref = loader.loadClass(prefix + String.join("_", spec.path()) + "Ref");
            Class<?> server = loader.loadClass(prefix + String.join("$", spec.path()));
            Object client = accessible(ref.getMethod("start", Node.class)).invoke(null, node);
            for (int i = 0; i < spec.handlers().size(); i++) {
                Handler h = spec.handlers().get(i);
                Method m = method(ref, spec.handlerName(i), h.params().size());
                Object reply = m.invoke(client, arguments(m, server));
                if (h.call()) {
                    assertThat(reply).as("reply of %s", spec.handlerName(i)).isEqualTo(spec.handlerName(i));
                } else {
                    Object last = accessible(ref.getMethod("lastCast")).invoke(client);
                    assertThat(last).as("after cast %s", spec.handlerName(i)).isEqualTo(spec.handlerName(i));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("running the generated client failed", e);
        }
    }

    private static Method method(Class<?> ref, String name, int arity) {
        for (Method m : ref.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                return accessible(m);
            }
        }
        throw new AssertionError(ref.getSimpleName() + " has no " + name + " with " + arity + " parameters");
    }

    private static Method accessible(Method m) {
        m.setAccessible(true); // the generated client is package-private, like the class it serves
        return m;
    }

    /** A sample value per parameter type: the record and the enum are the server's own nested ones. */
    private static Object[] arguments(Method m, Class<?> server) throws ReflectiveOperationException {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == int.class) {
                args[i] = 1;
            } else if (t == String.class) {
                args[i] = "s";
            } else if (t == List.class) {
                args[i] = List.of("a");
            } else if (t == long[].class) {
                args[i] = new long[] {1L};
            } else if (t.isEnum()) {
                args[i] = t.getEnumConstants()[0];
            } else if (t.isRecord()) {
                Constructor<?> k = t.getDeclaredConstructor(int.class);
                k.setAccessible(true);
                args[i] = k.newInstance(1);
            } else {
                throw new AssertionError("no sample for " + t + " of " + server);
            }
        }
        return args;
    }
}
