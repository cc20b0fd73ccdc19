package com.repairsync.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's packages depend inwards: HTTP on services, services on the store, never back. */
class ServerArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.repairsync.server");
    }

    @Test
    void storeKnowsNothingOfServicesOrTransport() {
        noClasses()
                .that()
                .resideInAPackage("..server.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "..server.http..",
                        "..server.sync..",
                        "..server.auth..",
                        "..server.realtime..",
                        "..server.console..",
                        "..server.files..",
                        "..server.history..",
                        "..server.erasure..",
                        "io.javalin..")
                .check(classes);
    }

    @Test
    void servicesDoNotDependOnTheWebFramework() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "..server.sync..",
                        "..server.auth..",
                        "..server.realtime..",
                        "..server.console..",
                        "..server.files..",
                        "..server.history..",
                        "..server.erasure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..server.http..", "io.javalin..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void onlyTheSqliteStoreTouchesSqlite() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..server.store.sqlite..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.sqlite..")
                .check(classes);
    }

    @Test
    void onlyThePostgresStoreTouchesPostgres() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..server.store.postgres..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.postgresql..")
                .check(classes);
    }

    /** One job per class: a main source past 400 lines, or a method past 60, usually holds two. */
    @Test
    void noMainSourceFileOrMethodOutgrowsOneJob() {
        com.repairsync.testkit.SourceLimits.assertOneJobPerClass();
    }
}
