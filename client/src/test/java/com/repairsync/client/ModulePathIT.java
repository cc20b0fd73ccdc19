package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application module built on the SDK's jar, on the module path as a modular app ships it:
 * it compiles against the exported API, cannot compile against the engine, and runs a device in
 * its own JVM that joins a real server, writes a typed record (encrypted store, Flyway
 * migrations, SQLite's native library, all through the module system) and syncs it.
 */
class ModulePathIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static final String MODULE = "module shop.app { requires com.repairsync.client; }\n";

    private static final String APP = """
            package shop.app;

            import com.repairsync.client.DeviceKeys;
            import com.repairsync.client.DeviceOptions;
            import com.repairsync.client.RepairSyncDevice;
            import com.repairsync.client.records.NewCustomer;
            import java.nio.file.Path;

            public final class Main {
                /** Joins the shop at args[0] as args[1]/args[2], the device's files in args[3]. */
                public static void main(String[] args) {
                    Path folder = Path.of(args[3]);
                    DeviceOptions options = DeviceOptions.defaults()
                            .withAutoSync(false)
                            .withKeys(DeviceKeys.inFolder(folder.resolve("keys")));
                    try (RepairSyncDevice device = RepairSyncDevice.open(folder.resolve("device.db"), args[0], options)) {
                        device.join(args[1], args[2], "module-path tablet");
                        String id = device.customers().create(new NewCustomer("Grace").lastName("Hopper"));
                        device.syncNow();
                        System.out.println("module=" + RepairSyncDevice.class.getModule().getName()
                                + " customer=" + id
                                + " pending=" + device.syncState().pendingCount()
                                + " failed=" + device.syncState().failedCount());
                    }
                }
            }
            """;

    private static final String REACHES_IN = """
            package shop.app;

            public final class ReachesIn {
                Object core = com.repairsync.client.internal.DeviceCore.class;
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aDeviceRunsOnTheModulePathAndItsEngineStaysSealed() throws Exception {
        String modulePath = sdkModulePath();
        Path classes = dir.resolve("app-classes");

        List<String> refused = compile(modulePath, classes, MODULE, REACHES_IN);
        assertThat(refused).as("an app module naming the engine").anySatisfy(error -> assertThat(error)
                .contains("com.repairsync.client.internal"));

        assertThat(compile(modulePath, classes, MODULE, APP))
                .as("the app against the API")
                .isEmpty();

        Shop shop = server.createShop();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=org.xerial.sqlitejdbc");
        }
        command.addAll(List.of(
                "--module-path",
                classes + java.io.File.pathSeparator + modulePath,
                "--module",
                "shop.app/shop.app.Main",
                server.server().url(),
                shop.adminEmail(),
                TestServer.PASSWORD,
                dir.resolve("tablet").toString()));
        Process app = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("app.log").toFile())
                .start();
        assertThat(app.waitFor(120, TimeUnit.SECONDS)).as("the app finished").isTrue();
        String output = Files.readString(dir.resolve("app.log"));
        assertThat(app.exitValue()).as(output).isZero();
        assertThat(output).contains("module=com.repairsync.client", "pending=0", "failed=0");

        String id = output.replaceAll("(?s).*customer=(\\S+).*", "$1");
        var customer = shop.adminDevice("checker").pullAll(0).record("customers", id);
        assertThat(customer).as("the server holds the app's customer").isNotNull();
        assertThat(customer.toString()).contains("Hopper");
    }

    /** The SDK's jar and its runtime dependencies, as Maven resolved them for this build. */
    private static String sdkModulePath() throws IOException {
        Path target = Path.of("target");
        Path sdkJar;
        try (Stream<Path> files = Files.list(target)) {
            sdkJar = files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("repairsync-client-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no SDK jar in target/: run after package"));
        }
        String dependencies = Files.readString(target.resolve("sdk-runtime-path.txt"), StandardCharsets.UTF_8)
                .trim();
        return sdkJar.toAbsolutePath() + java.io.File.pathSeparator + dependencies;
    }

    /** Compiles the module's sources into {@code classes}; returns the compiler's errors. */
    private static List<String> compile(String modulePath, Path classes, String... sources) throws IOException {
        Path sourceDir = Files.createTempDirectory("module-path-app");
        List<Path> files = new ArrayList<>();
        for (String source : sources) {
            String name = source.startsWith("module")
                    ? "module-info.java"
                    : source.replaceAll("(?s).*public final class (\\w+).*", "$1") + ".java";
            Path file = sourceDir.resolve(name.equals("module-info.java") ? name : "shop/app/" + name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            files.add(file);
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        try (StandardJavaFileManager manager = javac.getStandardFileManager(problems, Locale.ROOT, null)) {
            javac.getTask(
                            null,
                            manager,
                            problems,
                            List.of("--module-path", modulePath, "-d", classes.toString()),
                            null,
                            manager.getJavaFileObjectsFromPaths(files))
                    .call();
        }
        return problems.getDiagnostics().stream()
                .filter(problem -> problem.getKind() == Diagnostic.Kind.ERROR)
                .map(problem -> problem.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }
}
