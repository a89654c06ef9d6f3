package io.loomotp.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §1's arrows for this module: the runtime never sees tracing-sys, the processor, the sample or the cluster
 * (nor JGroups), and its module descriptor exports only API packages, plus the distribution hook to the cluster only
 * and the inline-handler hook to the test kit only.
 */
class ModuleBoundaryTest {
    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.loomotp.runtime");

    @Test
    void runtime_doesNotDependOnTracingProcessorOrSample() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.loomotp.sys..", "io.loomotp.processor..", "io.loomotp.telecom..",
                        "com.palantir.javapoet..", "dagger..")
                .because("DESIGN.md §1: runtime-loom may depend on annotations and slf4j-api only")
                .check(RUNTIME);
    }

    @Test
    void runtime_doesNotDependOnClusterOrItsLibraries() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.loomotp.cluster..", "org.jgroups..", "com.esotericsoftware..")
                .because("DESIGN.md §7: runtime-loom never sees JGroups; the cluster reaches it through the "
                        + "qualified export io.loomotp.runtime.remote")
                .check(RUNTIME);
    }

    @Test
    void apiTypes_neverExposeInternalTypesInTheirSignatures() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : RUNTIME) {
            if (c.getPackageName().contains(".internal") || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaCodeUnit m : c.getCodeUnits()) {
                Set<JavaModifier> mods = m.getModifiers();
                if (!mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED)) {
                    continue;
                }
                List<JavaClass> types = new ArrayList<>(m.getRawParameterTypes());
                types.add(m.getRawReturnType());
                for (JavaClass t : types) {
                    if (t.getPackageName().startsWith("io.loomotp.runtime.internal")) {
                        leaks.add(m.getFullName() + " uses " + t.getName());
                    }
                }
            }
        }
        assertThat(leaks).as("public API signatures that expose internal types").isEmpty();
    }

    @Test
    void moduleInfo_exportsOnlyApiPackages() throws Exception {
        Path descriptor = Path.of("target/classes/module-info.class");
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(descriptor)) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> qualified = module.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " to " + e.targets()).collect(Collectors.toSet());
        assertThat(qualified).as("the only qualified exports are the hooks for distribution and the test kit's "
                + "synchronous harness").containsExactlyInAnyOrder("io.loomotp.runtime.remote to [io.loomotp.cluster]",
                "io.loomotp.runtime.inline to [io.loomotp.testkit]");
        assertThat(module.name()).isEqualTo("io.loomotp.runtime");
        assertThat(exported).containsExactlyInAnyOrder("io.loomotp.runtime", "io.loomotp.runtime.server",
                "io.loomotp.runtime.sys", "io.loomotp.runtime.report", "io.loomotp.runtime.statem",
                "io.loomotp.runtime.supervisor", "io.loomotp.runtime.event",
                "io.loomotp.runtime.application", "io.loomotp.runtime.proc", "io.loomotp.runtime.ets");
        assertThat(exported).noneMatch(p -> p.contains("internal"));
        assertThat(module.requires().stream().map(ModuleDescriptor.Requires::name))
                .containsExactlyInAnyOrder("java.base", "io.loomotp.annotations", "org.slf4j", "jakarta.inject");
        // read by a user's module through this one, for the @Inject of its generated supervisors
        assertThat(module.requires()).filteredOn(r -> r.name().equals("jakarta.inject")).singleElement()
                .satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }
}
