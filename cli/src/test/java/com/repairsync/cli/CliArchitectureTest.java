package com.repairsync.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI is built on the SDK as anyone would build on it: through its API, never its engine. */
class CliArchitectureTest {
    @Test
    void theCliUsesOnlyTheSdksApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.repairsync.client.internal..")
                .because("the SDK's module does not export its engine; on the class path this rule keeps it so")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.repairsync.cli"));
    }
}
