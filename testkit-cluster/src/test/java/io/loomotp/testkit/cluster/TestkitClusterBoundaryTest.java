package io.loomotp.testkit.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §1's arrows for the two kits: {@code testkit} stays on runtime-loom and JUnit's API (never the cluster,
 * JGroups or Kryo), and {@code testkit-cluster} reaches the runtime and the cluster through their APIs, and the
 * cluster's fault hook, only.
 */
class TestkitClusterBoundaryTest {
    private static final JavaClasses KITS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.loomotp.testkit");

    @Test
    void testkit_doesNotDependOnTheClusterOrItsLibraries() {
        noClasses().that().resideInAPackage("io.loomotp.testkit").should().dependOnClassesThat()
                .resideInAnyPackage("io.loomotp.cluster..", "org.jgroups..", "com.esotericsoftware..",
                        "io.loomotp.testkit.cluster..")
                .because("loomotp-testkit depends on runtime-loom and JUnit Jupiter's API only; multi-node tests "
                        + "are loomotp-testkit-cluster's")
                .check(KITS);
    }

    @Test
    void testkitCluster_usesNoInternals() {
        noClasses().that().resideInAPackage("io.loomotp.testkit.cluster").should().dependOnClassesThat()
                .resideInAnyPackage("io.loomotp.runtime.internal..", "io.loomotp.runtime.remote..",
                        "io.loomotp.runtime.inline..", "io.loomotp.cluster.internal..")
                .because("the cluster kit is built on the runtime's and the cluster's APIs, and the fault hook the "
                        + "cluster exports to it alone (io.loomotp.cluster.fault)")
                .check(KITS);
    }

    @Test
    void testkitCluster_makesPartitionsThroughTheClustersHook_notTheNetworkLibrary() {
        noClasses().that().resideInAPackage("io.loomotp.testkit.cluster").should().dependOnClassesThat()
                .resideInAnyPackage("org.jgroups..", "java.lang.reflect..")
                .because("a netsplit is made through io.loomotp.cluster.fault.NetworkFaults; the kit neither names "
                        + "the network library nor reaches into the cluster by reflection")
                .check(KITS);
    }
}
