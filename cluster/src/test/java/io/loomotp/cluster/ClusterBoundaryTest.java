package io.loomotp.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md §7's arrow: the cluster reaches the runtime only through its API and the qualified remote hook. */
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
}
