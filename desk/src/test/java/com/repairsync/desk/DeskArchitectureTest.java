package com.repairsync.desk;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.repairsync.client.RepairSyncDevice;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The threading rule, held by the build: only {@code DeskBackend} opens or keeps the device, and
 * no desk code blocks on a backend result (which on the JavaFX thread would freeze the window).
 * With the runtime guard in {@code FxGuard}, an SDK or network call on the JavaFX thread fails.
 */
class DeskArchitectureTest {
    private static final JavaClasses DESK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.repairsync.desk");

    @Test
    void onlyTheBackendOpensTheDevice() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.repairsync.desk.backend..")
                .should()
                .callMethodWhere(target(nameMatching("open")).and(target(owner(assignableTo(RepairSyncDevice.class)))))
                .because("every SDK call goes through DeskBackend, off the JavaFX thread")
                .check(DESK);
    }

    @Test
    void onlyTheBackendKeepsTheDevice() {
        noFields()
                .that()
                .areDeclaredInClassesThat()
                .resideOutsideOfPackage("com.repairsync.desk.backend..")
                .should()
                .haveRawType(RepairSyncDevice.class)
                .because("screens get the device only inside a DeskBackend call, on its thread")
                .check(DESK);
    }

    @Test
    void nothingWaitsForABackendResult() {
        noClasses()
                .should()
                .callMethodWhere(target(nameMatching("get|join")).and(target(owner(assignableTo(Future.class)))))
                .because("screens react to results on the JavaFX thread; waiting would freeze the window")
                .check(DESK);
    }

    @Test
    void screensNeedOnlyTheSdksApi() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.repairsync.desk.backend..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.repairsync.server..",
                        "com.repairsync.client.internal..",
                        "com.repairsync.client.transport..")
                .because("the backend alone wraps the network (to guard it); screens see records and sync state")
                .check(DESK);
    }

    @Test
    void theDeskUsesOnlyTheSdksApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.repairsync.client.internal..")
                .because("the SDK's module does not export its engine; on the class path this rule keeps it so")
                .check(DESK);
    }

    @Test
    void theDeskNeverImportsTheServer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.repairsync.server..")
                .check(DESK);
    }
}
