package com.repairsync.protocol;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol is shared by the server and every client, so it performs no I/O and knows no server. */
class ArchitectureTest {
    private static JavaClasses protocol;

    private static final ArchRule NO_JDBC = noClasses()
            .that()
            .resideInAPackage("com.repairsync.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..")
            .because("the protocol performs no I/O");

    private static final ArchRule NO_NETWORK = noClasses()
            .that()
            .resideInAPackage("com.repairsync.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.net..", "java.net.http..")
            .because("the protocol performs no I/O");

    private static final ArchRule NO_FILES = noClasses()
            .that()
            .resideInAPackage("com.repairsync.protocol..")
            .should()
            .dependOnClassesThat(resideInAnyPackage("java.nio.file..")
                    .or(belongToAnyOf(File.class))
                    .as("are files or paths"))
            .because("the protocol performs no I/O");

    private static final ArchRule NO_WEB_FRAMEWORK = noClasses()
            .that()
            .resideInAPackage("com.repairsync.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.javalin..")
            .because("clients use the protocol without a web server");

    private static final ArchRule NO_SERVER = noClasses()
            .that()
            .resideInAPackage("com.repairsync.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.repairsync.server..")
            .because("the server depends on the protocol, never the other way round");

    @BeforeAll
    static void importProtocol() {
        // The rules look at the names of the classes the protocol uses; importing those classes
        // themselves (Jackson, the JDK) would only make the test slow.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        protocol = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.repairsync.protocol");
    }

    @AfterAll
    static void restoreConfiguration() {
        ArchConfiguration.get().reset();
    }

    @Test
    void importsTheProtocolClasses() {
        assertThat(protocol.contain(Hlc.class)).isTrue();
        assertThat(protocol.contain(com.repairsync.protocol.merge.Merge.class)).isTrue();
        assertThat(protocol.contain(com.repairsync.protocol.schema.Schema.class))
                .isTrue();
        assertThat(protocol.contain(Offender.class))
                .as("test classes are not checked")
                .isFalse();
    }

    @Test
    void noJdbc() {
        NO_JDBC.check(protocol);
    }

    @Test
    void noNetwork() {
        NO_NETWORK.check(protocol);
    }

    @Test
    void noFiles() {
        NO_FILES.check(protocol);
    }

    @Test
    void noWebFramework() {
        NO_WEB_FRAMEWORK.check(protocol);
    }

    @Test
    void noServer() {
        NO_SERVER.check(protocol);
    }

    /** The rules can fail: a class in the protocol package that does I/O breaks each of them. */
    @Test
    void rulesCatchAnOffender() {
        JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);

        assertThat(NO_JDBC.evaluate(offender).hasViolation()).isTrue();
        assertThat(NO_NETWORK.evaluate(offender).hasViolation()).isTrue();
        assertThat(NO_FILES.evaluate(offender).hasViolation()).isTrue();
        assertThat(NO_FILES.evaluate(new ClassFileImporter().importClasses(FileOnlyOffender.class))
                        .hasViolation())
                .isTrue();
    }

    @SuppressWarnings("unused")
    static final class Offender {
        Connection connection;
        URI uri;
        Path path;
    }

    @SuppressWarnings("unused")
    static final class FileOnlyOffender {
        File file;
    }
}
