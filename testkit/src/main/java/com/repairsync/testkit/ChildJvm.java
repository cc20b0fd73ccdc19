package com.repairsync.testkit;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The command line of a short-lived child JVM for tests that kill and restart real processes:
 * this JVM's {@code java}, native access on JDK 24+ (sqlite-jdbc), a small serial-GC heap, quick
 * start-up, and SQLite's native library unpacked into a folder of the test's own.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java} and the flags every child needs, before its own flags and main class. */
    public static List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        return command;
    }

    /** A child on this JVM's class path: add flags, then the main class and its arguments. */
    public static List<String> onClassPath(Path nativeDir, String... flags) {
        return onClassPath(System.getProperty("java.class.path"), nativeDir, flags);
    }

    /** A child on the given class path: add flags, then the main class and its arguments. */
    public static List<String> onClassPath(String classPath, Path nativeDir, String... flags) {
        List<String> command = java();
        command.addAll(
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.sqlite.tmpdir=" + nativeDir));
        command.addAll(List.of(flags));
        command.add("-cp");
        command.add(classPath);
        return command;
    }

    /**
     * This JVM's class path without its folders, if each of {@code needed} comes from a jar (as in a
     * Maven build past {@code package}); empty if one comes from a folder (as in an IDE). A child on
     * jars alone can use a class-data-sharing archive, which a folder on the class path rules out.
     */
    public static Optional<String> jarsOnly(Class<?>... needed) {
        if (!Arrays.stream(needed).allMatch(ChildJvm::fromJar)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Files.isDirectory(Path.of(entry)))
                .collect(Collectors.joining(File.pathSeparator)));
    }

    private static boolean fromJar(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        try {
            return source != null
                    && Files.isRegularFile(Path.of(source.getLocation().toURI()))
                    && source.getLocation().getPath().endsWith(".jar");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
