package io.loomotp.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Editing a server and rebuilding without a clean, as Maven's incremental build does: the second javac run reuses the
 * class and generated-source directories of the first, and must regenerate cleanly, adding and removing handlers.
 */
class IncrementalCompilationTest {

    private static final String V1 = """
            package inc;
            import io.loomotp.*;
            @Server
            public class Counter {
                int n;
                @Call int get() { return n; }
                @Cast void add(int k) { n += k; }
            }
            """;

    private static final String V2 = """
            package inc;
            import io.loomotp.*;
            @Server
            public class Counter {
                int n;
                @Call int get() { return n; }
                @Cast void reset() { n = 0; }
            }
            """;

    @Test
    void editThenRebuild_regeneratesCleanly(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src/inc/Counter.java");
        Path classes = dir.resolve("classes");
        Path generated = dir.resolve("generated");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.createDirectories(generated);

        Files.writeString(src, V1);
        assertThat(compile(src, classes, generated)).isEmpty();
        Path ref = generated.resolve("inc/CounterRef.java");
        assertThat(Files.readString(ref)).contains("public void add(int k)");

        Files.writeString(src, V2);
        assertThat(compile(src, classes, generated)).isEmpty();
        assertThat(Files.readString(ref)).contains("public void reset()").doesNotContain("add(");
    }

    /** Compiles with the processor; returns the diagnostics, empty when clean. */
    private static String compile(Path source, Path classes, Path generated) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            String classpath = System.getProperty("java.class.path") + File.pathSeparator + classes;
            JavaCompiler.CompilationTask task = javac.getTask(out, files, null,
                    List.of("-d", classes.toString(), "-s", generated.toString(), "-classpath", classpath,
                            "-proc:full", "-Xlint:all,-processing", "-Werror"),
                    null, files.getJavaFileObjects(source.toFile()));
            task.setProcessors(List.of(new LoomOtpProcessor()));
            boolean ok = task.call();
            return ok ? out.toString().strip() : "FAILED: " + out;
        }
    }
}
