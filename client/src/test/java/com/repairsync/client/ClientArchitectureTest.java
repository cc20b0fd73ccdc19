package com.repairsync.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client SDK never imports the server, its transport knows nothing of the engine, and every
 * failure it reports shares one root.
 */
class ClientArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.repairsync.client");
    }

    @Test
    void theClientNeverImportsTheServer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.repairsync.server..", "io.javalin..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void theTransportDoesNotReachIntoTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("..client.transport..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..client.internal..", "..client.records..")
                .check(classes);
    }

    @Test
    void everyExceptionOfTheSdkHasTheOneRoot() {
        classes()
                .that()
                .areAssignableTo(RuntimeException.class)
                .and()
                .doNotHaveFullyQualifiedName(RepairSyncException.class.getName())
                .should()
                .beAssignableTo(RepairSyncException.class)
                .check(classes);
    }

    /** One job per class: a main source past 400 lines, or a method past 60, usually holds two. */
    @Test
    void noMainSourceFileOrMethodOutgrowsOneJob() {
        com.repairsync.testkit.SourceLimits.assertOneJobPerClass();
    }
}
