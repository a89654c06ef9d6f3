package io.loomotp.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's split of the processor, as Dagger's: steps use everything; validators and models never write; writers
 * see only models (and the names in base); base sees nothing. And DESIGN.md §1: the processor never loads the runtime.
 */
class ProcessorLayeringTest {
    private static final JavaClasses PROCESSOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.loomotp.processor");

    @Test
    void writers_seeOnlyModelsAndNames() {
        noClasses().that().resideInAPackage("..processor.writing..")
                .should().dependOnClassesThat().resideInAnyPackage("..processor.step..", "..processor.validation..")
                .check(PROCESSOR);
    }

    @Test
    void validatorsAndModels_neverWrite() {
        noClasses().that().resideInAnyPackage("..processor.validation..", "..processor.model..")
                .should().dependOnClassesThat().resideInAnyPackage("..processor.writing..", "..processor.step..")
                .check(PROCESSOR);
    }

    @Test
    void base_dependsOnNoOtherLayer() {
        noClasses().that().resideInAPackage("..processor.base..")
                .should().dependOnClassesThat().resideInAnyPackage("..processor.step..", "..processor.validation..",
                        "..processor.model..", "..processor.writing..")
                .check(PROCESSOR);
    }

    @Test
    void processor_neverLoadsTheRuntime() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.loomotp.runtime..")
                .because("generated code names runtime types; the processor itself must run without the runtime")
                .check(PROCESSOR);
    }
}
