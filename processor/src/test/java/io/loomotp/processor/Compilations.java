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

    /** A source in package {@code test}: line 1 the package, line 2 the imports, the body from line 3. */
    static JavaFileObject inTestPackage(String name, String imports, String... body) {
        String[] lines = new String[body.length + 2];
        lines[0] = "package test;";
        lines[1] = imports;
        System.arraycopy(body, 0, lines, 2, body.length);
        return source("test." + name, lines);
    }

    /**
     * The file fails to compile with exactly one error, which contains {@code text} and is on {@code line}: one
     * mistake is reported once, and nothing else (no second error from generated code) follows from it.
     */
    static void assertError(JavaFileObject file, String text, long line) {
        Compilation c = compile(file);
        com.google.testing.compile.CompilationSubject.assertThat(c).failed();
        com.google.testing.compile.CompilationSubject.assertThat(c).hadErrorContaining(text).inFile(file)
                .onLine(line);
        com.google.testing.compile.CompilationSubject.assertThat(c).hadErrorCount(1);
    }

    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac()
                .withProcessors(new LoomOtpProcessor())
                // -processing: a generated supervisor's @Inject is for Dagger, which is not on this processor path
                .withOptions("-Xlint:all,-processing", "-Werror")
                .compile(sources);
    }
}
