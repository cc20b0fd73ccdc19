package com.repairsync.bench;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.repairsync.client.internal.BenchHook;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The bench measures the SDK through its API, and the engine's write and apply paths through the
 * one documented measuring hook, {@link BenchHook}; no other engine type.
 */
class BenchArchitectureTest {
    @Test
    void theBenchUsesTheSdksApiAndTheMeasuringHookOnly() {
        noClasses()
                .should()
                .dependOnClassesThat(
                        resideInAPackage("com.repairsync.client.internal..").and(not(belongToAnyOf(BenchHook.class))))
                .because("the SDK's module does not export its engine; BenchHook is the bench's one door")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.repairsync.bench"));
    }
}
