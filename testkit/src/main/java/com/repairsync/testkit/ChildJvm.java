package com.repairsync.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<String> command = java();
        command.addAll(
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.sqlite.tmpdir=" + nativeDir));
        command.addAll(List.of(flags));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return command;
    }
}
