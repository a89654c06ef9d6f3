package io.loomotp.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The list of every generated protocol's message types, written as the resource {@value #RESOURCE} next to the
 * classes: one binary class name a line ({@code shop.Frequency_Dispatch$Allocate}). The cluster module reads every
 * such resource on its class path and allows those classes on the wire, so a user never lists a behaviour's messages
 * by hand; the generated code itself needs nothing of the cluster.
 *
 * <p>It collects over every round and writes once, when processing is over. An earlier build's list in the same class
 * output is kept (an incremental build compiles only some behaviours), except the entries of the behaviours generated
 * now, which are replaced: a handler removed since is no longer listed.
 */
public final class ProtocolIndex {
    /** Where the list goes: the same path in every jar, found with {@code ClassLoader.getResources}. */
    public static final String RESOURCE = "META-INF/loomotp/protocols";

    private final Set<String> names = new TreeSet<>();
    private final Set<String> regenerated = new TreeSet<>();

    /** Records the nested message types (records, enums, sealed interfaces) of a generated dispatch class. */
    public void add(ClassName dispatch, TypeSpec spec) {
        String binary = dispatch.reflectionName();
        regenerated.add(binary);
        collect(binary, spec);
    }

    private void collect(String outer, TypeSpec spec) {
        for (TypeSpec nested : spec.typeSpecs()) {
            String name = outer + "$" + nested.name();
            if (nested.kind() == TypeSpec.Kind.RECORD || nested.kind() == TypeSpec.Kind.ENUM
                    || nested.kind() == TypeSpec.Kind.INTERFACE) {
                names.add(name);
            }
            collect(name, nested);
        }
    }

    /** Writes the list, merged with an earlier build's; does nothing if no behaviour was generated. */
    public void write(Filer filer) throws IOException {
        if (regenerated.isEmpty()) {
            return;
        }
        Set<String> all = new TreeSet<>(names);
        for (String earlier : earlier(filer)) {
            int dollar = earlier.indexOf('$');
            if (!regenerated.contains(dollar < 0 ? earlier : earlier.substring(0, dollar))) {
                all.add(earlier);
            }
        }
        FileObject f = filer.createResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE);
        try (Writer w = f.openWriter()) {
            w.write("# Message types of generated protocols (io.loomotp.processor); the cluster allows them\n");
            for (String n : all) {
                w.write(n);
                w.write('\n');
            }
        }
        regenerated.clear();
        names.clear();
    }

    private static List<String> earlier(Filer filer) {
        List<String> lines = new ArrayList<>();
        try {
            FileObject f = filer.getResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE);
            try (Reader r = f.openReader(true); BufferedReader b = new BufferedReader(r)) {
                for (String line; (line = b.readLine()) != null; ) {
                    String t = line.strip();
                    if (!t.isEmpty() && !t.startsWith("#")) {
                        lines.add(t);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException none) {
            // no earlier list: a clean build
        }
        return lines;
    }
}
