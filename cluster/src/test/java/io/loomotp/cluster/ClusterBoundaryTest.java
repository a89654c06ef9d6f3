package io.loomotp.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §7's arrow: the cluster reaches the runtime only through its API and the qualified remote hook; and it
 * exports its API, plus the network-fault hook to the cluster test kit alone.
 */
class ClusterBoundaryTest {
    private static final JavaClasses CLUSTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.loomotp.cluster");

    @Test
    void cluster_usesNoRuntimeInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.loomotp.runtime.internal..")
                .because("the runtime exports io.loomotp.runtime.remote to the cluster, and nothing internal")
                .check(CLUSTER);
    }

    @Test
    void publicApi_exposesNoNetworkOrSerializerType() {
        noClasses().that().resideInAPackage("io.loomotp.cluster").should().dependOnClassesThat()
                .resideInAnyPackage("org.jgroups..", "com.esotericsoftware..")
                .because("JGroups and Kryo are implementation choices (docs/adr), kept in cluster.internal")
                .check(CLUSTER);
    }

    @Test
    void faultHook_namesNoNetworkType_andReachesTheClusterThroughItsInternals() {
        noClasses().that().resideInAPackage("io.loomotp.cluster.fault").should().dependOnClassesThat()
                .resideInAnyPackage("org.jgroups..", "com.esotericsoftware..", "java.lang.reflect..")
                .because("the test kit's hook speaks of node names; the stack is changed in cluster.internal")
                .check(CLUSTER);
    }

    @Test
    void moduleInfo_exportsTheApi_andTheFaultHookToTheClusterTestKitOnly() throws Exception {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source))
                .containsExactly("io.loomotp.cluster");
        assertThat(module.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " to " + e.targets()))
                .containsExactly("io.loomotp.cluster.fault to [io.loomotp.testkit.cluster]");
    }
}
