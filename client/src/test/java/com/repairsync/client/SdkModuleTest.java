package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's module exports its API packages and nothing else, and nothing a caller can reach in
 * them names an engine type: no public or protected constructor, method, field, superclass or
 * interface of an exported type mentions {@code com.repairsync.client.internal}.
 */
class SdkModuleTest {
    static final Set<String> API =
            Set.of("com.repairsync.client", "com.repairsync.client.records", "com.repairsync.client.transport");

    @Test
    void theModuleExportsTheApiPackagesOnly() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.name()).isEqualTo("com.repairsync.client");
        assertThat(module.exports()).allSatisfy(export -> assertThat(export.isQualified())
                .as("export of %s", export.source())
                .isFalse());
        assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrderElementsOf(API);
        assertThat(module.packages()).contains("com.repairsync.client.internal");
        assertThat(module.opens()).allSatisfy(opens -> assertThat(opens.targets())
                .as("%s opened only to Jackson", opens.source())
                .containsExactly("com.fasterxml.jackson.databind"));
    }

    @Test
    void noExportedSignatureNamesAnEngineType() {
        JavaClasses sdk = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.repairsync.client");
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : sdk) {
            if (!API.contains(type.getPackageName()) || !reachable(type.getModifiers())) {
                continue;
            }
            Stream.concat(type.getRawSuperclass().stream(), type.getRawInterfaces().stream())
                    .filter(SdkModuleTest::engine)
                    .forEach(parent -> leaks.add(type.getName() + " extends " + parent.getName()));
            for (JavaCodeUnit code : type.getCodeUnits()) {
                if (reachable(code.getModifiers())) {
                    Stream.concat(code.getRawParameterTypes().stream(), Stream.of(code.getRawReturnType()))
                            .filter(SdkModuleTest::engine)
                            .forEach(used -> leaks.add(code.getFullName() + " uses " + used.getName()));
                }
            }
            for (JavaField field : type.getFields()) {
                if (reachable(field.getModifiers()) && engine(field.getRawType())) {
                    leaks.add(
                            field.getFullName() + " is a " + field.getRawType().getName());
                }
            }
        }
        assertThat(leaks).as("engine types in the exported API").isEmpty();
    }

    @Test
    void everyPackageOfTheSdkIsExportedOrIsTheEngine() {
        Set<String> packages = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.repairsync.client")
                        .stream()
                        .map(JavaClass::getPackageName)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(packages)
                .containsExactlyInAnyOrder(
                        "com.repairsync.client",
                        "com.repairsync.client.records",
                        "com.repairsync.client.transport",
                        "com.repairsync.client.internal");
    }

    private static boolean reachable(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean engine(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return base.getPackageName().startsWith("com.repairsync.client.internal");
    }
}
