package io.loomotp.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The classes a compilation wrote, loaded from memory over the test class path (runtime and annotations), so that a
 * test can run the generated code on a real node.
 */
final class CompiledClasses extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    CompiledClasses(Compilation c) {
        super(CompiledClasses.class.getClassLoader());
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() == JavaFileObject.Kind.CLASS) {
                String path = f.toUri().getPath();
                String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                        path.length() - ".class".length()).replace('/', '.');
                classes.put(name, f);
            }
        }
    }

    /** Runs the compiled class's {@code static Object run(Node)} on a fresh node of that name, and answers its result. */
    static Object run(Compilation c, String className, String nodeName) throws Exception {
        try (io.loomotp.runtime.Node node = io.loomotp.runtime.Node.create(nodeName)) {
            return new CompiledClasses(c).loadClass(className).getMethod("run", io.loomotp.runtime.Node.class)
                    .invoke(null, node);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JavaFileObject f = classes.get(name);
        if (f == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = f.openInputStream()) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
