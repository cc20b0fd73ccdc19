package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step-by-step example at the top of docs/client.md compiles against the SDK as it is: the
 * guide cannot show a method that does not exist. The names the example takes from the app around
 * it (a status bar, an employee id, …) are the parameters of the method it is compiled in.
 */
class ClientGuideExampleTest {
    private static final Path GUIDE = Path.of("../docs/client.md");
    private static final String MARK = "<!-- ClientGuideExampleTest compiles this block against the SDK. -->";

    @TempDir
    Path out;

    @Test
    void theGuidesExampleCompiles() throws IOException {
        String source = """
                import com.repairsync.client.*;
                import com.repairsync.client.records.*;
                import java.nio.file.Path;
                import java.util.List;
                import java.util.Map;

                class GuideExample {
                    interface StatusBar {
                        void show(String... parts);
                    }

                    static void showToUser(String entity, String message) {}

                    void run(StatusBar statusBar, String techId, String newPinTypedTwice, String screenItemId) {
                %s
                    }
                }
                """.formatted(example());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        boolean compiled = javac.getTask(
                        null,
                        null,
                        problems,
                        List.of("-d", out.toString(), "-classpath", classPath(), "-proc:none"),
                        null,
                        List.of(new Source(source)))
                .call();
        assertThat(problems.getDiagnostics().stream()
                        .filter(problem -> problem.getKind() == Diagnostic.Kind.ERROR)
                        .map(problem -> "line " + problem.getLineNumber() + ": " + problem.getMessage(null)))
                .as("docs/client.md's example, compiled")
                .isEmpty();
        assertThat(compiled).isTrue();
    }

    /** The java block after the mark. */
    private static String example() throws IOException {
        String guide = Files.readString(GUIDE);
        int mark = guide.indexOf(MARK);
        assertThat(mark).as("docs/client.md marks its example").isNotNegative();
        int start = guide.indexOf("```java\n", mark) + "```java\n".length();
        int end = guide.indexOf("```", start);
        return guide.substring(start, end);
    }

    /** Surefire runs tests through a manifest-only jar; its own property names the real class path. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///GuideExample.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
