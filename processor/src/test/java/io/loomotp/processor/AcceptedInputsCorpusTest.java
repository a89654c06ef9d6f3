package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systematic guard behind "accepted input always compiles": each file of {@code src/test/resources/corpus} is a
 * class the processor accepts, chosen where generated code is easy to get wrong (the default package, nesting,
 * varargs, records, enums, generic and deferred replies, names close to the generated ones, a constructor that
 * throws). Its generated code must compile under {@code -Xlint:all -Werror}: no error and no warning from a generated
 * file. A new shape that once broke goes here.
 */
class AcceptedInputsCorpusTest {
    private static final Path DIR = Path.of(System.getProperty("corpus.dir", "src/test/resources/corpus"));

    @ParameterizedTest
    @ValueSource(strings = {"Counter", "Names", "Ping", "Outer", "Pool", "Checked", "Kids", "Clashes", "Phone",
        "Suppressed"})
    void generatedCode_compilesWithoutWarnings(String name) throws IOException {
        String text = Files.readString(DIR.resolve(name + ".java"));
        String pkg = text.startsWith("package ") ? text.substring(8, text.indexOf(';')) + "." : "";
        JavaFileObject input = JavaFileObjects.forSourceString(pkg + name, text);
        Compilation c = Compilations.compile(input);
        assertThat(c).succeededWithoutWarnings();
    }
}
