package io.loomotp.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md §1: generated code uses only the runtime's exported API, never its internal package. */
class GeneratedCodeBoundaryTest {
    private static final JavaClasses USER_CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.loomotp.it");

    @Test
    void generatedCode_usesOnlyTheExportedRuntimeApi() {
        noClasses().that().areAnnotatedWith("io.loomotp.Generated")
                .or().areNestedClasses()
                .should().dependOnClassesThat().resideInAPackage("io.loomotp.runtime.internal..")
                .because("generated code must compile in a user's module, which sees only exported packages")
                .check(USER_CODE);
    }
}
