package io.loomotp.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import io.loomotp.processor.writing.ProtocolIndex;
import java.io.IOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The list of generated message types the processor writes for the cluster's allow-list ({@link ProtocolIndex}):
 * every message record and protocol interface of every server and state machine of a compilation, by binary name.
 */
class ProtocolIndexTest {

    private static List<String> listed(Compilation c) throws IOException {
        JavaFileObject f = c.generatedFile(StandardLocation.CLASS_OUTPUT, ProtocolIndex.RESOURCE).orElseThrow();
        return f.getCharContent(true).toString().lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void write_serverAndStateMachine_listsTheirMessageTypesByBinaryName() throws IOException {
        JavaFileObject counter = Compilations.inTestPackage("Counter", "import io.loomotp.*;",
                "@Server",
                "public class Counter {",
                "  int n;",
                "  @Call int get() { return n; }",
                "  @Cast void add(int k) { n += k; }",
                "  public static final class Inner {",
                "    @Server public static final class Nested { @Cast void ping() {} }",
                "  }",
                "}");
        Compilation c = Compilations.compile(counter);
        com.google.testing.compile.CompilationSubject.assertThat(c).succeeded();
        assertThat(listed(c)).contains("test.Counter_Dispatch$Get", "test.Counter_Dispatch$Add",
                "test.Counter_Dispatch$CallMessage", "test.Counter_Dispatch$CastMessage",
                "test.Counter_Inner_Nested_Dispatch$Ping").isSorted();
    }

    @Test
    void write_noBehaviour_noList() {
        Compilation c = Compilations.compile(Compilations.inTestPackage("Plain", "", "public class Plain {}"));
        com.google.testing.compile.CompilationSubject.assertThat(c).succeeded();
        assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, ProtocolIndex.RESOURCE)).isEmpty();
    }
}
