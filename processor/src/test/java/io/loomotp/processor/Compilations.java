package io.loomotp.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Compiles sources with the processor, against the test class path (annotations and runtime), as a user's build does. */
final class Compilations {
    private Compilations() {}

    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac()
                .withProcessors(new LoomOtpProcessor())
                .withOptions("-Xlint:all", "-Werror")
                .compile(sources);
    }
}
