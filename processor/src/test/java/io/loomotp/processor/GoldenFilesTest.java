package io.loomotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated sources of a representative server and state machine, compared with golden files in {@code src/test/resources/golden}.
 * To accept a change in the generated code, rerun with {@code -Dgolden.update=true} and review the diff:
 *
 * <pre>./mvnw -pl processor test -Dtest=GoldenFilesTest -Dgolden.update=true</pre>
 */
class GoldenFilesTest {
    private static final Path DIR = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));

    @ParameterizedTest
    @ValueSource(strings = {"FrequencyRef", "Frequency_Dispatch"})
    void frequencyServer(String generated) throws IOException {
        check("Frequency", generated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CoffeeRef", "Coffee_Dispatch"})
    void coffeeStateMachine(String generated) throws IOException {
        check("Coffee", generated);
    }

    /** A deferred reply (ReplyTo), a @Continue, and a bounded mailbox with REJECT. */
    @ParameterizedTest
    @ValueSource(strings = {"JobsRef", "Jobs_Dispatch"})
    void jobsServer(String generated) throws IOException {
        check("Jobs", generated);
    }

    /** Enum states with @InState, an enter call, unhandled = LOG, and a bounded mailbox with DROP_OLDEST. */
    @ParameterizedTest
    @ValueSource(strings = {"SwitchRef", "Switch_Dispatch"})
    void switchStateMachine(String generated) throws IOException {
        check("Switch", generated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bsc_TopRef", "Bsc_TopSupervisor", "Bsc_PhonesRef", "Bsc_PhonesSupervisor"})
    void supervisors(String generated) throws IOException {
        check("Bsc", generated);
    }

    private static void check(String source, String generated) throws IOException {
        JavaFileObject input = JavaFileObjects.forSourceString("io.loomotp.golden." + source,
                Files.readString(DIR.resolve(source + ".java.txt")));
        Compilation c = Compilations.compile(input);
        assertThat(c).succeededWithoutWarnings();
        String actual = c.generatedSourceFile("io.loomotp.golden." + generated).orElseThrow()
                .getCharContent(true).toString();
        Path golden = DIR.resolve(generated + ".java.golden");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("generated %s; rerun with -Dgolden.update=true to accept a change", generated)
                .isEqualTo(Files.readString(golden));
    }
}
