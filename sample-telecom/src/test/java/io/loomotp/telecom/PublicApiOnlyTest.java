package io.loomotp.telecom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The sample is built on Loom OTP's public API only, as a user's system would be (DESIGN.md §5). */
class PublicApiOnlyTest {
    private static final JavaClasses SAMPLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.loomotp.telecom");

    @Test
    void theSample_usesNoInternalPackage_andNoProcessorCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.loomotp.runtime.internal..",
                "io.loomotp.processor..").check(SAMPLE);
    }
}
